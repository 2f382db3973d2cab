import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.24: The API server serves a configured TLS certificate. */
export const apiserverTlsCertificate = settingRule(
  {
    id: 'apiserver-tls-certificate',
    title: 'The API server serves a configured TLS certificate',
    description:
      'Reports an API server without `--tls-cert-file` and `--tls-private-key-file` (it then serves a self-signed certificate it generates).',
    rationale:
      'Clients cannot verify a self-generated certificate, so they learn to skip verification and become open to interception.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--tls-cert-file` and `--tls-private-key-file`.",
    severity: 'high',
    frameworks: { cis: ['1.2.24'] },
  },
  'KubeAPIServer',
  [
    { key: 'tls-cert-file', required: true },
    { key: 'tls-private-key-file', required: true },
  ],
);
