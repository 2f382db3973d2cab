import { fileRule } from '../node-config-rule.js';

/** CIS 4.1.7: The kubelet client CA file is writable by root only. */
export const kubeletClientCaPermissions = fileRule(
  {
    id: 'kubelet-client-ca-permissions',
    title: 'The kubelet client CA file is writable by root only',
    description:
      "Reports the kubelet's client CA file when its mode allows more than 600 (access by group or others, or more than the owner needs).",
    rationale: 'Whoever replaces the CA file decides who may call the kubelet API.',
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['4.1.7'] },
  },
  'Kubelet',
  { role: 'clientCaFile', mode: 0o600 },
);
