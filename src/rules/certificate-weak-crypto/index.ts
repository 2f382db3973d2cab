import { isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'weakKey' | 'weakSignature';

/** Key strength and signature hash of cluster certificates and service-account signing keys. */
export const certificateWeakCrypto = defineRule<MessageId>({
  meta: {
    id: 'certificate-weak-crypto',
    title: 'Cluster certificates and signing keys use strong cryptography',
    description:
      'Reports certificates and service-account signing keys with an RSA key under 2048 bits, an elliptic curve under 256 bits or DSA, and certificates signed with SHA-1 or MD5 (self-signed roots excepted: their signature is not checked).',
    rationale:
      'Weak keys can be factored and weak hashes collided: an attacker who forges a CA-signed certificate or a service-account token becomes whoever the certificate or token names.',
    remediation:
      'Reissue with RSA 2048+ or ECDSA P-256+ and SHA-256 (kubeadm: `encryptionAlgorithm` in ClusterConfiguration, then `kubeadm certs renew`); rotate a weak service-account key by adding the new public key to `--service-account-key-file` before switching `--service-account-signing-key-file`.',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: {},
    kinds: ['Certificate', 'SigningKey'],
    messages: {
      weakKey: '{{where}} has a weak key: {{key}}',
      weakSignature: '{{where}} is signed with {{algorithm}}',
    },
    references: ['https://kubernetes.io/docs/setup/best-practices/certificates/'],
  },
  check({ object }) {
    const spec = isRecord(object.spec) ? object.spec : {};
    const where = String(spec.where ?? spec.file ?? object.metadata?.name ?? '');
    const reports: Report<MessageId>[] = [];
    if (typeof spec.weakKey === 'string')
      reports.push({ path: ['spec', 'key'], messageId: 'weakKey', data: { where, key: spec.weakKey } });
    if (typeof spec.weakSignature === 'string')
      reports.push({
        path: ['spec', 'weakSignature'],
        messageId: 'weakSignature',
        data: { where, algorithm: spec.weakSignature },
      });
    return reports;
  },
});
