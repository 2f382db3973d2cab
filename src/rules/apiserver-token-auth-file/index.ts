import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.2: The API server reads no static token file. */
export const apiserverTokenAuthFile = settingRule(
  {
    id: 'apiserver-token-auth-file',
    title: 'The API server reads no static token file',
    description: 'Reports an API server started with `--token-auth-file`.',
    rationale:
      'Static tokens live in a plain file, never expire and change only when the API server restarts: a leaked token stays valid indefinitely.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Remove `--token-auth-file` and authenticate users with OIDC, client certificates or another revocable method.",
    severity: 'high',
    frameworks: { cis: ['1.2.2'] },
  },
  'KubeAPIServer',
  [{ key: 'token-auth-file', absent: true }],
);
