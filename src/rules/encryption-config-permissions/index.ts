import { fileRule } from '../node-config-rule.js';

/** The EncryptionConfiguration holds the encryption keys (aescbc, secretbox) or the KMS plugin's address. */
export const encryptionConfigPermissions = fileRule(
  {
    id: 'encryption-config-permissions',
    title: 'The encryption configuration is readable by root only',
    description:
      "Reports the file of the API server's `--encryption-provider-config` when its mode allows more than 600.",
    rationale:
      'With aescbc, aesgcm or secretbox the file holds the keys of every encrypted Secret: whoever reads it decrypts etcd and its backups.',
    remediation: '`chmod 600 <file>` and `chown root:root <file>` on every control-plane node.',
    severity: 'high',
    frameworks: {},
  },
  'KubeAPIServer',
  { role: 'encryptionConfig', mode: 0o600 },
);
