import { defineRule, type Report } from '../../core/rule.js';
import { encryptionEntries } from '../encryption-support.js';

type MessageId = 'localKey' | 'aesgcm' | 'oldKeys' | 'badKey';

/** Key sizes (bytes) each local provider accepts. */
const KEY_SIZES: Record<string, readonly number[]> = { aescbc: [16, 24, 32], aesgcm: [16, 24, 32], secretbox: [32] };

/** Local-key providers: where the key lives, aesgcm's rotation duty, keys left after a rotation, wrong key sizes. */
export const encryptionLocalKeys = defineRule<MessageId>({
  meta: {
    id: 'encryption-local-keys',
    title: 'Encryption keys are held outside the node and rotated cleanly',
    description:
      'Reports the writing provider of an entry when it is aescbc, aesgcm or secretbox (the key sits in the configuration file on every control-plane node), aesgcm in particular (it must be rotated every 200,000 writes), keys kept after the first (a rotation not finished), and keys that do not decode to a size the provider accepts (the API server will not start). Keys are never printed.',
    rationale:
      'A key stored beside the data it protects protects it only from someone who reads etcd but not the node; KMS v2 keeps the key in an external service. Old keys left in place keep data encrypted with them readable by whoever gets the file.',
    remediation:
      'Prefer a `kms` provider with `apiVersion: v2`. To rotate a local key: add the new key first, restart every API server, rewrite the objects (`kubectl get secrets -A -o json | kubectl replace -f -`), then remove the old key.',
    stage: 'runtime',
    severity: 'low',
    owner: 'platform',
    frameworks: {},
    kinds: ['EncryptionConfiguration'],
    messages: {
      localKey:
        '{{provider}} encrypts {{resources}} with a key stored in this file on the node; KMS v2 keeps it off the node',
      aesgcm: 'aesgcm encrypts {{resources}}: its key must be rotated before 200,000 writes, or nonces repeat',
      oldKeys:
        '{{provider}} for {{resources}} still lists {{count}} key(s) after {{first}}: finish the rotation and remove them',
      badKey:
        'key {{name}} of {{provider}} does not decode to a valid key size ({{sizes}} bytes): the API server will not start',
    },
    references: ['https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/#rotating-a-decryption-key'],
  },
  check({ object }) {
    const reports: Report<MessageId>[] = [];
    for (const entry of encryptionEntries(object)) {
      const resources = entry.resources.join(', ');
      entry.providers.forEach((provider, order) => {
        const sizes = KEY_SIZES[provider.type];
        if (!sizes) return;
        const at = ['resources', entry.index, 'providers', provider.index, provider.type];
        const keys = Array.isArray(provider.config.keys) ? provider.config.keys.slice(0, 100) : [];
        keys.forEach((key, k) => {
          const record = key && typeof key === 'object' ? (key as Record<string, unknown>) : {};
          const secret = typeof record.secret === 'string' ? record.secret : '';
          const length = /^[A-Za-z0-9+/]*={0,2}$/.test(secret) ? Buffer.from(secret, 'base64').length : -1;
          if (!sizes.includes(length))
            reports.push({
              path: [...at, 'keys', k, 'secret'],
              messageId: 'badKey',
              severity: 'high',
              data: {
                name: typeof record.name === 'string' ? record.name : String(k),
                provider: provider.type,
                sizes: sizes.join(', '),
              },
            });
        });
        if (order !== 0) return;
        reports.push(
          provider.type === 'aesgcm'
            ? { path: at, messageId: 'aesgcm', severity: 'medium', data: { resources } }
            : { path: at, messageId: 'localKey', data: { provider: provider.type, resources } },
        );
        const first = keys[0] && typeof keys[0] === 'object' ? (keys[0] as Record<string, unknown>).name : undefined;
        if (keys.length > 1)
          reports.push({
            path: [...at, 'keys', 1],
            messageId: 'oldKeys',
            data: {
              provider: provider.type,
              resources,
              count: keys.length - 1,
              first: typeof first === 'string' ? first : 'the first',
            },
          });
      });
    }
    return reports;
  },
});
