import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.19: The API server rotates audit logs at 100 MB. */
export const apiserverAuditLogMaxsize = settingRule(
  {
    id: 'apiserver-audit-log-maxsize',
    title: 'The API server rotates audit logs at 100 MB',
    description: 'Reports an API server whose `--audit-log-maxsize` is below 100.',
    rationale: 'Small files rotate quickly and, with a limited number of backups, discard recent history.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--audit-log-maxsize=100` or more.",
    severity: 'low',
    frameworks: { cis: ['1.2.19'] },
  },
  'KubeAPIServer',
  [{ key: 'audit-log-maxsize', atLeast: 100 }],
);
