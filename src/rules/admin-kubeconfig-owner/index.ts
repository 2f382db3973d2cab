import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.14: Administrator kubeconfigs are owned by root. */
export const adminKubeconfigOwner = fileRule(
  {
    id: 'admin-kubeconfig-owner',
    title: 'Administrator kubeconfigs are owned by root',
    description: 'Reports admin.conf and super-admin.conf when it is not owned by root:root.',
    rationale:
      'These kubeconfigs hold cluster-admin (super-admin: system:masters) credentials; reading one is owning the cluster.',
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'high',
    frameworks: { cis: ['1.1.14'] },
  },
  'KubeAPIServer',
  { role: 'adminKubeconfigs', owner: 'root:root' },
);
