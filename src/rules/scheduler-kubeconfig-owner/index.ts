import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.16: The scheduler kubeconfig is owned by root. */
export const schedulerKubeconfigOwner = fileRule(
  {
    id: 'scheduler-kubeconfig-owner',
    title: 'The scheduler kubeconfig is owned by root',
    description: 'Reports the component kubeconfig when it is not owned by root:root.',
    rationale: "The kubeconfig holds the component's credentials, which are broad.",
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['1.1.16'] },
  },
  'KubeScheduler',
  { role: 'kubeconfig', owner: 'root:root' },
);
