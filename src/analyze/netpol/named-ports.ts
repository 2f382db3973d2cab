import type { NetpolModel } from './build-model.js';
import type { Matching } from './matching.js';
import type { Policy, Rule, Workload } from './model.js';

export interface UnresolvedPort {
  policy: Policy;
  rule: Rule;
  /** Index in the rule's ports. */
  port: number;
  name: string;
  protocol: string;
  /** `pods`: no destination pod declares it; `outside`: the rule reaches only ipBlocks, where names mean nothing. */
  reason: 'pods' | 'outside';
  /** How many destination pods were looked at. */
  checked: number;
}

/**
 * Named ports that resolve to no container port of any destination pod. Ingress names resolve
 * against the pods the policy selects; egress names against the pods the rule's peers match.
 * When the input holds no destination pod at all, the port is not judged.
 */
export function unresolvedNamedPorts(model: NetpolModel, matching: Matching, policy: Policy): UnresolvedPort[] {
  const out: UnresolvedPort[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    if (!policy.types[direction]) continue;
    for (const rule of policy[direction]) {
      (rule.ports ?? []).forEach((spec, port) => {
        if (spec.kind !== 'named') return;
        const outsideOnly =
          direction === 'egress' && rule.peers !== null && rule.peers.every((p) => p.kind === 'ipBlock');
        const targets = direction === 'ingress' ? matching.selectedBy.get(policy) : matching.workloadsOf.get(rule);
        const pods = [...(targets ?? [])].map((i) => model.workloads[i] as Workload);
        const declares = (w: Workload) => (w.namedPorts.get(spec.name) ?? []).some((p) => p.protocol === spec.protocol);
        const base = { policy, rule, port, name: spec.name, protocol: spec.protocol, checked: pods.length };
        if (outsideOnly && !pods.some(declares)) out.push({ ...base, reason: 'outside' });
        else if (pods.length > 0 && !pods.some(declares)) out.push({ ...base, reason: 'pods' });
      });
    }
  }
  return out;
}
