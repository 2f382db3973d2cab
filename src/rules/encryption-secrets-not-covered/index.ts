import { defineRule } from '../../core/rule.js';
import { encryptionEntries, secretsEntry } from '../encryption-support.js';

/** Secrets are named by some entry of the EncryptionConfiguration. */
export const encryptionSecretsNotCovered = defineRule<'notCovered'>({
  meta: {
    id: 'encryption-secrets-not-covered',
    title: 'Encryption at rest covers Secrets',
    description:
      'Reports an EncryptionConfiguration none of whose entries names `secrets` (or the wildcards `*.` or `*.*`): Secrets are then stored unencrypted whatever the other entries say.',
    rationale:
      'Secrets are what encryption at rest exists for; a configuration that encrypts other resources only leaves them readable in etcd and its backups.',
    remediation:
      'Add `secrets` to the `resources` of an entry whose first provider encrypts, restart the API server, then `kubectl get secrets -A -o json | kubectl replace -f -`.',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { cis: ['1.2.28'] },
    kinds: ['EncryptionConfiguration'],
    messages: { notCovered: 'no entry names secrets: Secrets are stored unencrypted' },
    references: ['https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/'],
  },
  check({ object }) {
    return secretsEntry(encryptionEntries(object)) ? [] : [{ path: ['resources'], messageId: 'notCovered' }];
  },
});
