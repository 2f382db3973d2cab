import { settingRule } from '../node-config-rule.js';

/** CIS 3.2.1: The API server has an audit policy. */
export const apiserverAuditPolicyFile = settingRule(
  {
    id: 'apiserver-audit-policy-file',
    title: 'The API server has an audit policy',
    description: 'Reports an API server without `--audit-policy-file`: without a policy nothing is audited.',
    rationale: 'An audit log backend without a policy records no events.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Write an audit Policy (Metadata for Secrets, ConfigMaps and TokenReviews; RequestResponse for pod changes and exec) and set `--audit-policy-file` to it.",
    severity: 'high',
    frameworks: { cis: ['3.2.1'] },
  },
  'KubeAPIServer',
  [{ key: 'audit-policy-file', required: true }],
);
