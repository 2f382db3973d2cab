import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.8: The API server authorizes with RBAC. */
export const apiserverAuthorizationRbac = settingRule(
  {
    id: 'apiserver-authorization-rbac',
    title: 'The API server authorizes with RBAC',
    description: 'Reports an API server whose authorization modes lack RBAC.',
    rationale:
      'RBAC is the authorizer every Role and RoleBinding relies on; without it they grant nothing and access is decided elsewhere, usually too broadly.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--authorization-mode=Node,RBAC`.",
    severity: 'high',
    frameworks: { cis: ['1.2.8'] },
  },
  'KubeAPIServer',
  [{ key: 'authorization-mode', includes: 'RBAC' }],
);
