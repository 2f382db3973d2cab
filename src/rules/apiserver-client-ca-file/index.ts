import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.25: The API server verifies client certificates. */
export const apiserverClientCaFile = settingRule(
  {
    id: 'apiserver-client-ca-file',
    title: 'The API server verifies client certificates',
    description: 'Reports an API server without `--client-ca-file`.',
    rationale: 'Without it client certificates are not accepted, and components fall back to weaker credentials.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--client-ca-file` to the cluster CA.",
    severity: 'high',
    frameworks: { cis: ['1.2.25'] },
  },
  'KubeAPIServer',
  [{ key: 'client-ca-file', required: true }],
);
