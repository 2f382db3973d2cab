import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.17: The API server keeps audit logs for 30 days. */
export const apiserverAuditLogMaxage = settingRule(
  {
    id: 'apiserver-audit-log-maxage',
    title: 'The API server keeps audit logs for 30 days',
    description:
      'Reports an API server whose `--audit-log-maxage` is below 30 (0, the default, keeps logs forever only if no other limit rotates them away).',
    rationale: 'Investigations need the days before an incident was noticed; logs deleted earlier are lost evidence.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--audit-log-maxage=30` or more.",
    severity: 'low',
    frameworks: { cis: ['1.2.17'] },
  },
  'KubeAPIServer',
  [{ key: 'audit-log-maxage', atLeast: 30 }],
);
