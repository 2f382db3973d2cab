import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule } from '../../core/rule.js';
import { NO_FINDINGS, podOrSkip } from '../workload-support.js';

type MessageId = 'zero' | 'zeroStateful';

export const podTerminationGracePeriodZero = defineRule<MessageId>({
  meta: {
    id: 'pod-termination-grace-period-zero',
    title: 'Pods get time to shut down',
    description:
      'Flags pods with `terminationGracePeriodSeconds: 0`. Findings on StatefulSets are rated medium: the Kubernetes documentation calls a zero grace period for StatefulSet pods unsafe.',
    rationale:
      'With a grace period of zero the kubelet sends SIGKILL straight away: no SIGTERM, no preStop hook, no time to finish in-flight requests, flush buffers, commit offsets or release locks. Every rollout, scale-down and node drain then drops requests and can leave half-written data behind. For StatefulSet pods it is worse: a pod can be considered gone while its process still runs, so two pods with the same identity may write to the same storage.',
    remediation:
      'Remove the field (the default is 30 seconds) or set it to the time the application needs to shut down cleanly, and handle SIGTERM in the application:\n\n```yaml\nspec:\n  terminationGracePeriodSeconds: 30\n```',
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: {},
    kinds: POD_SPEC_KINDS,
    messages: {
      zero: 'terminationGracePeriodSeconds is 0, so the containers are killed without a chance to shut down cleanly',
      zeroStateful:
        'terminationGracePeriodSeconds is 0 on a StatefulSet, so its pods are killed without shutting down and two pods with the same identity may briefly coexist',
    },
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#deployment-and-scaling-guarantees',
    ],
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (pod.spec.terminationGracePeriodSeconds !== 0) return NO_FINDINGS;
    const stateful = object.kind === 'StatefulSet';
    return [
      {
        path: [...pod.specPath, 'terminationGracePeriodSeconds'],
        messageId: stateful ? 'zeroStateful' : 'zero',
        ...(stateful ? { severity: 'medium' as const } : {}),
      },
    ];
  },
});
