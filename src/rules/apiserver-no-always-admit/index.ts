import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.10: The API server does not enable AlwaysAdmit. */
export const apiserverNoAlwaysAdmit = settingRule(
  {
    id: 'apiserver-no-always-admit',
    title: 'The API server does not enable AlwaysAdmit',
    description: 'Reports an API server whose enabled admission plugins include AlwaysAdmit.',
    rationale:
      'AlwaysAdmit is deprecated and admits everything; enabling it signals that admission control is not doing its job.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Remove AlwaysAdmit from `--enable-admission-plugins`.",
    severity: 'high',
    frameworks: { cis: ['1.2.10'] },
  },
  'KubeAPIServer',
  [{ key: 'enable-admission-plugins', excludes: 'AlwaysAdmit' }],
);
