import {
  type ConnSet,
  IpSet,
  matchingOf,
  modelOf,
  type NetpolModel,
  type Policy,
  policyOf,
  type Rule,
  resolvePorts,
} from '../../analyze/netpol/index.js';
import type { Path } from '../../core/path.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'ingress' | 'egress' | 'anySource' | 'anyDestination';

/**
 * Flags rules that admit every address outside the cluster: ipBlock peers that together cover
 * every IPv4 or every IPv6 address (`0.0.0.0/0` or `::/0` without `except`, or the space split
 * across peers of one rule), and rules with no `from`/`to` at all (`ingress: [{}]`), which admit
 * every source or destination, both address families included, as the analyzer and the gap
 * rules read them. A block with an `except`, rules whose ports allow nothing towards the outside
 * (a named port of an egress rule), and rules in a direction the policy does not list in
 * policyTypes (they never apply) are not findings. Messages name the ports, exactly.
 */
export const netpolAllowsAllExternal = defineRule<MessageId>({
  meta: {
    id: 'netpol-allows-all-external',
    title: 'NetworkPolicy opens a workload to every address outside the cluster',
    description:
      'Reports NetworkPolicy rules that admit every IPv4 or IPv6 address: ipBlock peers covering the whole space with no except, or a rule with no `from` (ingress) or `to` (egress).',
    rationale:
      'An ipBlock of 0.0.0.0/0, or a rule without peers, admits the whole internet as a source, or lets pods send anywhere, which is how data leaves a compromised pod. Such a rule usually stands in for a narrower intent: a load balancer range, a partner network, a registry, the cluster DNS.',
    remediation:
      'Name the peers that must connect (pods, namespaces, the ingress controller), narrow the ipBlock to the networks that need it, or add `except` entries (private ranges, 169.254.169.254/32).',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening'], mitre: ['T1190'] },
    kinds: ['NetworkPolicy'],
    messages: {
      ingress: 'ingress rule {{rule}} admits every {{family}} address as a source ({{cidrs}}) on {{conn}}',
      egress: 'egress rule {{rule}} lets the selected pods send to every {{family}} address ({{cidrs}}) on {{conn}}',
      anySource:
        'ingress rule {{rule}} has no `from`: it admits every source on {{conn}}, every IPv4 and IPv6 address outside the cluster included',
      anyDestination:
        'egress rule {{rule}} has no `to`: it lets the selected pods send to every destination on {{conn}}, every IPv4 and IPv6 address outside the cluster included',
    },
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource'],
  },
  check({ resource, inventory }) {
    const policy = policyOf(inventory, resource);
    if ('skip' in policy) return policy;
    const model = modelOf(inventory);
    const reports: Report<MessageId>[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      if (!policy.types[direction]) continue;
      const field = direction === 'ingress' ? 'from' : 'to';
      const lower = direction === 'egress' ? { severity: 'low' as const } : {};
      for (const rule of policy[direction]) {
        const conn = outsideConn(model, policy, rule);
        if (conn.isEmpty()) continue;
        const data = { rule: `spec.${direction}[${rule.index}]`, conn: conn.describe() };
        if (rule.peers === null) {
          const messageId = direction === 'ingress' ? 'anySource' : 'anyDestination';
          reports.push({ path: rule.path, messageId, data, ...lower });
          continue;
        }
        const blocks = rule.peers.filter((p) => p.kind === 'ipBlock');
        const covered = blocks.reduce((acc, p) => acc.union(p.set), IpSet.EMPTY);
        for (const [family, all] of [
          ['IPv4', IpSet.ALL_V4],
          ['IPv6', IpSet.ALL_V6],
        ] as const) {
          if (!covered.covers(all)) continue;
          const contributing = blocks.filter((p) => p.set.intersects(all));
          const first = contributing[0];
          if (!first) continue;
          const path: Path = [...rule.path, field, first.index, 'ipBlock', 'cidr'];
          const cidrs = contributing.map((p) => p.cidr).join(', ');
          reports.push({ path, messageId: direction, data: { ...data, family, cidrs }, ...lower });
        }
      }
    }
    return reports;
  },
});

/**
 * What a rule allows between the outside and the pods: an ingress rule's named ports resolve on
 * the pods the policy selects; an egress rule's resolve on nothing outside the cluster.
 */
function outsideConn(model: NetpolModel, policy: Policy, rule: Rule): ConnSet {
  if (rule.direction === 'egress') return resolvePorts(rule.ports, undefined);
  let conn = resolvePorts(rule.ports, undefined);
  for (const w of matchingOf(model).selectedBy.get(policy) ?? []) {
    conn = conn.union(resolvePorts(rule.ports, model.workloads[w]));
  }
  return conn;
}
