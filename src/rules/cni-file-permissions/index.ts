import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.9: CNI configuration files are readable by root only. */
export const cniFilePermissions = fileRule(
  {
    id: 'cni-file-permissions',
    title: 'CNI configuration files are readable by root only',
    description:
      'Reports the CNI configuration files when its mode allows more than 600 (access by group or others, or more than the owner needs).',
    rationale:
      'CNI configuration decides how every pod is networked; whoever edits it can intercept or bypass pod traffic.',
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['1.1.9'] },
  },
  'Kubelet',
  { role: 'cni', mode: 0o600 },
);
