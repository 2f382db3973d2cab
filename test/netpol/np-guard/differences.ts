/**
 * The documented differences between `rampart netpol list --per-pair` and np-guard's
 * netpol-analyzer (`netpolicy list`), each one in docs/netpol.md. A difference explains a
 * disagreement only by being taken out: its `neutralise` rewrites the input so that the cause
 * is gone, and then both tools must agree byte for byte. So an
 * explanation is checked, never assumed: a second, unexplained difference in the same input
 * still fails the comparison.
 */

import type { KubeObject } from '../../../src/core/resource.js';

export interface Difference {
  id: string;
  /** One line for the report; docs/netpol.md has the reasoning. */
  why: string;
  /**
   * Whether the input has the cause at all (a difference never applies to an input without it):
   * from its objects as written, and what Rampart's loader said of its files.
   */
  applies(objects: readonly KubeObject[], loader: readonly string[]): boolean;
  /**
   * The input without the cause. Absent where the cause is in how a file is read: rewriting the
   * objects Rampart read is then the neutralisation, and `applies` must see the loader say so.
   */
  neutralise?(objects: readonly KubeObject[]): KubeObject[];
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const clone = <T>(value: T): T => structuredClone(value);
/** Kinds whose second definition matters to the analysis. */
const DEFINED_ONCE = new Set([
  'Namespace',
  'NetworkPolicy',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);
const WORKLOADS = new Set([
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);

/** The pod spec of a workload object (a Pod's own, a controller's template, a CronJob's job template). */
function podSpec(object: KubeObject): Json | undefined {
  const spec = object.spec;
  if (!isRecord(spec)) return undefined;
  if (object.kind === 'Pod') return spec;
  const template = object.kind === 'CronJob' ? (spec.jobTemplate as Json | undefined)?.spec : spec;
  const pod = isRecord(template) && isRecord(template.template) ? template.template.spec : undefined;
  return isRecord(pod) ? pod : undefined;
}

const namespaceOf = (o: KubeObject) =>
  typeof o.metadata?.namespace === 'string' && o.metadata.namespace !== '' ? o.metadata.namespace : 'default';
const ownerRefs = (o: KubeObject): Json[] =>
  Array.isArray(o.metadata?.ownerReferences) ? (o.metadata.ownerReferences as unknown[]).filter(isRecord) : [];
const controllerRef = (o: KubeObject) => ownerRefs(o).find((r) => r.controller === true);

export const DIFFERENCES: readonly Difference[] = [
  {
    id: 'unparseable-document',
    why: 'np-guard skips every document of a file with a YAML error (exit 0); Rampart skips the document it cannot parse, lists the rest, and exits 2',
    applies: (_, loader) => loader.some((message) => message.includes('is not valid YAML')),
  },
  {
    id: 'document-without-kind',
    why: "np-guard refuses a document without apiVersion and kind, as kubectl does; Rampart's loader skips it with a note",
    applies: (_, loader) => loader.some((message) => message.includes('is not a Kubernetes object; skipped')),
  },
  {
    id: 'admin-network-policy',
    why: 'np-guard evaluates AdminNetworkPolicy and BaselineAdminNetworkPolicy; Rampart does not yet (netpol-cni-policy-not-analysed says so)',
    applies: (objects) =>
      objects.some((o) => o.kind === 'AdminNetworkPolicy' || o.kind === 'BaselineAdminNetworkPolicy'),
    neutralise: (objects) =>
      objects.filter((o) => o.kind !== 'AdminNetworkPolicy' && o.kind !== 'BaselineAdminNetworkPolicy'),
  },
  {
    id: 'ingress-controller',
    why: 'np-guard adds {ingress-controller} connections for Ingress and OpenShift Route objects; Rampart lists what NetworkPolicies allow',
    applies: (objects) => objects.some((o) => o.kind === 'Ingress' || o.kind === 'Route'),
    neutralise: (objects) => objects.filter((o) => o.kind !== 'Ingress' && o.kind !== 'Route'),
  },
  {
    id: 'duplicate-object',
    why: 'np-guard refuses an input that defines a policy twice; Rampart keeps the last definition, as kubectl apply does, and warns',
    applies: (objects) => duplicates(objects).size > 0,
    neutralise: (objects) => {
      const key = (o: KubeObject) => `${o.kind}/${namespaceOf(o)}/${String(o.metadata?.name)}`;
      const last = new Map<string, KubeObject>();
      for (const o of objects) if (DEFINED_ONCE.has(o.kind)) last.set(key(o), o);
      return objects.filter((o) => !DEFINED_ONCE.has(o.kind) || last.get(key(o)) === o);
    },
  },
  {
    id: 'invalid-owner-reference',
    why: 'np-guard groups pods under a controller reference without a kind (which the API server rejects) and calls it a Pod; Rampart ignores the reference',
    applies: (objects) => objects.some((o) => ownerRefs(o).some((r) => typeof r.kind !== 'string' || r.kind === '')),
    neutralise: (objects) =>
      objects.map((o) => {
        const refs = ownerRefs(o);
        if (!refs.some((r) => typeof r.kind !== 'string' || r.kind === '')) return o;
        const copy = clone(o);
        const kept = refs.filter((r) => typeof r.kind === 'string' && r.kind !== '');
        (copy.metadata as Json).ownerReferences = kept;
        return copy;
      }),
  },
  {
    id: 'owner-chain',
    why: 'Rampart folds pods into the top-most controller the input holds (Pod, ReplicaSet, Deployment: one workload); np-guard lists every controller object apart, counting the same pods twice',
    applies: (objects) => ownersInInput(objects).size > 0,
    neutralise: (objects) => {
      const owners = ownersInInput(objects);
      return objects.filter((o) => !owners.has(`${o.kind}/${namespaceOf(o)}/${String(o.metadata?.name)}`));
    },
  },
  {
    id: 'label-variants',
    why: 'np-guard refuses pods of one owner whose labels differ where a policy selects; Rampart lists such pods one by one (each is matched by its own labels)',
    applies: (objects) => variantOwners(objects).size > 0,
    neutralise: (objects) => {
      const owners = variantOwners(objects);
      return objects.map((o) => {
        const ref = o.kind === 'Pod' ? controllerRef(o) : undefined;
        if (!ref || !owners.has(`${namespaceOf(o)}/${String(ref.kind)}/${String(ref.name)}`)) return o;
        const copy = clone(o);
        (copy.metadata as Json).ownerReferences = [];
        return copy;
      });
    },
  },
  {
    id: 'host-network',
    why: 'Rampart shows host-network pods as most CNIs treat them: not isolated, not matched by selectors; np-guard treats them as pod-network pods',
    applies: (objects) => objects.some((o) => podSpec(o)?.hostNetwork === true),
    neutralise: (objects) =>
      objects.map((o) => {
        if (podSpec(o)?.hostNetwork !== true) return o;
        const copy = clone(o);
        delete (podSpec(copy) as Json).hostNetwork;
        return copy;
      }),
  },
  {
    id: 'pod-ips',
    why: "Rampart matches an ipBlock against a snapshot pod's status.podIPs, as the upstream e2e tests expect; np-guard never matches pods by ipBlock",
    applies: (objects) =>
      objects.some((o) => o.kind === 'Pod' && isRecord(o.status) && ('podIP' in o.status || 'podIPs' in o.status)),
    neutralise: (objects) =>
      objects.map((o) => {
        if (o.kind !== 'Pod' || !isRecord(o.status)) return o;
        const copy = clone(o);
        const status = copy.status as Json;
        delete status.podIP;
        delete status.podIPs;
        return copy;
      }),
  },
  {
    id: 'ipv6',
    why: 'np-guard is IPv4-only, and reads an IPv6 ipBlock as IPv4 addresses (fd00::/96 as 253.0.0.0); Rampart shows the IPv6 outside once a policy names an IPv6 block',
    applies: (objects) =>
      objects.some((o) => o.kind === 'NetworkPolicy' && rulesOf(o).some((r) => peersOf(r).some(isV6Block))),
    neutralise: (objects) =>
      editRules(objects, (rule) => {
        const peers = peersOf(rule);
        if (!peers.some(isV6Block)) return rule;
        const kept = peers.filter((p) => !isV6Block(p));
        // a rule left without peers would admit everyone: it admitted only IPv6 addresses, so it goes
        return kept.length === 0 ? undefined : { ...rule, [rule.direction]: kept };
      }),
  },
  {
    id: 'named-port-outside',
    why: 'np-guard refuses an egress rule that names a port and reaches addresses (no `to`, or an ipBlock); Rampart resolves the name on the destination pods, and to nothing outside',
    applies: (objects) => objects.some((o) => o.kind === 'NetworkPolicy' && rulesOf(o).some(namedTowardsOutside)),
    neutralise: (objects) =>
      editRules(objects, (rule) => {
        if (!namedTowardsOutside(rule)) return rule;
        const ports = (rule.ports as unknown[]).filter((p) => !isNamedPort(p));
        // without its ports list a rule would allow every port: a rule of named ports only goes
        return ports.length === 0 ? undefined : { ...rule, ports };
      }),
  },
];

/** A rule with the field that holds its peers (`from` or `to`), and its direction. */
type RuleObject = Json & { direction: 'from' | 'to' };

function rulesOf(policy: KubeObject): RuleObject[] {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  const list = (field: string, direction: 'from' | 'to') =>
    (Array.isArray(spec[field]) ? (spec[field] as unknown[]) : []).filter(isRecord).map((r) => ({ ...r, direction }));
  return [...list('ingress', 'from'), ...list('egress', 'to')];
}

const peersOf = (rule: RuleObject): Json[] =>
  Array.isArray(rule[rule.direction]) ? (rule[rule.direction] as unknown[]).filter(isRecord) : [];
const isV6Block = (peer: Json) =>
  isRecord(peer.ipBlock) && typeof peer.ipBlock.cidr === 'string' && peer.ipBlock.cidr.includes(':');
const isNamedPort = (p: unknown) => isRecord(p) && typeof p.port === 'string' && !/^\d+$/.test(p.port);
const namedTowardsOutside = (rule: RuleObject) =>
  rule.direction === 'to' &&
  Array.isArray(rule.ports) &&
  rule.ports.some(isNamedPort) &&
  (peersOf(rule).length === 0 || peersOf(rule).some((p) => isRecord(p.ipBlock)));

/**
 * Rewrites the rules of every NetworkPolicy (`undefined` drops a rule). policyTypes is written
 * out first, as the API server defaults it, so dropping the last egress rule keeps the policy's
 * egress isolation.
 */
function editRules(objects: readonly KubeObject[], edit: (rule: RuleObject) => RuleObject | undefined): KubeObject[] {
  return objects.map((o) => {
    if (o.kind !== 'NetworkPolicy' || !isRecord(o.spec)) return o;
    const copy = clone(o);
    const spec = copy.spec as Json;
    if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
      spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
    }
    for (const [field, direction] of [
      ['ingress', 'from'],
      ['egress', 'to'],
    ] as const) {
      if (!Array.isArray(spec[field])) continue;
      spec[field] = (spec[field] as unknown[]).filter(isRecord).flatMap((r) => {
        const edited = edit({ ...r, direction });
        if (!edited) return [];
        const { direction: _, ...rule } = edited;
        return [rule];
      });
    }
    return copy;
  });
}

function duplicates(objects: readonly KubeObject[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const o of objects) {
    if (!DEFINED_ONCE.has(o.kind)) continue;
    const key = `${o.kind}/${namespaceOf(o)}/${String(o.metadata?.name)}`;
    if (seen.has(key)) twice.add(key);
    seen.add(key);
  }
  return twice;
}

/** `Kind/ns/name` of workload objects that control another workload object of the input. */
function ownersInInput(objects: readonly KubeObject[]): Set<string> {
  const present = new Set(
    objects.filter((o) => WORKLOADS.has(o.kind)).map((o) => `${o.kind}/${namespaceOf(o)}/${String(o.metadata?.name)}`),
  );
  const out = new Set<string>();
  for (const o of objects) {
    const ref = WORKLOADS.has(o.kind) ? controllerRef(o) : undefined;
    const key = ref && `${String(ref.kind)}/${namespaceOf(o)}/${String(ref.name)}`;
    if (key && present.has(key)) out.add(key);
  }
  return out;
}

/** `ns/Kind/name` of controllers whose pods in the input do not all carry the same labels. */
function variantOwners(objects: readonly KubeObject[]): Set<string> {
  const labelsByOwner = new Map<string, Set<string>>();
  for (const o of objects) {
    const ref = o.kind === 'Pod' ? controllerRef(o) : undefined;
    if (!ref || typeof ref.kind !== 'string' || ref.kind === '' || ref.kind === 'Node') continue;
    const key = `${namespaceOf(o)}/${ref.kind}/${String(ref.name)}`;
    const labels = isRecord(o.metadata?.labels) ? o.metadata.labels : {};
    const text = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    labelsByOwner.set(key, (labelsByOwner.get(key) ?? new Set()).add(text));
  }
  return new Set([...labelsByOwner].filter(([, variants]) => variants.size > 1).map(([key]) => key));
}
