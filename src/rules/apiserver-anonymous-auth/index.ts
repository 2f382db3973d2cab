import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.1: The API server refuses anonymous requests. */
export const apiserverAnonymousAuth = settingRule(
  {
    id: 'apiserver-anonymous-auth',
    title: 'The API server refuses anonymous requests',
    description: 'Reports an API server whose effective `--anonymous-auth` is true, as it is by default.',
    rationale:
      'Anonymous requests reach every endpoint that RBAC grants to system:anonymous or system:unauthenticated; one careless binding then opens the API to anyone who can reach it.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--anonymous-auth=false` (health probes then need credentials, or an AuthenticationConfiguration that allows anonymous access to /healthz, /readyz and /livez only).",
    severity: 'high',
    frameworks: { cis: ['1.2.1'] },
  },
  'KubeAPIServer',
  [{ key: 'anonymous-auth', equals: 'false' }],
);
