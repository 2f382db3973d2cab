import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.19: The Kubernetes PKI directory and files are owned by root. */
export const pkiOwner = fileRule(
  {
    id: 'pki-owner',
    title: 'The Kubernetes PKI directory and files are owned by root',
    description: 'Reports the PKI directory when it is not owned by root:root.',
    rationale:
      'The PKI holds the cluster CA key and component keys; with the CA key anyone can mint cluster-admin certificates.',
    remediation: '`chown root:root <file>` on the node (the finding names the file).',
    severity: 'high',
    frameworks: { cis: ['1.1.19'] },
  },
  'KubeAPIServer',
  { role: 'pki', owner: 'root:root' },
);
