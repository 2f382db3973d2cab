import { fileRule } from '../node-config-rule.js';

/** CIS 4.1.9: The kubelet config file is writable by root only. */
export const kubeletConfigPermissions = fileRule(
  {
    id: 'kubelet-config-permissions',
    title: 'The kubelet config file is writable by root only',
    description:
      "Reports the kubelet's config file when its mode allows more than 600 (access by group or others, or more than the owner needs).",
    rationale: "The config file decides the kubelet's authentication and authorization.",
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['4.1.9'] },
  },
  'Kubelet',
  { role: 'config', mode: 0o600 },
);
