import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.21: PKI private key files are readable by root only. */
export const pkiKeyPermissions = fileRule(
  {
    id: 'pki-key-permissions',
    title: 'PKI private key files are readable by root only',
    description:
      'Reports the PKI directory (.key files) when its mode allows more than 600 (access by group or others, or more than the owner needs).',
    rationale:
      'The PKI holds the cluster CA key and component keys; with the CA key anyone can mint cluster-admin certificates.',
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'critical',
    frameworks: { cis: ['1.1.21'] },
  },
  'KubeAPIServer',
  { role: 'pki', suffix: '.key', mode: 0o600 },
);
