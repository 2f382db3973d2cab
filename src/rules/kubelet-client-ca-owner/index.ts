import { fileRule } from '../node-config-rule.js';

/** CIS 4.1.8: The kubelet client CA file is owned by root. */
export const kubeletClientCaOwner = fileRule(
  {
    id: 'kubelet-client-ca-owner',
    title: 'The kubelet client CA file is owned by root',
    description: "Reports the kubelet's client CA file when it is not owned by root:root.",
    rationale: 'Whoever replaces the CA file decides who may call the kubelet API.',
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['4.1.8'] },
  },
  'Kubelet',
  { role: 'clientCaFile', owner: 'root:root' },
);
