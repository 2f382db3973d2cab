import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.12: The API server keeps the ServiceAccount admission plugin. */
export const apiserverServiceAccountAdmission = settingRule(
  {
    id: 'apiserver-service-account-admission',
    title: 'The API server keeps the ServiceAccount admission plugin',
    description: 'Reports an API server that disables the ServiceAccount admission plugin (it is on by default).',
    rationale: 'Without it pods are not bound to existing service accounts and token mounting is not controlled.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Remove ServiceAccount from `--disable-admission-plugins`.",
    severity: 'medium',
    frameworks: { cis: ['1.2.12'] },
  },
  'KubeAPIServer',
  [{ key: 'disable-admission-plugins', excludes: 'ServiceAccount' }],
);
