import { defineRule, type Report } from '../../core/rule.js';
import {
  allowsNoDisruption,
  autoscalerOf,
  budgetsSelecting,
  minimumReplicas,
  REPLICATED_KINDS,
} from '../workload-inventory.js';
import { fieldsOf, NO_FINDINGS, namespaceOf, podOrSkip } from '../workload-support.js';

type MessageId = 'declared' | 'budgetRequiresOne';

export const HIGH_AVAILABILITY_ANNOTATION = 'rampart.dev/high-availability';

/**
 * A single replica is a finding only where the manifests claim more: the annotation
 * `rampart.dev/high-availability: "true"`, or a PodDisruptionBudget that requires the pod to stay
 * up (which one replica cannot do through a drain). A plain `replicas: 1`, or an autoscaler
 * minimum of 1, claims nothing and passes.
 */
export const workloadSingleReplica = defineRule<MessageId>({
  meta: {
    id: 'workload-single-replica',
    title: 'Workloads that claim high availability run more than one replica',
    description:
      'Flags Deployments and StatefulSets that run exactly one replica — `spec.replicas`, or the minimum of a HorizontalPodAutoscaler or KEDA ScaledObject in the input that scales them — while claiming high availability: the annotation `rampart.dev/high-availability: "true"` on the workload, or a PodDisruptionBudget in the namespace that selects their pods and allows no disruption of a single pod. Workloads scaled to zero, and single replicas that claim nothing, pass.',
    rationale:
      'One replica is one point of failure: a node drain, a crash, an eviction or a rollout takes the service down. When the manifests promise otherwise the failure is worse than a plain outage: a PodDisruptionBudget that requires the only pod to stay up makes every drain of its node hang, blocking node upgrades and cluster autoscaling until someone deletes the pod by hand — and then the service is down anyway.',
    remediation:
      'Run at least two replicas, spread across nodes, or drop the claim:\n\n```yaml\nspec:\n  replicas: 2\n  template:\n    spec:\n      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: kubernetes.io/hostname\n        whenUnsatisfiable: ScheduleAnyway\n        labelSelector:\n          matchLabels:\n            app: web\n```\n\nWith an autoscaler, raise `minReplicas` to 2. If one replica is acceptable, make the budget allow its eviction (`maxUnavailable: 1`) or remove it.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: {},
    kinds: REPLICATED_KINDS,
    messages: {
      declared:
        '{{kind}} is annotated rampart.dev/high-availability but runs {{replicas}} replica{{source}}, a single point of failure',
      budgetRequiresOne:
        'PodDisruptionBudget {{budget}} allows no disruption of this {{kind}}, which runs {{replicas}} replica{{source}}: draining its node hangs until the pod is deleted by hand',
    },
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/',
      'https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions',
    ],
  },
  check({ object, inventory }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const spec = fieldsOf(object.spec) ?? {};
    const namespace = namespaceOf(object);
    const autoscaler = autoscalerOf(inventory, namespace, object.kind, object.metadata?.name ?? '');
    const replicas = minimumReplicas(spec, autoscaler);
    if (replicas !== 1) return NO_FINDINGS;
    const data = {
      kind: object.kind,
      replicas,
      source: autoscaler ? ` at the minimum of ${autoscaler.ref}` : '',
    };
    const path = autoscaler && spec.replicas === undefined ? ['spec'] : ['spec', 'replicas'];
    let reports: Report<MessageId>[] | undefined;
    if (object.metadata?.annotations?.[HIGH_AVAILABILITY_ANNOTATION] === 'true') {
      reports = [{ path, messageId: 'declared', data }];
    }
    const labels = pod.metadata.labels ?? {};
    const blocking = budgetsSelecting(inventory, namespace, labels).find((budget) => allowsNoDisruption(budget, 1));
    if (blocking) {
      reports ??= [];
      reports.push({ path, messageId: 'budgetRequiresOne', data: { ...data, budget: blocking.name } });
    }
    return reports ?? NO_FINDINGS;
  },
});
