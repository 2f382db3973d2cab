import { fileRule } from '../node-config-rule.js';

/** CIS 4.1.1: The kubelet service file is writable by root only. */
export const kubeletServiceFilePermissions = fileRule(
  {
    id: 'kubelet-service-file-permissions',
    title: 'The kubelet service file is writable by root only',
    description:
      "Reports the kubelet's systemd unit when its mode allows more than 600 (access by group or others, or more than the owner needs).",
    rationale: "The unit decides the kubelet's flags; whoever writes it reconfigures the kubelet, which runs as root.",
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['4.1.1'] },
  },
  'Kubelet',
  { role: 'serviceFile', mode: 0o600 },
);
