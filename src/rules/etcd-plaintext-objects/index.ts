import { isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

/** What `rampart node --verify-encryption` read from etcd: each object stored in plaintext is a finding. */
export const etcdPlaintextObjects = defineRule<'plaintext' | 'truncated'>({
  meta: {
    id: 'etcd-plaintext-objects',
    title: 'Secrets are encrypted in etcd, not only in the configuration',
    description:
      "Reads the stored bytes of every Secret (and every other core resource the EncryptionConfiguration names) from etcd and reports each one stored without the `k8s:enc:` envelope: written before encryption was turned on, while identity was first, or never covered. Only the envelope's prefix is looked at; no value is printed.",
    rationale:
      'Turning encryption on does not rewrite what is already stored: Secrets written before stay in plaintext in etcd, its snapshots and backups until each one is written again.',
    remediation:
      'Rewrite every object so the API server stores it with the current first provider: `kubectl get secrets -A -o json | kubectl replace -f -` (for another resource, replace `secrets`).',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: ['Protect Secrets: encryption at rest'] },
    kinds: ['EtcdStorage'],
    messages: {
      plaintext:
        '{{resource}} {{name}} is stored in etcd in plaintext; rewrite it: kubectl get {{resource}} -A -o json | kubectl replace -f -',
      truncated: 'only the first 200,000 {{resource}} were read from etcd',
    },
    references: ['https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/#ensure-all-secrets-are-encrypted'],
  },
  check({ object }) {
    const spec = isRecord(object.spec) ? object.spec : {};
    const objects = Array.isArray(spec.objects) ? spec.objects : [];
    const reports: Report<'plaintext' | 'truncated'>[] = [];
    objects.forEach((stored, i) => {
      if (!isRecord(stored) || stored.storedAs !== 'plaintext') return;
      const name =
        typeof stored.namespace === 'string' ? `${stored.namespace}/${String(stored.name)}` : String(stored.name);
      reports.push({
        path: ['spec', 'objects', i],
        messageId: 'plaintext',
        data: { resource: String(stored.resource), name },
      });
    });
    const truncated = Array.isArray(spec.truncated) ? spec.truncated : [];
    for (const [i, resource] of truncated.entries()) {
      reports.push({
        path: ['spec', 'truncated', i],
        messageId: 'truncated',
        verdict: 'warn',
        data: { resource: String(resource) },
      });
    }
    return reports;
  },
});
