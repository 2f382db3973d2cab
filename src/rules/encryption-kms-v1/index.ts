import { defineRule, type Report } from '../../core/rule.js';
import { encryptionEntries } from '../encryption-support.js';

/** KMS v1 is deprecated and off by default since 1.29. */
export const encryptionKmsV1 = defineRule<'kmsV1'>({
  meta: {
    id: 'encryption-kms-v1',
    title: 'Encryption at rest does not use KMS v1',
    description:
      'Reports each `kms` provider of an EncryptionConfiguration without `apiVersion: v2`. KMS v1 is deprecated since Kubernetes 1.28 and disabled by default since 1.29 (the KMSv1 feature gate).',
    rationale:
      'KMS v1 calls the plugin for every object it encrypts or decrypts, with no key rotation detection; an API server upgraded past the gate cannot read what it wrote.',
    remediation:
      'Migrate to KMS v2: add a `kms` provider with `apiVersion: v2` first, keep the v1 provider after it to read old data, rewrite the objects, then remove v1.',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: {},
    kinds: ['EncryptionConfiguration'],
    messages: { kmsV1: 'the kms provider {{name}} for {{resources}} uses the deprecated KMS v1 API' },
    references: ['https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/'],
  },
  check({ object }) {
    const reports: Report<'kmsV1'>[] = [];
    for (const entry of encryptionEntries(object)) {
      for (const provider of entry.providers) {
        if (provider.type !== 'kms' || provider.config.apiVersion === 'v2') continue;
        reports.push({
          path: ['resources', entry.index, 'providers', provider.index, 'kms'],
          messageId: 'kmsV1',
          data: {
            name: typeof provider.config.name === 'string' ? provider.config.name : '(unnamed)',
            resources: entry.resources.join(', '),
          },
        });
      }
    }
    return reports;
  },
});
