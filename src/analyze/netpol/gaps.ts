import type { Inventory } from '../../core/inventory.js';
import { formatPath } from '../../core/path.js';
import { podTemplate } from '../../core/pod-spec.js';
import type { Resource } from '../../core/resource.js';
import { NOT_APPLICABLE, type NotApplicable, type Skip } from '../../core/rule.js';
import { modelOf, type NetpolModel } from './build-model.js';
import { ConnSet } from './conn-set.js';
import { ConnTable } from './conn-table.js';
import { analyze, type Connectivity } from './connectivity.js';
import { type DefaultDenyStatus, defaultDenyStatus } from './default-deny.js';
import { IpSet } from './ip-set.js';
import { type Matching, matchingOf, policiesApplyTo, unappliedNote } from './matching.js';
import { metadataReached } from './metadata.js';
import type { CniPolicy, Direction, Policy, Rule, Workload } from './model.js';
import { isEmptySelector, isNetworkPolicy } from './policies.js';
import { resolvePorts } from './ports.js';

/*
 * What the policies leave open, judged for the `netpol-*` gap rules: each rule asks one question
 * of the connectivity of its inventory, computed once. Where CNI policies the analysis does not
 * read could change an answer, the answer is a skip that says so: it never claims a workload is
 * open when a CNI may close it.
 */

const connectivities = new WeakMap<NetpolModel, Connectivity>();
const representatives = new WeakMap<NetpolModel, Map<Resource, Workload>>();

/** The connectivity of an inventory's NetworkPolicies, analysed once for all rules and resources. */
export function connectivityOf(inventory: Inventory): Connectivity {
  const model = modelOf(inventory);
  let connectivity = connectivities.get(model);
  if (!connectivity) {
    connectivity = analyze(model);
    connectivities.set(model, connectivity);
  }
  return connectivity;
}

/**
 * The parsed NetworkPolicy a resource defines, for the rules that judge policies: CNI policies of
 * the same kind name, and policies the API server would reject, are skips that say so.
 */
export function policyOf(inventory: Inventory, resource: Resource): Policy | Skip {
  const { object } = resource;
  if (!isNetworkPolicy(object))
    return { skip: `${object.apiVersion} ${object.kind} is not a Kubernetes NetworkPolicy` };
  const policy = modelOf(inventory).policies.find((p) => p.resource === resource);
  return policy ?? { skip: 'the policy is invalid (see the input errors); the API server would reject it' };
}

/**
 * One workload, with what every workload gap rule reads about it. The connectivity (every pair of
 * workloads: quadratic in their number) is analysed only when a rule asks about exposure.
 */
export interface WorkloadGaps {
  inventory: Inventory;
  model: NetpolModel;
  matching: Matching;
  workload: Workload;
  status: DefaultDenyStatus;
  /** Whether a NetworkPolicy selects the workload, per direction. */
  selected: Record<Direction, boolean>;
}

/**
 * The workload a resource defines. Pods folded into a controller (a snapshot's ReplicaSet pods)
 * are judged once, on the workload's representative: the others are not applicable.
 */
export function workloadGaps(inventory: Inventory, resource: Resource): WorkloadGaps | Skip | NotApplicable {
  const { object } = resource;
  if (!podTemplate(object)) return { skip: `${object.apiVersion} ${object.kind} runs no pods` };
  const model = modelOf(inventory);
  const matching = matchingOf(model);
  let byResource = representatives.get(model);
  if (!byResource) {
    byResource = new Map(model.workloads.map((w) => [w.resource, w]));
    representatives.set(model, byResource);
  }
  const workload = byResource.get(resource);
  if (!workload) return NOT_APPLICABLE;
  return {
    inventory,
    model,
    matching,
    workload,
    status: defaultDenyStatus(model, workload.namespace),
    selected: {
      ingress: (matching.policiesOf.ingress[workload.index] ?? []).length > 0,
      egress: (matching.policiesOf.egress[workload.index] ?? []).length > 0,
    },
  };
}

/**
 * Whether a direction is isolated: by a policy, by a CNI default deny, or unknown because of CNI
 * policies. A host-network workload is isolated by neither kind of default deny (policiesApplyTo).
 */
export function isolation(gaps: WorkloadGaps, direction: Direction): 'isolated' | 'open' | Skip {
  if (gaps.selected[direction]) return 'isolated';
  if (gaps.status[direction] === 'cni' && policiesApplyTo(gaps.workload)) return 'isolated';
  if (gaps.status.unanalysed.length > 0)
    return { skip: `${gaps.workload.id}: ${cniReason(gaps.status.unanalysed, 'isolate it')}` };
  return 'open';
}

export interface Exposure {
  /** The ingress rules that open it, in policy order. */
  rules: Rule[];
  /** The connections in words, exactly (`TCP 80,443`, `all ports and protocols`). */
  conn: string;
}

/** Connections admitted from every pod of every namespace: an empty namespaceSelector, or a rule without `from`. */
export function clusterWideExposure(gaps: WorkloadGaps): Exposure | undefined {
  const { workload } = gaps;
  const connectivity = connectivityOf(gaps.inventory);
  const rules = (connectivity.matching.rulesOf.ingress[workload.index] ?? []).filter(
    (rule) =>
      rule.peers === null ||
      rule.peers.some(
        (p) =>
          p.kind === 'pods' &&
          p.namespaceSelector !== undefined &&
          isEmptySelector(p.namespaceSelector) &&
          isEmptySelector(p.podSelector),
      ),
  );
  const conn = rules.reduce(
    (acc, rule) => connectivity.table.union(acc, connectivity.ruleConn(rule, workload)),
    ConnTable.EMPTY,
  );
  return conn === ConnTable.EMPTY ? undefined : { rules, conn: connectivity.table.get(conn).describe() };
}

/** Connections admitted from addresses outside the cluster; `everything` when a whole family is open. */
export function externalExposure(gaps: WorkloadGaps): (Exposure & { ranges: string; everything: boolean }) | undefined {
  const { workload, matching } = gaps;
  const connectivity = connectivityOf(gaps.inventory);
  let addresses = IpSet.EMPTY;
  let conn = ConnTable.EMPTY;
  const rules: Rule[] = [];
  // Per rule rather than per listed block: a rule without peers admits the IPv6 outside too,
  // whether or not the list shows IPv6 (it does once a policy names an IPv6 block).
  for (const rule of matching.rulesOf.ingress[workload.index] ?? []) {
    const from = matching.addressesOf.get(rule) ?? IpSet.EMPTY;
    const allowed = connectivity.ruleConn(rule, workload);
    if (from.isEmpty() || allowed === ConnTable.EMPTY) continue;
    rules.push(rule);
    addresses = addresses.union(from);
    conn = connectivity.table.union(conn, allowed);
  }
  if (addresses.isEmpty()) return undefined;
  const cidrs = addresses.toCidrs();
  return {
    rules,
    conn: connectivity.table.get(conn).describe(),
    ranges: cidrs.length <= 4 ? cidrs.join(', ') : addresses.toRanges(),
    everything: addresses.covers(IpSet.ALL_V4) || addresses.covers(IpSet.ALL_V6),
  };
}

/**
 * The cloud metadata addresses the workload's egress rules reach, the rules that reach them, and
 * in words what they allow to each (`169.254.169.254 and fd00:ec2::254 on TCP 80,443`).
 */
export function metadataExposure(gaps: WorkloadGaps): { rules: Rule[]; addresses: string[]; reach: string } {
  const { matching } = gaps;
  const rules: Rule[] = [];
  const reached = new Map<string, ConnSet>();
  for (const rule of matching.rulesOf.egress[gaps.workload.index] ?? []) {
    const hits = metadataReached(rule, matching.addressesOf.get(rule) ?? IpSet.EMPTY);
    if (hits.length === 0) continue;
    rules.push(rule);
    const conn = resolvePorts(rule.ports, undefined);
    for (const hit of hits) reached.set(hit, (reached.get(hit) ?? ConnSet.EMPTY).union(conn));
  }
  // addresses that share their connections are named together: `a and b on TCP 80`
  const byConn = new Map<string, string[]>();
  for (const [address, conn] of reached) {
    const words = conn.describe();
    byConn.set(words, [...(byConn.get(words) ?? []), address]);
  }
  const reach = [...byConn].map(([words, addresses]) => `${addresses.join(' and ')} on ${words}`).join('; ');
  return { rules, addresses: [...reached.keys()], reach };
}

/**
 * Why a host-network workload is open in a direction, for messages: `` (shop/deny selects it, to
 * no effect)`` when policies select it, else nothing. Undefined for a workload policies apply to.
 */
export function hostNetworkNote(gaps: WorkloadGaps, direction: Direction): string | undefined {
  if (policiesApplyTo(gaps.workload)) return undefined;
  return unappliedNote(gaps.model, gaps.matching, gaps.workload, direction);
}

export function cniReason(policies: readonly CniPolicy[], what: string): string {
  const names = policies.map((c) => `${c.kind} ${c.name}`).join(', ');
  return `CNI policies (${names}) that Rampart does not evaluate may ${what}`;
}

/** `shop/web spec.ingress[0], shop/db spec.ingress[1]`: the rules a message names. */
export function ruleList(rules: readonly Rule[]): string {
  return rules.map((r) => `${r.policy.id} ${formatPath(r.path)}`).join(', ');
}
