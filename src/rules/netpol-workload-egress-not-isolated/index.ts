import { hostNetworkNote, isolation, workloadGaps } from '../../analyze/netpol/index.js';
import { defineRule } from '../../core/rule.js';
import { NAME, NETPOL_DOCS, NETPOL_WORKLOAD_KINDS, NSA_NETWORK } from '../netpol-support.js';

/**
 * Flags workloads no NetworkPolicy selects for egress, and host-network workloads, which no policy
 * isolates (a policy that selects one is named, to no effect). Opt-in for `scan`, where
 * netpol-namespace-without-default-deny already reports the namespace; `rampart netpol gaps`
 * runs it to list every open workload.
 */
export const netpolWorkloadEgressNotIsolated = defineRule({
  meta: {
    id: 'netpol-workload-egress-not-isolated',
    title: 'Workload not isolated for egress',
    description:
      'No NetworkPolicy selects the workload for egress (or it uses hostNetwork, which policies do not isolate), so it may connect anywhere, inside the cluster and out.',
    rationale:
      'Unrestricted egress lets a compromised pod exfiltrate data, reach the cloud metadata service and pivot to other workloads.',
    remediation:
      'Select the workload with a NetworkPolicy listing Egress, and allow only the destinations it needs (and DNS).',
    stage: 'runtime',
    severity: 'low',
    owner: 'platform',
    frameworks: { nsa: NSA_NETWORK, mitre: ['T1041'] },
    kinds: NETPOL_WORKLOAD_KINDS,
    messages: {
      open: 'no NetworkPolicy selects {{workload}} for egress: it can connect anywhere',
      hostNetwork:
        '{{workload}} uses hostNetwork, and NetworkPolicy does not isolate host-network pods{{selected}}: it can connect anywhere',
    },
    references: [NETPOL_DOCS],
    optIn: true,
  },
  check({ inventory, resource }) {
    const gaps = workloadGaps(inventory, resource);
    if (!('workload' in gaps)) return gaps;
    const isolated = isolation(gaps, 'egress');
    if (isolated === 'isolated') return [];
    if (isolated !== 'open') return isolated;
    const selected = hostNetworkNote(gaps, 'egress');
    if (selected === undefined) return [{ path: NAME, messageId: 'open', data: { workload: gaps.workload.id } }];
    return [{ path: NAME, messageId: 'hostNetwork', data: { workload: gaps.workload.id, selected } }];
  },
});
