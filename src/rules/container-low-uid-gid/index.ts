import type { ContainerRef } from '../../core/pod-spec.js';
import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import {
  containerField,
  containerLabel,
  containersIn,
  type Fields,
  fieldsOf,
  isWindows,
  NO_FINDINGS,
  podOrSkip,
  WINDOWS_SKIP,
} from '../workload-support.js';

type Field = 'runAsUser' | 'runAsGroup';
type MessageId = 'lowUser' | 'lowPodUser' | 'unsetUser' | 'lowGroup' | 'lowPodGroup' | 'unsetGroup';

const IDS: Record<Field, { low: MessageId; lowPod: MessageId; unset: MessageId }> = {
  runAsUser: { low: 'lowUser', lowPod: 'lowPodUser', unset: 'unsetUser' },
  runAsGroup: { low: 'lowGroup', lowPod: 'lowPodGroup', unset: 'unsetGroup' },
};
const DEFAULT_MINIMUM = 10000;
const minimums = new WeakMap<object, number>();

function minimumOf(options: Fields): number {
  let minimum = minimums.get(options);
  if (minimum === undefined) {
    const given = options.minimumId;
    if (given !== undefined && (typeof given !== 'number' || !Number.isInteger(given) || given < 1)) {
      throw new Error('option minimumId of rule container-low-uid-gid must be a positive integer');
    }
    minimum = given ?? DEFAULT_MINIMUM;
    minimums.set(options, minimum);
  }
  return minimum;
}

/**
 * A container-level value is reported on the container; a low pod-level value once, on the pod,
 * naming the containers that inherit it; a value set nowhere once, at the pod-level field where
 * one setting fixes every container.
 */
export const containerLowUidGid = defineRule<MessageId>({
  meta: {
    id: 'container-low-uid-gid',
    title: 'Containers run with a UID and GID of 10000 or more',
    description:
      'Flags containers whose effective `runAsUser` or `runAsGroup` (the container value, else the pod securityContext) is below 10000, or is set nowhere so that the image decides. Pods in a user namespace (`hostUsers: false`) pass; Windows pods are not judged. Option `minimumId` (default 10000) sets the threshold.',
    rationale:
      'Low IDs are the ones that mean something on the node: 0 is root, and the range below 10000 holds the system and login accounts of most distributions. A process that breaks out of its container keeps its UID and GID, so with a low one it may own host files, read what those users can read, or signal their processes. Images that set no USER run as root, and a container given only a UID usually ends up in group 0. A high, otherwise unused UID and GID leave an escaped process with nothing on the host.',
    remediation:
      'Set both IDs on the pod, so every container inherits them, and build the image to work as that user:\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n    runAsGroup: 10001\n    fsGroup: 10001\n```\n\nIn the Dockerfile, `USER 10001:10001`. Where the node supports it, `hostUsers: false` maps the container IDs to an unprivileged host range instead. To use a different threshold, set `rules.container-low-uid-gid.options.minimumId` in rampart.yaml.',
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: non-root containers'], cis: ['5.7.3'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      lowUser: '{{container}} sets runAsUser {{id}}, below {{minimum}}',
      lowPodUser: 'the pod securityContext sets runAsUser {{id}}, below {{minimum}}, for {{containers}}',
      unsetUser:
        'runAsUser is set neither on the pod nor on {{containers}}, so the image decides the UID (root unless it sets USER)',
      lowGroup: '{{container}} sets runAsGroup {{id}}, below {{minimum}}',
      lowPodGroup: 'the pod securityContext sets runAsGroup {{id}}, below {{minimum}}, for {{containers}}',
      unsetGroup:
        "runAsGroup is set neither on the pod nor on {{containers}}, so the image decides the GID (often 0, root's group)",
    },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-the-security-context-for-a-pod',
      'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/',
    ],
  },
  check({ object, options }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (isWindows(pod)) return WINDOWS_SKIP;
    if (pod.spec.hostUsers === false) return NO_FINDINGS;
    const minimum = minimumOf(options);
    const podContext = fieldsOf(pod.spec.securityContext);
    const containers = containersIn(pod, 'all');
    let reports: Report<MessageId>[] | undefined;
    for (const field of ['runAsUser', 'runAsGroup'] as const) {
      const podValue = podContext?.[field];
      const inheriting: ContainerRef[] = [];
      for (const ref of containers) {
        const own = fieldsOf(ref.container.securityContext)?.[field];
        if (typeof own !== 'number') {
          inheriting.push(ref);
        } else if (own < minimum) {
          reports ??= [];
          reports.push({
            path: containerField(ref, 'securityContext', field),
            messageId: IDS[field].low,
            data: { container: containerLabel(ref), id: own, minimum },
          });
        }
      }
      if (inheriting.length === 0 || (typeof podValue === 'number' && podValue >= minimum)) continue;
      reports ??= [];
      const names = inheriting.map(containerLabel).join(', ');
      reports.push({
        path: [...pod.specPath, 'securityContext', field],
        messageId: typeof podValue === 'number' ? IDS[field].lowPod : IDS[field].unset,
        data: { containers: names, id: typeof podValue === 'number' ? podValue : '', minimum },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
