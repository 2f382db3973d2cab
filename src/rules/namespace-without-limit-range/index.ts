import { defineRule } from '../../core/rule.js';
import {
  DEFINED_NAMESPACES_DOC,
  IGNORE_NAMESPACES_DOC,
  IGNORE_NAMESPACES_OPTION,
  ignoredNamespaces,
  isJudgement,
  judgeNamespaceOn,
  NAMESPACE_RULE_KINDS,
} from '../namespace-scope.js';

/** A LimitRange gives containers that state no requests or limits sane defaults and bounds. */
export const namespaceWithoutLimitRange = defineRule({
  meta: {
    id: 'namespace-without-limit-range',
    title: 'Namespaces have a LimitRange',
    description: `Reports each namespace of the input that has no LimitRange in the same input: on its Namespace object, or, for a namespace the command names but the input does not define, on its first workload in kind and name order. ${DEFINED_NAMESPACES_DOC} ${IGNORE_NAMESPACES_DOC}`,
    rationale:
      'Containers without resource limits can use all the memory and CPU of their node, and a namespace with a ResourceQuota rejects pods that state no requests unless a LimitRange supplies defaults. A LimitRange sets defaults and per-container bounds, so one unbounded pod cannot take down its node and its neighbours.',
    remediation:
      'Add a LimitRange with defaults and maximums to the namespace, for example:\n\n```yaml\napiVersion: v1\nkind: LimitRange\nmetadata:\n  name: container-defaults\n  namespace: shop\nspec:\n  limits:\n  - type: Container\n    defaultRequest: {cpu: 100m, memory: 128Mi}\n    default: {memory: 512Mi}\n    max: {memory: 4Gi}\n```',
    stage: 'deploy',
    severity: 'low',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening: resource policies'] },
    kinds: NAMESPACE_RULE_KINDS,
    messages: { missing: '{{subject}} has no LimitRange in the scanned input' },
    options: { ignoreNamespaces: IGNORE_NAMESPACES_OPTION },
    references: [
      'https://kubernetes.io/docs/concepts/policy/limit-range/',
      'https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/memory-default-namespace/',
    ],
  },
  check({ resource, inventory, options, settings }) {
    const judged = judgeNamespaceOn(resource, inventory, ignoredNamespaces(options), {
      requireNamespaceObject: true,
      ...(settings.namespaces && { named: settings.namespaces }),
    });
    if (!isJudgement(judged)) return judged ?? [];
    if (judged.scope.kinds.has('LimitRange')) return [];
    return [{ path: judged.path, messageId: 'missing', data: { subject: judged.subject } }];
  },
});
