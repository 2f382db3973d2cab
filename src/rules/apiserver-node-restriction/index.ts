import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.14: The API server restricts what kubelets may change. */
export const apiserverNodeRestriction = settingRule(
  {
    id: 'apiserver-node-restriction',
    title: 'The API server restricts what kubelets may change',
    description: 'Reports an API server whose enabled admission plugins lack NodeRestriction (it is off by default).',
    rationale:
      "Without NodeRestriction a kubelet may label any node and edit other nodes' objects, which lets one compromised node attract sensitive workloads.",
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Add NodeRestriction to `--enable-admission-plugins`.",
    severity: 'high',
    frameworks: { cis: ['1.2.14'] },
  },
  'KubeAPIServer',
  [{ key: 'enable-admission-plugins', includes: 'NodeRestriction' }],
);
