import { locate } from '../../core/engine.js';
import { formatPath } from '../../core/path.js';
import { ConnSet, type Protocol } from './conn-set.js';
import type { Connectivity } from './connectivity.js';
import type { Endpoint } from './endpoints.js';
import { peerMatchesWorkload, policiesApplyTo, unappliedNote } from './matching.js';
import type { Direction, Rule } from './model.js';
import { describePorts } from './ports.js';

/** A rule that admits the peer, with what it allows towards the destination. */
export interface RuleVerdict {
  policy: string;
  /** Dotted path of the rule (`spec.ingress[0]`) and of the matching peer, if the rule lists peers. */
  rule: string;
  peer?: string;
  ports: string;
  /** What the rule allows between this pair, in the connectivity-list form. */
  conn: string;
  /** Whether it admits the probed connection (without a probe: whether it allows anything). */
  admits: boolean;
  /** Where the rule is written. */
  location?: { file: string; line: number };
}

export interface SideExplanation {
  direction: Direction;
  /** The workload whose policies decide this side; undefined for the outside. */
  subject?: string;
  isolated: boolean;
  /** Policies that select the subject for this direction. */
  policies: string[];
  /** Rules that match the other end, admitting or not. */
  rules: RuleVerdict[];
  conn: string;
  allowed: boolean;
  reason: string;
}

export interface Explanation {
  from: string;
  to: string;
  probe?: string;
  egress: SideExplanation;
  ingress: SideExplanation;
  /** Allowed connections between the pair: egress and ingress both. */
  conn: string;
  allowed: boolean;
}

export interface Probe {
  protocol: Protocol;
  port: number;
}

/** Explains one direction pair: the source's egress, then the destination's ingress. */
export function explain(connectivity: Connectivity, from: Endpoint, to: Endpoint, probe?: Probe): Explanation {
  const egress = side(connectivity, 'egress', from, to, probe);
  const ingress = side(connectivity, 'ingress', to, from, probe);
  const conn = egress.set.intersect(ingress.set);
  const allowed = probe ? conn.contains(probe.protocol, probe.port) : !conn.isEmpty();
  const out: Explanation = {
    from: from.name,
    to: to.name,
    egress: egress.explanation,
    ingress: ingress.explanation,
    conn: conn.toString(),
    allowed,
  };
  if (probe) out.probe = `${probe.protocol} ${probe.port}`;
  return out;
}

/** `subject` is the end whose policies decide this direction; `other` the end it talks to. */
function side(
  connectivity: Connectivity,
  direction: Direction,
  subject: Endpoint,
  other: Endpoint,
  probe?: Probe,
): { explanation: SideExplanation; set: ConnSet } {
  if (subject.kind === 'external') {
    const explanation: SideExplanation = {
      direction,
      isolated: false,
      policies: [],
      rules: [],
      conn: ConnSet.ALL.toString(),
      allowed: true,
      reason: `${subject.name} is outside the cluster: no NetworkPolicy governs its ${direction}`,
    };
    return { explanation, set: ConnSet.ALL };
  }
  const { matching } = connectivity;
  const workload = subject.workload;
  const policies = matching.policiesOf[direction][workload.index] ?? [];
  const base = { direction, subject: workload.id, policies: policies.map((p) => p.id) };
  if (policies.length === 0) {
    const anything = `${direction === 'egress' ? 'it may send' : 'it accepts'} anything (not isolated)`;
    const explanation: SideExplanation = {
      ...base,
      isolated: false,
      rules: [],
      conn: ConnSet.ALL.toString(),
      allowed: true,
      reason: policiesApplyTo(workload)
        ? `no NetworkPolicy selects ${workload.id} for ${direction}, so ${anything}`
        : `${workload.id} uses hostNetwork, and NetworkPolicy does not isolate host-network pods${unappliedNote(connectivity.model, matching, workload, direction)}, so ${anything}`,
    };
    return { explanation, set: ConnSet.ALL };
  }
  const destination = direction === 'ingress' ? workload : other.kind === 'workload' ? other.workload : undefined;
  const rules: RuleVerdict[] = [];
  let conn = ConnSet.EMPTY;
  for (const rule of matching.rulesOf[direction][workload.index] ?? []) {
    const peer = matchingPeer(connectivity, rule, other);
    if (peer === false) continue;
    const allowed = connectivity.table.get(connectivity.ruleConn(rule, destination));
    conn = conn.union(allowed);
    const verdict: RuleVerdict = {
      policy: rule.policy.id,
      rule: formatPath(rule.path),
      ports: describePorts(rule.ports),
      conn: allowed.toString(),
      admits: probe ? allowed.contains(probe.protocol, probe.port) : !allowed.isEmpty(),
    };
    if (peer !== null) verdict.peer = peer;
    const location = locate(rule.policy.resource, rule.path);
    if (location) verdict.location = { file: location.file, line: location.line };
    rules.push(verdict);
  }
  const allowed = probe ? conn.contains(probe.protocol, probe.port) : !conn.isEmpty();
  const by = `isolated for ${direction} by ${policies.map((p) => p.id).join(', ')}`;
  const what = probe ? `on ${probe.protocol} ${probe.port}` : 'on any port';
  let reason: string;
  if (allowed)
    reason = `${by}; allowed by ${rules
      .filter((r) => r.admits)
      .map((r) => `${r.policy} ${r.rule}`)
      .join(', ')}`;
  else if (rules.length === 0) reason = `${by}; no rule of these policies matches ${other.name}${hostPeer(other)}`;
  else reason = `${by}; the rules that match ${other.name} do not allow it ${what}`;
  return { explanation: { ...base, isolated: true, rules, conn: conn.toString(), allowed, reason }, set: conn };
}

/** The first peer of `rule` that matches `other` (its path), null for a rule without peers, false for none. */
function matchingPeer(connectivity: Connectivity, rule: Rule, other: Endpoint): string | null | false {
  if (rule.peers === null) return null;
  const field = rule.direction === 'ingress' ? 'from' : 'to';
  for (const peer of rule.peers) {
    const hit =
      other.kind === 'workload'
        ? peerMatchesWorkload(peer, rule.policy, connectivity.model, other.workload)
        : peer.kind === 'ipBlock' && peer.set.intersects(other.addresses);
    if (hit) return formatPath([...rule.path, field, peer.index]);
  }
  return false;
}

/** Why no selector matches a host-network peer: its traffic is the node's. */
function hostPeer(other: Endpoint): string {
  return other.kind === 'workload' && !policiesApplyTo(other.workload)
    ? ` (it uses hostNetwork: pod and namespace selectors do not match host-network pods, whose traffic is the node's; only a rule without peers, or an ipBlock holding the node's address, admits it)`
    : '';
}
