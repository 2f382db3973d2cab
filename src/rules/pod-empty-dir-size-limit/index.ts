import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { hasResource } from '../workload-resources.js';
import { containerLabel, containersIn, fieldsOf, NO_FINDINGS, namespaceOf, podOrSkip } from '../workload-support.js';

type MessageId = 'disk' | 'memory';

/**
 * What already bounds an emptyDir without sizeLimit, as the kubelet enforces it:
 * - on disk, the pod's ephemeral-storage limit, which exists once any container has one and
 *   counts emptyDir usage (the kubelet evicts the pod beyond it);
 * - in memory, the pod's memory limit, which exists once every container has one and is
 *   charged for tmpfs pages (and caps the tmpfs size).
 */
export const podEmptyDirSizeLimit = defineRule<MessageId>({
  meta: {
    id: 'pod-empty-dir-size-limit',
    title: 'emptyDir volumes are bounded',
    description:
      'Flags emptyDir volumes without `sizeLimit` whose growth nothing else bounds: on disk, when no container has an ephemeral-storage limit; in memory (`medium: Memory`), when not every container has a memory limit. Limits set by a LimitRange of the namespace in the scanned input, and pod-level memory limits, count.',
    rationale:
      "An emptyDir lives on the node's disk (or, with medium Memory, in its RAM) and is shared by every pod there. Without a bound, one pod that spools uploads, caches aggressively or is made to write in a loop fills the kubelet's filesystem or memory; the node then evicts unrelated pods and stops accepting new ones. A sizeLimit, or limits the kubelet enforces for the whole pod, keeps the damage to the pod that misbehaves.",
    remediation:
      "Give each emptyDir the size it needs:\n\n```yaml\nvolumes:\n- name: cache\n  emptyDir:\n    sizeLimit: 512Mi\n- name: scratch\n  emptyDir:\n    medium: Memory\n    sizeLimit: 64Mi\n```\n\nor set `resources.limits.ephemeral-storage` (disk) / `resources.limits.memory` (memory) on the pod's containers. No value is right for every application, so `rampart fix` does not guess one.",
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: { nsa: ['Network separation and hardening: resource policies'], mitre: ['T1499'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      disk: 'emptyDir volume "{{volume}}" has no sizeLimit and no container has an ephemeral-storage limit, so it can fill the node\'s disk',
      memory:
        'memory-backed emptyDir volume "{{volume}}" has no sizeLimit and {{container}} has no memory limit, so it can take the node\'s memory',
    },
    references: [
      'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir',
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage',
    ],
  },
  check({ object, inventory }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const volumes = pod.spec.volumes;
    if (!Array.isArray(volumes)) return NO_FINDINGS;
    const namespace = namespaceOf(object);
    const containers = containersIn(pod, 'scheduled');
    let reports: Report<MessageId>[] | undefined;
    for (let i = 0; i < volumes.length; i++) {
      const volume = fieldsOf(volumes[i]);
      const emptyDir = fieldsOf(volume?.emptyDir);
      if (!emptyDir || (emptyDir.sizeLimit !== undefined && emptyDir.sizeLimit !== null)) continue;
      const name = typeof volume?.name === 'string' ? volume.name : `#${i}`;
      const path = [...pod.specPath, 'volumes', i, 'emptyDir', 'sizeLimit'];
      if (emptyDir.medium === 'Memory') {
        const unbounded = containers.find((ref) => !hasResource(pod, ref, 'limits', 'memory', inventory, namespace));
        if (!unbounded) continue;
        reports ??= [];
        reports.push({ path, messageId: 'memory', data: { volume: name, container: containerLabel(unbounded) } });
      } else {
        if (containers.some((ref) => hasResource(pod, ref, 'limits', 'ephemeral-storage', inventory, namespace)))
          continue;
        reports ??= [];
        reports.push({ path, messageId: 'disk', data: { volume: name } });
      }
    }
    return reports ?? NO_FINDINGS;
  },
});
