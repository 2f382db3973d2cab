import { fileRule } from '../node-config-rule.js';

/** CIS 4.1.10: The kubelet config file is owned by root. */
export const kubeletConfigOwner = fileRule(
  {
    id: 'kubelet-config-owner',
    title: 'The kubelet config file is owned by root',
    description: "Reports the kubelet's config file when it is not owned by root:root.",
    rationale: "The config file decides the kubelet's authentication and authorization.",
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['4.1.10'] },
  },
  'Kubelet',
  { role: 'config', owner: 'root:root' },
);
