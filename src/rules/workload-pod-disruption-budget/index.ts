import { defineRule } from '../../core/rule.js';
import {
  allowsNoDisruption,
  autoscalerOf,
  budgetsSelecting,
  minimumReplicas,
  REPLICATED_KINDS,
} from '../workload-inventory.js';
import { fieldsOf, NO_FINDINGS, namespaceOf, podOrSkip } from '../workload-support.js';

type MessageId = 'missing' | 'allowsNoDisruption';

/**
 * Judges workloads with two or more replicas (at their autoscaler's minimum when one scales
 * them); single replicas are workload-single-replica's concern. PodDisruptionBudgets are matched
 * from an index built once per inventory.
 */
export const workloadPodDisruptionBudget = defineRule<MessageId>({
  meta: {
    id: 'workload-pod-disruption-budget',
    title: 'Replicated workloads have a PodDisruptionBudget that allows disruptions',
    description:
      "Flags Deployments and StatefulSets running two or more replicas (`spec.replicas`, or the minimum of a HorizontalPodAutoscaler or KEDA ScaledObject in the input) when no PodDisruptionBudget of their namespace in the scanned input selects their pods' labels, and when one does but allows no disruption at that replica count (`minAvailable` of all pods, or `maxUnavailable: 0`). Budgets are matched with Kubernetes selector semantics: in policy/v1 an empty selector selects every pod, a missing one none.",
    rationale:
      'Node drains — for upgrades, scale-down, kernel patches — evict pods through the eviction API, which only PodDisruptionBudgets slow down. Without one, a drain may evict every replica of a service at once, or in quick succession before the replacements are ready: a routine maintenance becomes an outage. A budget that allows no disruption at all is the opposite failure: drains hang and node maintenance stops until someone intervenes.',
    remediation:
      'Add a budget that keeps enough replicas up and still lets one go:\n\n```yaml\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n```\n\nPrefer `maxUnavailable` over `minAvailable`: it keeps working when the replica count changes.',
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: {},
    kinds: REPLICATED_KINDS,
    messages: {
      missing:
        'no PodDisruptionBudget selects the pods of this {{kind}} ({{replicas}} replicas), so a node drain may evict all of them at once',
      allowsNoDisruption:
        'PodDisruptionBudget {{budget}} allows no disruption of this {{kind}} at {{replicas}} replicas, so draining any of its nodes hangs',
    },
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/',
      'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
    ],
  },
  check({ object, inventory }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const spec = fieldsOf(object.spec) ?? {};
    const namespace = namespaceOf(object);
    const autoscaler = autoscalerOf(inventory, namespace, object.kind, object.metadata?.name ?? '');
    const replicas = minimumReplicas(spec, autoscaler);
    if (replicas < 2) return NO_FINDINGS;
    const path = autoscaler && spec.replicas === undefined ? ['spec'] : ['spec', 'replicas'];
    const budgets = budgetsSelecting(inventory, namespace, pod.metadata.labels ?? {});
    if (budgets.length === 0) return [{ path, messageId: 'missing', data: { kind: object.kind, replicas } }];
    // The eviction API needs every budget that selects a pod to allow it, so one blocking budget blocks.
    const blocking = budgets.find((budget) => allowsNoDisruption(budget, replicas));
    if (!blocking) return NO_FINDINGS;
    return [
      {
        path,
        messageId: 'allowsNoDisruption',
        severity: 'medium',
        data: { kind: object.kind, replicas, budget: blocking.name },
      },
    ];
  },
});
