import { matchingOf, modelOf, policiesApplyTo, policyOf, type Workload } from '../../analyze/netpol/index.js';
import { APPLIED_NAMESPACE, namespacePhrase } from '../../core/applied-namespace.js';
import { defineRule } from '../../core/rule.js';
import { NETPOL_DOCS } from '../netpol-support.js';

/**
 * Flags NetworkPolicies whose podSelector matches none of the workloads of their namespace, or
 * only host-network ones, which no policy isolates. A namespace without workloads in the input is
 * not judged: its pods may be defined elsewhere.
 */
export const netpolPolicySelectsNothing = defineRule({
  meta: {
    id: 'netpol-policy-selects-nothing',
    title: 'NetworkPolicy that selects no workload',
    description:
      'The podSelector matches no workload of its namespace in the input, or only workloads on the host network.',
    rationale: "A policy that selects nothing protects nothing; usually its labels drifted from the workload's.",
    remediation: 'Fix the podSelector to match the labels of the pods it is meant to protect, or delete the policy.',
    stage: 'runtime',
    severity: 'low',
    owner: 'platform',
    frameworks: {},
    kinds: ['NetworkPolicy'],
    messages: {
      none: '{{policy}} selects none of the {{count}} workload(s) of {{namespace}}',
      hostNetworkOnly:
        '{{policy}} selects only host-network workloads ({{workloads}}): NetworkPolicy does not isolate them, so the policy protects nothing',
    },
    references: [NETPOL_DOCS],
  },
  check({ resource, inventory }) {
    const model = modelOf(inventory);
    const policy = policyOf(inventory, resource);
    if ('skip' in policy) return policy;
    const inNamespace = model.workloads.filter((w) => w.namespace === policy.namespace).length;
    if (inNamespace === 0)
      return { skip: `the input holds no workloads of namespace ${policy.namespace} for the policy to select` };
    // the netpol analysis keeps namespace-less objects together; the message names no namespace it cannot know
    const named = typeof resource.object.metadata?.namespace === 'string' && resource.object.metadata.namespace !== '';
    const name = named ? policy.id : String(resource.object.metadata?.name ?? '');
    const selected = [...(matchingOf(model).selectedBy.get(policy) ?? [])].map((w) => model.workloads[w] as Workload);
    if (selected.length === 0) {
      const namespace = namespacePhrase(named ? policy.namespace : APPLIED_NAMESPACE);
      const data = { policy: name, count: inNamespace, namespace };
      return [{ path: ['spec', 'podSelector'], messageId: 'none', data }];
    }
    if (selected.some(policiesApplyTo)) return [];
    const data = { policy: name, workloads: selected.map((w) => w.id).join(', ') };
    return [{ path: ['spec', 'podSelector'], messageId: 'hostNetworkOnly', data }];
  },
});
