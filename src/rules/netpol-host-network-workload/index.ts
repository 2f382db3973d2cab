import { workloadGaps } from '../../analyze/netpol/index.js';
import { podTemplate } from '../../core/pod-spec.js';
import { defineRule } from '../../core/rule.js';
import { NETPOL_DOCS, NETPOL_WORKLOAD_KINDS } from '../netpol-support.js';

/**
 * Warns about workloads on the host network: a caveat about the analysis, not a gap of the
 * policies, so a warning that never fails a run. Opt-in for `scan` (pss-host-namespaces judges
 * hostNetwork itself); `rampart netpol gaps` runs it beside the connectivity it qualifies.
 */
export const netpolHostNetworkWorkload = defineRule({
  meta: {
    id: 'netpol-host-network-workload',
    title: 'Workload on the host network',
    description:
      'The workload uses hostNetwork; on most CNIs NetworkPolicy neither isolates host-network pods nor matches them by selectors, and the analysis shows them so.',
    rationale:
      "Its connectivity is the node's, whatever the policies say; Kubernetes leaves NetworkPolicy for host-network pods to the network plugin, so the analysis states the common behaviour and says so.",
    remediation: 'Avoid hostNetwork, or protect the node with host firewall rules.',
    stage: 'runtime',
    severity: 'info',
    owner: 'platform',
    frameworks: {},
    kinds: NETPOL_WORKLOAD_KINDS,
    messages: {
      host: '{{workload}} uses hostNetwork: the analysis shows it open in both directions and unmatched by pod or namespace selectors, as most network plugins treat host-network pods; a plugin that enforces policy on them would allow less',
    },
    references: [NETPOL_DOCS],
    optIn: true,
  },
  check({ inventory, resource }) {
    const gaps = workloadGaps(inventory, resource);
    if (!('workload' in gaps)) return gaps;
    if (!gaps.workload.hostNetwork) return [];
    const path = [...(podTemplate(resource.object)?.specPath ?? []), 'hostNetwork'];
    return [{ path, messageId: 'host', data: { workload: gaps.workload.id }, verdict: 'warn' }];
  },
});
