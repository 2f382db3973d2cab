import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.16: The API server writes an audit log. */
export const apiserverAuditLogPath = settingRule(
  {
    id: 'apiserver-audit-log-path',
    title: 'The API server writes an audit log',
    description: 'Reports an API server without `--audit-log-path` (a log backend).',
    rationale: 'Without an audit log nothing records who did what; an intrusion leaves no trace in the API server.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--audit-log-path` (and `--audit-policy-file`), or `--audit-webhook-config-file`.",
    severity: 'high',
    frameworks: { cis: ['1.2.16'] },
  },
  'KubeAPIServer',
  [{ key: 'audit-log-path', required: true }],
);
