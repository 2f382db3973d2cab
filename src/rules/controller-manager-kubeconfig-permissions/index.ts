import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.17: The controller manager kubeconfig is readable by root only. */
export const controllerManagerKubeconfigPermissions = fileRule(
  {
    id: 'controller-manager-kubeconfig-permissions',
    title: 'The controller manager kubeconfig is readable by root only',
    description:
      'Reports the component kubeconfig when its mode allows more than 600 (access by group or others, or more than the owner needs).',
    rationale: "The kubeconfig holds the component's credentials, which are broad.",
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'high',
    frameworks: { cis: ['1.1.17'] },
  },
  'KubeControllerManager',
  { role: 'kubeconfig', mode: 0o600 },
);
