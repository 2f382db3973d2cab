import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.7: The API server authorizes kubelets with the Node authorizer. */
export const apiserverAuthorizationNode = settingRule(
  {
    id: 'apiserver-authorization-node',
    title: 'The API server authorizes kubelets with the Node authorizer',
    description: 'Reports an API server whose authorization modes lack Node.',
    rationale:
      "Without the Node authorizer a kubelet's credentials read every Secret and pod of the cluster, not only those of its own pods.",
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--authorization-mode=Node,RBAC`.",
    severity: 'high',
    frameworks: { cis: ['1.2.7'] },
  },
  'KubeAPIServer',
  [{ key: 'authorization-mode', includes: 'Node' }],
);
