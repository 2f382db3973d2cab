import { fileRule } from '../node-config-rule.js';

/** CIS 4.1.2: The kubelet service file is owned by root. */
export const kubeletServiceFileOwner = fileRule(
  {
    id: 'kubelet-service-file-owner',
    title: 'The kubelet service file is owned by root',
    description: "Reports the kubelet's systemd unit when it is not owned by root:root.",
    rationale: "The unit decides the kubelet's flags; whoever writes it reconfigures the kubelet, which runs as root.",
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['4.1.2'] },
  },
  'Kubelet',
  { role: 'serviceFile', owner: 'root:root' },
);
