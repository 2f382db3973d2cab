import { defaultDenyStatus, namespaceOf, policiesOf, WORKLOAD_KINDS } from '../../analyze/netpol/index.js';
import { APPLIED_NAMESPACE, namespacePhrase } from '../../core/applied-namespace.js';
import type { Inventory } from '../../core/inventory.js';
import { podTemplate } from '../../core/pod-spec.js';
import { compareObjects, type Resource } from '../../core/resource.js';
import { defineRule, NOT_APPLICABLE } from '../../core/rule.js';
import { NETPOL_DOCS, NSA_NETWORK } from '../netpol-support.js';

/**
 * Judges each namespace that runs workloads once: on its Namespace object, or, when the input
 * has none, on the namespace's first workload in kind and name order; its other workloads get no result at all. A policy with an empty podSelector is the default
 * deny (it selects every pod), and a CNI default-deny policy counts too; other CNI policies,
 * which are not evaluated, make the verdict a skip rather than a false alarm.
 */
export const netpolNamespaceWithoutDefaultDeny = defineRule({
  meta: {
    id: 'netpol-namespace-without-default-deny',
    title: 'Namespace without a default-deny NetworkPolicy',
    description:
      'A namespace that runs workloads has no policy isolating all of its pods, present and future, for ingress or egress.',
    rationale:
      'Without a default deny, every pod that no policy happens to select accepts and sends any traffic; a new workload starts wide open.',
    remediation:
      'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` (no rules) to the namespace, then allow what each workload needs.',
    severity: 'medium',
    stage: 'runtime',
    owner: 'platform',
    frameworks: { nsa: NSA_NETWORK, cis: ['5.3.2'] },
    kinds: ['Namespace', ...WORKLOAD_KINDS],
    messages: {
      both: '{{namespace}} has no default deny for ingress or egress',
      ingress: '{{namespace}} has no default deny for ingress (egress: {{egress}})',
      egress: '{{namespace}} has no default deny for egress (ingress: {{ingress}})',
    },
    references: [NETPOL_DOCS],
  },
  check({ object, resource, inventory }) {
    let namespace: string;
    if (object.kind === 'Namespace') {
      namespace = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
    } else {
      if (!podTemplate(object)) return { skip: `${object.kind} ${object.apiVersion} runs no pods` };
      namespace = namespaceOf(object);
      if (inventory.find('Namespace', namespace)) return NOT_APPLICABLE;
      if (workloadsOf(inventory).first.get(namespace) !== resource) return NOT_APPLICABLE;
    }
    if (!workloadsOf(inventory).named.has(namespace)) return [];
    const status = defaultDenyStatus(policiesOf(inventory), namespace);
    const missing = (['ingress', 'egress'] as const).filter((d) => status[d] === 'missing');
    if (missing.length === 0) return [];
    if (status.unanalysed.length > 0) {
      const names = status.unanalysed.map((c) => `${c.kind} ${c.name}`).join(', ');
      return {
        skip: `namespace ${namespace} has CNI policies (${names}) that Rampart does not evaluate; they may provide the default deny`,
      };
    }
    const describe = (d: 'ingress' | 'egress') => (status.by[d] ? `by ${status.by[d]}` : 'none');
    return [
      {
        path: object.kind === 'Namespace' ? ['metadata', 'name'] : ['metadata', 'namespace'],
        messageId: missing.length === 2 ? 'both' : (missing[0] as 'ingress' | 'egress'),
        data: {
          namespace: namespaceLabel(object, namespace),
          ingress: describe('ingress'),
          egress: describe('egress'),
        },
      },
    ];
  },
});

interface NamespaceWorkloads {
  /**
   * The workload that stands for each namespace: the first in kind and name order, never in input
   * order, so the finding does not move when files do.
   */
  first: Map<string, Resource>;
  /**
   * Namespaces with a workload the NetworkPolicy model analyses (one with a name): the model's
   * workloads are grouped by owner, but each lands in its own namespace, so these are the
   * namespaces of its workloads, known without extracting them (~0.2 s for 10,000 workloads).
   */
  named: Set<string>;
}

const cache = new WeakMap<Inventory, NamespaceWorkloads>();

/** Computed once per inventory (scans are large). */
function workloadsOf(inventory: Inventory): NamespaceWorkloads {
  let found = cache.get(inventory);
  if (!found) {
    found = { first: new Map(), named: new Set() };
    for (const resource of inventory.resources) {
      const { object } = resource;
      if (!(WORKLOAD_KINDS as readonly string[]).includes(object.kind) || !podTemplate(object)) continue;
      const namespace = namespaceOf(object);
      const first = found.first.get(namespace);
      if (!first || compareObjects(object, first.object) < 0) found.first.set(namespace, resource);
      const name = object.metadata?.name;
      if (typeof name === 'string' && name !== '') found.named.add(namespace);
    }
    cache.set(inventory, found);
  }
  return found;
}

/**
 * Manifests without metadata.namespace land in whatever namespace they are applied to; the netpol
 * analysis keeps them together, and the message names no namespace it cannot know.
 */
function namespaceLabel(object: { kind: string; metadata?: { namespace?: unknown } }, namespace: string): string {
  const explicit =
    object.kind === 'Namespace' || (typeof object.metadata?.namespace === 'string' && object.metadata.namespace !== '');
  return namespacePhrase(explicit ? namespace : APPLIED_NAMESPACE);
}
