import { fileRule } from '../node-config-rule.js';

/** CIS 4.1.4: The kube-proxy kubeconfig is owned by root. */
export const kubeProxyKubeconfigOwner = fileRule(
  {
    id: 'kube-proxy-kubeconfig-owner',
    title: 'The kube-proxy kubeconfig is owned by root',
    description: 'Reports the component kubeconfig when it is not owned by root:root.',
    rationale: "The kubeconfig holds the component's credentials, which are broad.",
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['4.1.4'] },
  },
  'KubeProxy',
  { role: 'kubeconfig', owner: 'root:root' },
);
