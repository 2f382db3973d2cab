import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.13: Administrator kubeconfigs are readable by root only. */
export const adminKubeconfigPermissions = fileRule(
  {
    id: 'admin-kubeconfig-permissions',
    title: 'Administrator kubeconfigs are readable by root only',
    description:
      'Reports admin.conf and super-admin.conf when its mode allows more than 600 (access by group or others, or more than the owner needs).',
    rationale:
      'These kubeconfigs hold cluster-admin (super-admin: system:masters) credentials; reading one is owning the cluster.',
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'high',
    frameworks: { cis: ['1.1.13'] },
  },
  'KubeAPIServer',
  { role: 'adminKubeconfigs', mode: 0o600 },
);
