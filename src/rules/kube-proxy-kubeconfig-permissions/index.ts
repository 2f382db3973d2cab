import { fileRule } from '../node-config-rule.js';

/** CIS 4.1.3: The kube-proxy kubeconfig is readable by root only. */
export const kubeProxyKubeconfigPermissions = fileRule(
  {
    id: 'kube-proxy-kubeconfig-permissions',
    title: 'The kube-proxy kubeconfig is readable by root only',
    description:
      'Reports the component kubeconfig when its mode allows more than 600 (access by group or others, or more than the owner needs).',
    rationale: "The kubeconfig holds the component's credentials, which are broad.",
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'medium',
    frameworks: { cis: ['4.1.3'] },
  },
  'KubeProxy',
  { role: 'kubeconfig', mode: 0o600 },
);
