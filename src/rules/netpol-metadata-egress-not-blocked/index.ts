import {
  IpSet,
  matchingOf,
  metadataReached,
  modelOf,
  parseRange,
  policyOf,
  resolvePorts,
} from '../../analyze/netpol/index.js';
import { formatPath, type Path } from '../../core/path.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'anyDestination' | 'ipBlock';

/**
 * Flags egress rules that let pods reach a cloud metadata address on TCP 80: a rule with no
 * `to`, or an ipBlock containing the address without excepting it. Rules whose ports exclude
 * TCP 80, ipBlocks that except the address (or its /16), and rules of a direction the policy
 * does not apply to are not findings. The message names every connection the rule allows there:
 * a rule without ports opens all of them, not only TCP 80.
 */
export const netpolMetadataEgressNotBlocked = defineRule<MessageId>({
  meta: {
    id: 'netpol-metadata-egress-not-blocked',
    title: 'Egress rule lets pods reach the cloud metadata service',
    description:
      'Reports NetworkPolicy egress rules that allow TCP 80 to 169.254.169.254 or fd00:ec2::254, the cloud instance metadata addresses.',
    rationale:
      "The metadata service hands out the node's cloud credentials over plain HTTP. A pod that can reach it turns any SSRF bug into a stolen cloud identity.",
    remediation:
      'Add `169.254.169.254/32` (and `fd00:ec2::254/128` on IPv6 clusters) to the `except` list of broad ipBlocks, or list the destinations the pods need instead of allowing all egress.',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening'], mitre: ['T1552.005'] },
    kinds: ['NetworkPolicy'],
    messages: {
      anyDestination:
        'egress rule {{rule}} allows every destination on {{conn}}, the cloud metadata service {{addresses}} included',
      ipBlock:
        'egress rule {{rule}} allows the cloud metadata service {{addresses}} on {{conn}} through ipBlock {{cidr}}',
    },
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource'],
  },
  check({ resource, inventory }) {
    const model = modelOf(inventory);
    const policy = policyOf(inventory, resource);
    if ('skip' in policy) return policy;
    if (!policy.types.egress) return [];
    const matching = matchingOf(model);
    const reports: Report<MessageId>[] = [];
    for (const rule of policy.egress) {
      const addresses = metadataReached(rule, matching.addressesOf.get(rule) ?? IpSet.EMPTY);
      if (addresses.length === 0) continue;
      // what the rule allows to addresses outside the cluster (named ports resolve to nothing there)
      const conn = resolvePorts(rule.ports, undefined).describe();
      const data = { rule: formatPath(rule.path), addresses: addresses.join(', '), conn };
      if (rule.peers === null) {
        reports.push({ path: rule.path, messageId: 'anyDestination', data });
        continue;
      }
      const peer = rule.peers.find(
        (p) => p.kind === 'ipBlock' && addresses.some((a) => p.set.intersects(parseRange(a) ?? IpSet.EMPTY)),
      );
      if (peer?.kind !== 'ipBlock') continue;
      const path: Path = [...rule.path, 'to', peer.index, 'ipBlock', 'cidr'];
      reports.push({ path, messageId: 'ipBlock', data: { ...data, cidr: peer.cidr } });
    }
    return reports;
  },
});
