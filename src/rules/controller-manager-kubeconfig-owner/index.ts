import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.18: The controller manager kubeconfig is owned by root. */
export const controllerManagerKubeconfigOwner = fileRule(
  {
    id: 'controller-manager-kubeconfig-owner',
    title: 'The controller manager kubeconfig is owned by root',
    description: 'Reports the component kubeconfig when it is not owned by root:root.',
    rationale: "The kubeconfig holds the component's credentials, which are broad.",
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'high',
    frameworks: { cis: ['1.1.18'] },
  },
  'KubeControllerManager',
  { role: 'kubeconfig', owner: 'root:root' },
);
