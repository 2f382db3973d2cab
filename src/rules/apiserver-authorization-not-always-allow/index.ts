import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.6: The API server does not authorize every request. */
export const apiserverAuthorizationNotAlwaysAllow = settingRule(
  {
    id: 'apiserver-authorization-not-always-allow',
    title: 'The API server does not authorize every request',
    description:
      'Reports an API server whose authorization modes include AlwaysAllow, the default when neither `--authorization-mode` nor `--authorization-config` is set.',
    rationale:
      'AlwaysAllow gives every authenticated (and, with anonymous auth, unauthenticated) user full control of the cluster.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--authorization-mode=Node,RBAC`.",
    severity: 'critical',
    frameworks: { cis: ['1.2.6'] },
  },
  'KubeAPIServer',
  [{ key: 'authorization-mode', excludes: 'AlwaysAllow' }],
);
