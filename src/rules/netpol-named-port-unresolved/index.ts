import { GAP_KINDS, isNetworkPolicy, matchingOf, modelOf, unresolvedNamedPorts } from '../../analyze/netpol/index.js';
import { defineRule } from '../../core/rule.js';

const meta = GAP_KINDS.namedPort;

/**
 * Flags named ports that no destination pod declares (with the rule's protocol): ingress names
 * resolve against the pods the policy selects, egress names against the pods the rule reaches.
 * A policy whose destinations are not in the input is not judged: the pods may live elsewhere.
 */
export const netpolNamedPortUnresolved = defineRule({
  meta: { ...meta, references: [...meta.references] },
  check({ resource, object, inventory }) {
    if (!isNetworkPolicy(object))
      return { skip: `${object.apiVersion} ${object.kind} is not a Kubernetes NetworkPolicy` };
    const model = modelOf(inventory);
    const policy = model.policies.find((p) => p.resource === resource);
    if (!policy) return { skip: 'the policy is invalid (see the input errors); the API server would reject it' };
    const named = [...policy.ingress, ...policy.egress].some((r) => (r.ports ?? []).some((p) => p.kind === 'named'));
    if (named && model.workloads.length === 0)
      return { skip: 'the input holds no workloads to resolve named ports against' };
    return unresolvedNamedPorts(model, matchingOf(model), policy).map((u) => ({
      path: [...u.rule.path, 'ports', u.port, 'port'],
      messageId: u.reason,
      data: { name: u.name, protocol: u.protocol, checked: u.checked },
    }));
  },
});
