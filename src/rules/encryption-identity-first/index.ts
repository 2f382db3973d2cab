import { defineRule, type Report } from '../../core/rule.js';
import { encryptionEntries } from '../encryption-support.js';

/** CIS 1.2.28: the first provider of every entry encrypts. */
export const encryptionIdentityFirst = defineRule<'identityFirst' | 'noProvider'>({
  meta: {
    id: 'encryption-identity-first',
    title: 'Encryption at rest writes with an encrypting provider',
    description:
      'Reports each `resources` entry of an EncryptionConfiguration whose first provider is `identity` (or that has no provider): the API server writes with the first provider, so those resources are stored unencrypted even though the file exists.',
    rationale:
      'A configuration with identity first reads as encryption being on, while every Secret written is stored in plaintext in etcd, its snapshots and its backups.',
    remediation:
      'Put the encrypting provider (kms with apiVersion v2, or aescbc/secretbox) first and keep `identity: {}` last (only to read objects written before), restart the API server, then rewrite the objects: `kubectl get secrets -A -o json | kubectl replace -f -`.',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { cis: ['1.2.28'], nsa: ['Protect Secrets: encryption at rest'] },
    kinds: ['EncryptionConfiguration'],
    messages: {
      identityFirst: 'identity is the first provider for {{resources}}: they are written to etcd unencrypted',
      noProvider: 'the entry for {{resources}} has no provider',
    },
    references: ['https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/'],
  },
  check({ object }) {
    const reports: Report<'identityFirst' | 'noProvider'>[] = [];
    for (const entry of encryptionEntries(object)) {
      const resources = entry.resources.join(', ') || 'no resources';
      const first = entry.providers[0];
      if (!first) reports.push({ path: ['resources', entry.index], messageId: 'noProvider', data: { resources } });
      else if (first.type === 'identity')
        reports.push({
          path: ['resources', entry.index, 'providers', first.index],
          messageId: 'identityFirst',
          data: { resources },
        });
    }
    return reports;
  },
});
