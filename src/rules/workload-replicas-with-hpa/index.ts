import { defineRule } from '../../core/rule.js';
import { autoscalerOf, REPLICATED_KINDS } from '../workload-inventory.js';
import { fieldsOf, NO_FINDINGS, namespaceOf, podOrSkip } from '../workload-support.js';

export const workloadReplicasWithHpa = defineRule<'replicasSet'>({
  meta: {
    id: 'workload-replicas-with-hpa',
    title: 'Autoscaled workloads leave spec.replicas to their autoscaler',
    description:
      'Flags Deployments and StatefulSets that set `spec.replicas` while a HorizontalPodAutoscaler (autoscaling/*) or a KEDA ScaledObject of the same namespace in the scanned input scales them.',
    rationale:
      "The autoscaler owns the replica count once it targets a workload. A manifest that still carries `spec.replicas` fights it: Helm upgrades, Argo CD and Flux syncs and server-side applies write the manifest value back, so a service scaled out to twenty pods under load drops to the manifest's two on the next deploy, and stays there until the autoscaler notices and scales out again — the outage happens during the busiest deploy of the day.",
    remediation:
      "Remove `spec.replicas` from the manifest and let the autoscaler's `minReplicas` set the floor:\n\n```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  # no replicas: HorizontalPodAutoscaler/web owns the count\n  selector:\n    matchLabels:\n      app: web\n```\n\nWith Helm, leave replicas out of the template when autoscaling is on. `rampart fix` removes the field.",
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: {},
    kinds: REPLICATED_KINDS,
    messages: {
      replicasSet:
        'spec.replicas is {{replicas}} while {{autoscaler}} scales this {{kind}} ({{range}}): every apply or sync of this manifest resets the replica count to {{replicas}}',
    },
    references: [
      'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling',
      'https://keda.sh/docs/latest/concepts/scaling-deployments/',
    ],
    fixable: true,
  },
  check({ object, inventory }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const replicas = fieldsOf(object.spec)?.replicas;
    if (replicas === undefined || replicas === null) return NO_FINDINGS;
    const autoscaler = autoscalerOf(inventory, namespaceOf(object), object.kind, object.metadata?.name ?? '');
    if (!autoscaler) return NO_FINDINGS;
    const path = ['spec', 'replicas'];
    const range = `${autoscaler.minReplicas} to ${autoscaler.maxReplicas ?? '?'} replicas`;
    return [
      {
        path,
        messageId: 'replicasSet',
        data: { replicas: String(replicas), autoscaler: autoscaler.ref, kind: object.kind, range },
        fix: {
          description: `remove spec.replicas; ${autoscaler.ref} sets the replica count`,
          operations: [{ op: 'remove', path }],
        },
      },
    ];
  },
});
