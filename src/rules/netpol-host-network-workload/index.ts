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
    description: 'The workload uses hostNetwork; NetworkPolicy does not apply to host-network pods on most CNIs.',
    rationale: "Its connectivity is the node's, whatever the policies say; the analysis cannot vouch for it.",
    remediation: 'Avoid hostNetwork, or protect the node with host firewall rules.',
    stage: 'runtime',
    severity: 'info',
    owner: 'platform',
    frameworks: {},
    kinds: NETPOL_WORKLOAD_KINDS,
    messages: {
      host: '{{workload}} uses hostNetwork: NetworkPolicy may not apply to it, so its listed connectivity may be wrong',
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
