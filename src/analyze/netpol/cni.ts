import { own } from '../../core/lookup.js';
import { apiGroup, isRecord } from '../../core/pod-spec.js';
import type { Resource } from '../../core/resource.js';
import type { CniPolicy } from './model.js';

/**
 * Policy kinds of CNIs and of the AdminNetworkPolicy API. Rampart does not evaluate them: they
 * have their own ordering, deny actions and selectors. It recognizes them, says they may change
 * the answer, and reads the one shape whose meaning is unmistakable: a deny-everything policy over
 * every pod, so that a namespace protected that way is never reported as unprotected.
 */
const KINDS: Record<
  string,
  {
    groups: readonly string[];
    clusterWide: boolean;
    reader?: (spec: Record<string, unknown>) => CniPolicy['defaultDeny'];
  }
> = {
  CiliumNetworkPolicy: { groups: ['cilium.io'], clusterWide: false, reader: ciliumDefaultDeny },
  CiliumClusterwideNetworkPolicy: { groups: ['cilium.io'], clusterWide: true, reader: ciliumDefaultDeny },
  NetworkPolicy: { groups: ['crd.projectcalico.org', 'projectcalico.org', 'crd.antrea.io'], clusterWide: false },
  GlobalNetworkPolicy: {
    groups: ['crd.projectcalico.org', 'projectcalico.org'],
    clusterWide: true,
    reader: calicoDefaultDeny,
  },
  ClusterNetworkPolicy: { groups: ['crd.antrea.io'], clusterWide: true },
  AdminNetworkPolicy: { groups: ['policy.networking.k8s.io'], clusterWide: true },
  BaselineAdminNetworkPolicy: { groups: ['policy.networking.k8s.io'], clusterWide: true },
};

/** The kinds of the policies above: where a CNI or AdminNetworkPolicy policy may be. */
export const CNI_POLICY_KINDS: readonly string[] = Object.keys(KINDS);

const CALICO_GROUPS = new Set(['crd.projectcalico.org', 'projectcalico.org']);

export function extractCniPolicies(resources: readonly Resource[]): CniPolicy[] {
  const out: CniPolicy[] = [];
  for (const resource of resources) {
    const { object } = resource;
    const entry = own(KINDS, object.kind);
    const group = apiGroup(object.apiVersion);
    if (!entry?.groups.includes(group)) continue;
    const reader = object.kind === 'NetworkPolicy' && CALICO_GROUPS.has(group) ? calicoDefaultDeny : entry.reader;
    // Cilium allows a list of specs in one object; any of them may carry the default deny.
    const specs = isRecord(object.spec)
      ? [object.spec]
      : Array.isArray(object.specs)
        ? object.specs.filter(isRecord)
        : [{}];
    const namespace = entry.clusterWide
      ? undefined
      : typeof object.metadata?.namespace === 'string' && object.metadata.namespace !== ''
        ? object.metadata.namespace
        : 'default';
    out.push({
      kind: object.kind,
      apiVersion: object.apiVersion,
      name: typeof object.metadata?.name === 'string' ? object.metadata.name : '',
      namespace,
      defaultDeny: specs.reduce<CniPolicy['defaultDeny']>(
        (acc, spec) => {
          const read = reader ? reader(spec) : { ingress: false, egress: false };
          return { ingress: acc.ingress || read.ingress, egress: acc.egress || read.egress };
        },
        { ingress: false, egress: false },
      ),
      resource,
    });
  }
  return out;
}

/**
 * Cilium: a policy whose endpointSelector is empty selects every endpoint; a direction whose
 * rules are all empty (`ingress: [{}]`, the documented default-deny form) allows nothing.
 */
function ciliumDefaultDeny(spec: Record<string, unknown>): CniPolicy['defaultDeny'] {
  const selector = spec.endpointSelector;
  const selectsAll = isRecord(selector) && isEmptyObjectSelector(selector);
  const optedOut = isRecord(spec.enableDefaultDeny) ? spec.enableDefaultDeny : {};
  const denies = (key: 'ingress' | 'egress') =>
    selectsAll &&
    optedOut[key] !== false &&
    Array.isArray(spec[key]) &&
    (spec[key] as unknown[]).every((rule) => isRecord(rule) && Object.keys(rule).length === 0);
  return { ingress: denies('ingress'), egress: denies('egress') };
}

/**
 * Calico: a policy over `all()` (or no selector) that lists a type and has no rules for it
 * denies that direction; so does a rule list of bare `action: Deny`. A GlobalNetworkPolicy that
 * narrows its namespaces is not read: which namespaces it covers depends on their labels.
 */
function calicoDefaultDeny(spec: Record<string, unknown>): CniPolicy['defaultDeny'] {
  const selector = typeof spec.selector === 'string' ? spec.selector.trim() : '';
  const namespaces = typeof spec.namespaceSelector === 'string' ? spec.namespaceSelector.trim() : '';
  const selectsAll = (selector === '' || selector === 'all()') && (namespaces === '' || namespaces === 'all()');
  const types =
    Array.isArray(spec.types) && spec.types.length > 0
      ? spec.types
      : ['Ingress', ...(Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Egress'] : [])];
  const denies = (key: 'ingress' | 'egress', type: string) => {
    if (!selectsAll || !types.includes(type)) return false;
    const rules = Array.isArray(spec[key]) ? (spec[key] as unknown[]) : [];
    return rules.every((rule) => isRecord(rule) && rule.action === 'Deny' && Object.keys(rule).length === 1);
  };
  return { ingress: denies('ingress', 'Ingress'), egress: denies('egress', 'Egress') };
}

function isEmptyObjectSelector(selector: Record<string, unknown>): boolean {
  const labels = isRecord(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0;
  return labels === 0 && expressions === 0;
}

/** Whether a CNI policy applies in `namespace` (cluster-wide kinds apply everywhere). */
export function cniAppliesIn(policy: CniPolicy, namespace: string): boolean {
  return policy.namespace === undefined || policy.namespace === namespace;
}
