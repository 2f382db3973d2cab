import { matchingOf, modelOf, policyOf, unresolvedNamedPorts } from '../../analyze/netpol/index.js';
import { defineRule } from '../../core/rule.js';
import { NETPOL_DOCS } from '../netpol-support.js';

/**
 * Flags named ports that no destination pod declares (with the rule's protocol): ingress names
 * resolve against the pods the policy selects, egress names against the pods the rule reaches.
 * A policy whose destinations are not in the input is not judged: the pods may live elsewhere.
 */
export const netpolNamedPortUnresolved = defineRule({
  meta: {
    id: 'netpol-named-port-unresolved',
    title: 'Named port that resolves to nothing',
    description:
      'A policy port names a container port that none of the destination pods declares (with that protocol), or names a port towards ipBlocks only.',
    rationale:
      'A named port that matches nothing allows nothing: the connection the author meant to open stays closed, or a typo hides a wider rule elsewhere.',
    remediation: 'Use the exact `name` of the container port (and its protocol), or a port number.',
    severity: 'low',
    stage: 'runtime',
    owner: 'platform',
    frameworks: {},
    kinds: ['NetworkPolicy'],
    messages: {
      pods: 'port "{{name}}" ({{protocol}}) is declared by none of the {{checked}} destination workload(s)',
      outside: 'port "{{name}}" is named in a rule that reaches only ipBlocks; names resolve only against pods',
    },
    references: [NETPOL_DOCS],
  },
  check({ resource, inventory }) {
    const model = modelOf(inventory);
    const policy = policyOf(inventory, resource);
    if ('skip' in policy) return policy;
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
