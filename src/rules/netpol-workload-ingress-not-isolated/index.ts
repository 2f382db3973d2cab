import { hostNetworkNote, isolation, workloadGaps } from '../../analyze/netpol/index.js';
import { defineRule } from '../../core/rule.js';
import { NAME, NETPOL_DOCS, NETPOL_WORKLOAD_KINDS, NSA_NETWORK } from '../netpol-support.js';

/**
 * Flags workloads no NetworkPolicy selects for ingress, and host-network workloads, which no policy
 * isolates (a policy that selects one is named, to no effect). Opt-in for `scan`, where
 * netpol-namespace-without-default-deny already reports the namespace; `rampart netpol gaps`
 * runs it to list every open workload.
 */
export const netpolWorkloadIngressNotIsolated = defineRule({
  meta: {
    id: 'netpol-workload-ingress-not-isolated',
    title: 'Workload not isolated for ingress',
    description:
      'No NetworkPolicy selects the workload for ingress (or it uses hostNetwork, which policies do not isolate), so any pod in the cluster and any address outside may connect to it.',
    rationale: 'An unisolated workload is reachable from every compromised pod: the first hop of lateral movement.',
    remediation:
      'Select the workload with a NetworkPolicy listing Ingress (a namespace default deny does it for all pods), and allow only its clients.',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: { nsa: NSA_NETWORK, mitre: ['T1210'] },
    kinds: NETPOL_WORKLOAD_KINDS,
    messages: {
      open: 'no NetworkPolicy selects {{workload}} for ingress: anything in the cluster or outside can connect to it',
      hostNetwork:
        '{{workload}} uses hostNetwork, and NetworkPolicy does not isolate host-network pods{{selected}}: anything in the cluster or outside can connect to it',
    },
    references: [NETPOL_DOCS],
    optIn: true,
  },
  check({ inventory, resource }) {
    const gaps = workloadGaps(inventory, resource);
    if (!('workload' in gaps)) return gaps;
    const isolated = isolation(gaps, 'ingress');
    if (isolated === 'isolated') return [];
    if (isolated !== 'open') return isolated;
    const selected = hostNetworkNote(gaps, 'ingress');
    if (selected === undefined) return [{ path: NAME, messageId: 'open', data: { workload: gaps.workload.id } }];
    return [{ path: NAME, messageId: 'hostNetwork', data: { workload: gaps.workload.id, selected } }];
  },
});
