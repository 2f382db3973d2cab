import { matchesSelector } from '../../core/inventory.js';
import type { NetpolModel } from './build-model.js';
import { IpSet } from './ip-set.js';
import type { Direction, Peer, Policy, Rule, Workload } from './model.js';

/**
 * Host-network pods, as most network plugins treat them (the Kubernetes documentation leaves
 * policy for them to the plugin; the common one cannot tell their traffic from the node's, so
 * ignores them in selectors): no policy isolates them, in either direction, and pod and
 * namespace selectors never match them. Their traffic is the node's, so a rule without peers
 * admits it, and an ipBlock does when it holds their address (a snapshot's podIPs, the node IP).
 */
export function policiesApplyTo(workload: Workload): boolean {
  return !workload.hostNetwork;
}

/**
 * What every policy and rule selects, computed once: which policies isolate each workload in
 * each direction, and which workloads each rule's peers match. The connectivity pass then
 * only walks these lists.
 */
export interface Matching {
  /** Per workload index: the active rules of the policies that select it, per direction. */
  rulesOf: Record<Direction, Rule[][]>;
  /** Per workload index: the policies that select it and isolate it, per direction. */
  policiesOf: Record<Direction, Policy[][]>;
  /** Per rule: indices of the workloads its peers match (every workload when it has no peers). */
  workloadsOf: Map<Rule, Int32Array>;
  /** Per rule: the outside addresses its peers admit (everything when it has no peers). */
  addressesOf: Map<Rule, IpSet>;
  /** Per policy: indices of the workloads it selects. */
  selectedBy: Map<Policy, Int32Array>;
}

const cache = new WeakMap<NetpolModel, Matching>();

/** The matching of a model, computed once (rules and gaps ask for it per resource). */
export function matchingOf(model: NetpolModel): Matching {
  let matching = cache.get(model);
  if (!matching) {
    matching = matchAll(model);
    cache.set(model, matching);
  }
  return matching;
}

export function matchAll(model: NetpolModel): Matching {
  const { workloads } = model;
  const ranges = namespaceRanges(workloads);
  const rulesOf: Matching['rulesOf'] = { ingress: workloads.map(() => []), egress: workloads.map(() => []) };
  const policiesOf: Matching['policiesOf'] = { ingress: workloads.map(() => []), egress: workloads.map(() => []) };
  const workloadsOf = new Map<Rule, Int32Array>();
  const addressesOf = new Map<Rule, IpSet>();
  const selectedBy = new Map<Policy, Int32Array>();
  const shared: Shared = {
    everyone: Int32Array.from(workloads, (_, i) => i),
    withIps: workloads.flatMap((w, i) => (w.ips ? [i] : [])),
  };

  for (const policy of model.policies) {
    const selected: number[] = [];
    const [from, to] = ranges.get(policy.namespace) ?? [0, 0];
    for (let i = from; i < to; i++) {
      if (matchesSelector(policy.podSelector, (workloads[i] as Workload).labels)) selected.push(i);
    }
    selectedBy.set(policy, Int32Array.from(selected));
    for (const direction of ['ingress', 'egress'] as const) {
      if (!policy.types[direction]) continue; // rules of a type the policy does not list are inert
      for (const index of selected) {
        if (!policiesApplyTo(workloads[index] as Workload)) continue;
        policiesOf[direction][index]?.push(policy);
        for (const rule of policy[direction]) rulesOf[direction][index]?.push(rule);
      }
      for (const rule of policy[direction]) {
        workloadsOf.set(rule, ruleWorkloads(rule, model, ranges, shared));
        addressesOf.set(rule, ruleAddresses(rule));
      }
    }
  }
  return { rulesOf, policiesOf, workloadsOf, addressesOf, selectedBy };
}

function ruleWorkloads(
  rule: Rule,
  model: NetpolModel,
  ranges: ReadonlyMap<string, [number, number]>,
  shared: Shared,
): Int32Array {
  const { workloads } = model;
  if (rule.peers === null) return shared.everyone;
  const hit = new Uint8Array(workloads.length);
  const out: number[] = [];
  const add = (i: number) => {
    if (hit[i]) return;
    hit[i] = 1;
    out.push(i);
  };
  for (const peer of rule.peers) {
    if (peer.kind === 'ipBlock') {
      // Pod IPs are known only in snapshots; there an ipBlock matches the pods inside it.
      for (const i of shared.withIps) if ((workloads[i] as Workload).ips?.intersects(peer.set)) add(i);
      continue;
    }
    for (const [namespace, [from, to]] of ranges) {
      if (!peerMatchesNamespace(peer, rule.policy, model, namespace)) continue;
      for (let i = from; i < to; i++) {
        const workload = workloads[i] as Workload;
        if (!policiesApplyTo(workload)) continue;
        if (peer.podSelector === undefined || matchesSelector(peer.podSelector, workload.labels)) add(i);
      }
    }
  }
  return Int32Array.from(out.sort((a, b) => a - b));
}

/** Computed once per matching: every workload (for rules without peers), and those with known IPs. */
interface Shared {
  everyone: Int32Array;
  withIps: number[];
}

/** A pods peer's namespace half: its namespaceSelector, or else the policy's own namespace. */
export function peerMatchesNamespace(
  peer: Extract<Peer, { kind: 'pods' }>,
  policy: Policy,
  model: NetpolModel,
  namespace: string,
): boolean {
  if (peer.namespaceSelector === undefined) return namespace === policy.namespace;
  return matchesSelector(peer.namespaceSelector, model.namespaces.get(namespace)?.labels);
}

/**
 * `` (shop/deny selects it, to no effect)``: the policies that select a host-network workload
 * for a direction and list it, which cannot isolate it (policiesApplyTo); empty when none do.
 */
export function unappliedNote(
  model: NetpolModel,
  matching: Matching,
  workload: Workload,
  direction: Direction,
): string {
  const names = model.policies
    .filter((p) => p.types[direction] && matching.selectedBy.get(p)?.includes(workload.index))
    .map((p) => p.id);
  return names.length === 0
    ? ''
    : ` (${names.join(', ')} ${names.length === 1 ? 'selects' : 'select'} it, to no effect)`;
}

/**
 * Whether a peer matches a workload: namespace half AND pod half, or the pod's IPs for ipBlock.
 * Selectors never match a host-network pod: its traffic is the node's (policiesApplyTo).
 */
export function peerMatchesWorkload(peer: Peer, policy: Policy, model: NetpolModel, workload: Workload): boolean {
  if (peer.kind === 'ipBlock') return workload.ips?.intersects(peer.set) === true;
  if (!policiesApplyTo(workload)) return false;
  if (!peerMatchesNamespace(peer, policy, model, workload.namespace)) return false;
  return peer.podSelector === undefined || matchesSelector(peer.podSelector, workload.labels);
}

function ruleAddresses(rule: Rule): IpSet {
  if (rule.peers === null) return IpSet.ALL_V4.union(IpSet.ALL_V6);
  let set = IpSet.EMPTY;
  for (const peer of rule.peers) if (peer.kind === 'ipBlock') set = set.union(peer.set);
  return set;
}

/** Workloads are sorted by `ns/name[Kind]`, so each namespace is one contiguous range. */
function namespaceRanges(workloads: readonly Workload[]): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  workloads.forEach((w, i) => {
    const range = out.get(w.namespace);
    if (range) range[1] = i + 1;
    else out.set(w.namespace, [i, i + 1]);
  });
  return out;
}

/** Every ipBlock of the active rules, per direction: they cut the outside into blocks. */
export function referencedBlocks(model: NetpolModel): { ingress: IpSet[]; egress: IpSet[] } {
  const out: { ingress: IpSet[]; egress: IpSet[] } = { ingress: [], egress: [] };
  for (const policy of model.policies) {
    for (const direction of ['ingress', 'egress'] as const) {
      if (!policy.types[direction]) continue;
      for (const rule of policy[direction]) {
        for (const peer of rule.peers ?? []) if (peer.kind === 'ipBlock') out[direction].push(peer.set);
      }
    }
  }
  return out;
}
