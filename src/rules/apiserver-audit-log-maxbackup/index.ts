import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.18: The API server keeps 10 rotated audit logs. */
export const apiserverAuditLogMaxbackup = settingRule(
  {
    id: 'apiserver-audit-log-maxbackup',
    title: 'The API server keeps 10 rotated audit logs',
    description: 'Reports an API server whose `--audit-log-maxbackup` is below 10.',
    rationale: 'Too few rotated files lose the history an investigation needs.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--audit-log-maxbackup=10` or more.",
    severity: 'low',
    frameworks: { cis: ['1.2.18'] },
  },
  'KubeAPIServer',
  [{ key: 'audit-log-maxbackup', atLeast: 10 }],
);
