import { fileRule } from '../node-config-rule.js';

/** CIS 4.1.6: The kubelet kubeconfig is owned by root. */
export const kubeletKubeconfigOwner = fileRule(
  {
    id: 'kubelet-kubeconfig-owner',
    title: 'The kubelet kubeconfig is owned by root',
    description: 'Reports the component kubeconfig when it is not owned by root:root.',
    rationale: "The kubeconfig holds the component's credentials, which are broad.",
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'high',
    frameworks: { cis: ['4.1.6'] },
  },
  'Kubelet',
  { role: 'kubeconfig', owner: 'root:root' },
);
