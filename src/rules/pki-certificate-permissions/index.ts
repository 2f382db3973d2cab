import { fileRule } from '../node-config-rule.js';

/** CIS 1.1.20: PKI certificate files are readable by root only. */
export const pkiCertificatePermissions = fileRule(
  {
    id: 'pki-certificate-permissions',
    title: 'PKI certificate files are readable by root only',
    description:
      'Reports the PKI directory (.crt files) when its mode allows more than 600 (access by group or others, or more than the owner needs).',
    rationale:
      'The PKI holds the cluster CA key and component keys; with the CA key anyone can mint cluster-admin certificates.',
    remediation: '`chmod 600 <file>` on the node (the finding names the file).',
    severity: 'low',
    frameworks: { cis: ['1.1.20'] },
  },
  'KubeAPIServer',
  { role: 'pki', suffix: '.crt', mode: 0o600 },
);
