import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.10: CNI configuration files are owned by root. */
export const cniFileOwner = fileRule(
  {
    id: 'cni-file-owner',
    title: 'CNI configuration files are owned by root',
    description: 'Reports the CNI configuration files when it is not owned by root:root.',
    rationale:
      'CNI configuration decides how every pod is networked; whoever edits it can intercept or bypass pod traffic.',
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['1.1.10'] },
  },
  'Kubelet',
  { role: 'cni', owner: 'root:root' },
);
