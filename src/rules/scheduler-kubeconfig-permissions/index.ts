import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.15: The scheduler kubeconfig is readable by root only. */
export const schedulerKubeconfigPermissions = fileRule(
  {
    id: 'scheduler-kubeconfig-permissions',
    title: 'The scheduler kubeconfig is readable by root only',
    description:
      'Reports the component kubeconfig when its mode allows more than 600 (access by group or others, or more than the owner needs).',
    rationale: "The kubeconfig holds the component's credentials, which are broad.",
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['1.1.15'] },
  },
  'KubeScheduler',
  { role: 'kubeconfig', mode: 0o600 },
);
