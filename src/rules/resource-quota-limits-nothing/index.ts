import { defineRule } from '../../core/rule.js';
import { doesNothing, limitsSomething } from '../resource-quota.js';
import { NO_FINDINGS, namespaceOf } from '../workload-support.js';

/**
 * A quota with nothing in `hard` and no scope is a placeholder that reads as a limit. Reported on
 * the quota itself, where the fix goes; namespace-without-resource-quota leaves the namespace to
 * this finding (one concern, one finding). A scoped quota with an empty `hard` is a covering
 * quota for the API server's `limitedResources` and passes.
 */
export const resourceQuotaLimitsNothing = defineRule<'limitsNothing'>({
  meta: {
    id: 'resource-quota-limits-nothing',
    title: 'ResourceQuotas set hard limits',
    description:
      "Reports ResourceQuotas whose `spec.hard` is missing or empty and that have no scope (`scopes`, `scopeSelector`): they limit nothing. A scoped quota with an empty `hard` passes: it is how a namespace is allowed a priority class the API server's ResourceQuota admission configuration lists in `limitedResources`. The finding is `low` when no other quota of the input limits the namespace, `info` when another one does. namespace-without-resource-quota does not report the namespace again when all its quotas are reported here.",
    rationale:
      "A quota is there to cap what one namespace can take: pods, CPU and memory, Services of type LoadBalancer, storage. One with nothing in `hard` shows up in `kubectl get quota` and in reviews as if the namespace were capped, while a runaway or compromised workload can still claim the cluster's whole capacity.",
    remediation:
      'Fill in the limits the namespace should have, or delete the placeholder:\n\n```yaml\napiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\n  namespace: shop\nspec:\n  hard:\n    requests.cpu: "20"\n    requests.memory: 40Gi\n    limits.memory: 40Gi\n    pods: "100"\n```',
    stage: 'deploy',
    severity: 'low',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening: resource policies'] },
    kinds: ['ResourceQuota'],
    messages: {
      limitsNothing: 'ResourceQuota {{name}} sets no hard limit and no scope, so it limits nothing{{rest}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
      'https://kubernetes.io/docs/concepts/policy/resource-quotas/#limit-priority-class-consumption-by-default',
    ],
  },
  check({ object, resource, inventory }) {
    if (object.apiVersion !== 'v1') return { skip: `${object.apiVersion} ResourceQuota is not a core ResourceQuota` };
    if (!doesNothing(object)) return NO_FINDINGS;
    const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
    const namespace = namespaceOf(object);
    const others = namespace
      ? inventory
          .inNamespace(namespace)
          .filter((r) => r !== resource && r.object.kind === 'ResourceQuota' && limitsSomething(r.object))
      : [];
    const where = namespace ? `namespace ${namespace}` : 'its namespace';
    return [
      {
        path: ['spec', 'hard'],
        messageId: 'limitsNothing',
        ...(others.length > 0 ? { severity: 'info' as const } : {}),
        data: {
          name,
          rest:
            others.length > 0
              ? ` (ResourceQuota ${String(others[0]?.object.metadata?.name ?? '')} does limit ${where})`
              : `, and no other ResourceQuota of the input limits ${where}`,
        },
      },
    ];
  },
});
