import { IpSet, policyOf } from '../../analyze/netpol/index.js';
import type { Path } from '../../core/path.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'ingress' | 'egress';

/**
 * Flags ipBlock peers that together cover every IPv4 or every IPv6 address: `0.0.0.0/0` or
 * `::/0` without `except`, or the same space split across peers of one rule (`0.0.0.0/1` and
 * `128.0.0.0/1`). A block with an `except`, and rules in a direction the policy does not list
 * in policyTypes (they never apply), are not findings.
 */
export const netpolAllowsAllExternal = defineRule<MessageId>({
  meta: {
    id: 'netpol-allows-all-external',
    title: 'NetworkPolicy opens a workload to every address outside the cluster',
    description: 'Reports NetworkPolicy rules whose ipBlock peers cover the whole IPv4 or IPv6 space with no except.',
    rationale:
      'An ipBlock of 0.0.0.0/0 admits the whole internet as a source, or lets pods send anywhere, which is how data leaves a compromised pod. Such a rule usually stands in for a narrower intent: a load balancer range, a partner network, a registry.',
    remediation:
      'Narrow the ipBlock to the networks that must connect, or add `except` entries (private ranges, 169.254.169.254/32); for ingress from users, admit the ingress controller pods instead of addresses.',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening'], mitre: ['T1190'] },
    kinds: ['NetworkPolicy'],
    messages: {
      ingress: 'ingress rule {{rule}} admits every {{family}} address as a source ({{cidrs}})',
      egress: 'egress rule {{rule}} lets the selected pods send to every {{family}} address ({{cidrs}})',
    },
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource'],
  },
  check({ resource, inventory }) {
    const policy = policyOf(inventory, resource);
    if ('skip' in policy) return policy;
    const reports: Report<MessageId>[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      if (!policy.types[direction]) continue;
      const field = direction === 'ingress' ? 'from' : 'to';
      for (const rule of policy[direction]) {
        const blocks = (rule.peers ?? []).filter((p) => p.kind === 'ipBlock');
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
          reports.push({
            path,
            messageId: direction,
            data: {
              rule: `spec.${direction}[${rule.index}]`,
              family,
              cidrs: contributing.map((p) => p.cidr).join(', '),
            },
            ...(direction === 'egress' ? { severity: 'low' as const } : {}),
          });
        }
      }
    }
    return reports;
  },
});
