import { defineRule } from '../../core/rule.js';
import { isRuleActive } from '../../core/settings.js';
import {
  DEFINED_NAMESPACES_DOC,
  IGNORE_NAMESPACES_DOC,
  IGNORE_NAMESPACES_OPTION,
  ignoredNamespaces,
  isJudgement,
  judgeNamespaceOn,
  NAMESPACE_RULE_KINDS,
} from '../namespace-scope.js';
import { doesNothing, limitsSomething } from '../resource-quota.js';

/**
 * A namespace without a ResourceQuota lets one tenant's runaway (or hijacked) workload take the
 * whole cluster's capacity. Judged once per namespace, from the objects in the same input.
 */
export const namespaceWithoutResourceQuota = defineRule({
  meta: {
    id: 'namespace-without-resource-quota',
    title: 'Namespaces have a ResourceQuota',
    description: `Reports each namespace of the input that has no ResourceQuota in the same input: on its Namespace object, or, for a namespace the command names but the input does not define, on its first workload in kind and name order. A ResourceQuota whose \`spec.hard\` is empty limits nothing and does not count; when such a quota has no scope either, resource-quota-limits-nothing reports it on the quota itself and this rule does not report its namespace again (it still does in scans where that rule does not run). ${DEFINED_NAMESPACES_DOC} ${IGNORE_NAMESPACES_DOC}`,
    rationale:
      'Without a quota nothing caps how many pods, how much CPU and memory, or how many LoadBalancers and PersistentVolumeClaims one namespace can claim. A compromised workload scaling up a cryptominer, or a bug in a controller creating objects in a loop, then starves every other tenant and can exhaust the nodes.',
    remediation:
      'Add a ResourceQuota to the namespace, for example:\n\n```yaml\napiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\n  namespace: shop\nspec:\n  hard:\n    requests.cpu: "20"\n    requests.memory: 40Gi\n    limits.memory: 40Gi\n    pods: "100"\n    services.loadbalancers: "0"\n```\n\nScan the quota together with the workloads (or suppress the finding for namespaces whose quota is managed elsewhere).',
    stage: 'deploy',
    severity: 'low',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening: resource policies'] },
    kinds: NAMESPACE_RULE_KINDS,
    messages: {
      missing: '{{subject}} has no ResourceQuota in the scanned input',
      emptyQuota: '{{subject}} has only ResourceQuota {{quotas}}, whose spec.hard is empty, so it limits nothing',
    },
    options: { ignoreNamespaces: IGNORE_NAMESPACES_OPTION },
    references: [
      'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
      'https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/quota-memory-cpu-namespace/',
    ],
  },
  check({ resource, inventory, options, settings }) {
    const judged = judgeNamespaceOn(resource, inventory, ignoredNamespaces(options), {
      requireNamespaceObject: true,
      ...(settings.namespaces && { named: settings.namespaces }),
    });
    if (!isJudgement(judged)) return judged ?? [];
    if (!judged.scope.kinds.has('ResourceQuota'))
      return [{ path: judged.path, messageId: 'missing', data: { subject: judged.subject } }];
    let quotas = inventory.inNamespace(judged.scope.name).filter((r) => r.object.kind === 'ResourceQuota');
    if (quotas.some((quota) => limitsSomething(quota.object))) return [];
    // Quotas that do nothing at all are resource-quota-limits-nothing's findings, on the quota itself.
    if (isRuleActive(settings, 'resource-quota-limits-nothing')) quotas = quotas.filter((q) => !doesNothing(q.object));
    if (quotas.length === 0) return [];
    const names = quotas.map((quota) => String(quota.object.metadata?.name ?? '')).join(', ');
    return [{ path: judged.path, messageId: 'emptyQuota', data: { subject: judged.subject, quotas: names } }];
  },
});
