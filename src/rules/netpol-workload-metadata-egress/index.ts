import { cniReason, METADATA_ADDRESSES, metadataExposure, ruleList, workloadGaps } from '../../analyze/netpol/index.js';
import { defineRule } from '../../core/rule.js';
import { NAME, NETPOL_DOCS, NETPOL_WORKLOAD_KINDS, NSA_NETWORK } from '../netpol-support.js';

/**
 * Flags workloads that may reach a cloud metadata address on TCP 80: through the egress rules
 * that select them, or because nothing isolates them for egress (then at medium severity: the
 * open egress is the finding, the metadata service one of its consequences). Opt-in for `scan`,
 * where netpol-metadata-egress-not-blocked judges each policy; `rampart netpol gaps` runs it.
 */
export const netpolWorkloadMetadataEgress = defineRule({
  meta: {
    id: 'netpol-workload-metadata-egress',
    title: 'Workload can reach the cloud metadata service',
    description:
      'The workload may connect to a cloud instance metadata address (169.254.169.254, or fd00:ec2::254 on IPv6) on TCP 80.',
    rationale:
      "The metadata service hands out the node's cloud credentials; from a pod, one SSRF is enough to steal them.",
    remediation:
      'Isolate the workload for egress and add the metadata addresses to the `except` list of any broad ipBlock.',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: NSA_NETWORK, mitre: ['T1552.005'] },
    kinds: NETPOL_WORKLOAD_KINDS,
    messages: {
      unisolated: '{{workload}} can reach the cloud metadata service {{addresses}}: it is not isolated for egress',
      allowed: '{{workload}} can reach the cloud metadata service {{addresses}} ({{rules}})',
    },
    references: [NETPOL_DOCS],
    optIn: true,
  },
  check({ inventory, resource }) {
    const gaps = workloadGaps(inventory, resource);
    if (!('workload' in gaps)) return gaps;
    const { workload, status } = gaps;
    if (!gaps.selected.egress) {
      if (status.egress === 'cni') return [];
      if (status.unanalysed.length > 0) return { skip: `${workload.id}: ${cniReason(status.unanalysed, 'block it')}` };
      const data = { workload: workload.id, addresses: METADATA_ADDRESSES.join(', ') };
      return [{ path: NAME, messageId: 'unisolated', data, severity: 'medium' }];
    }
    const exposure = metadataExposure(gaps);
    if (exposure.rules.length === 0) return [];
    const data = { workload: workload.id, addresses: exposure.addresses.join(', '), rules: ruleList(exposure.rules) };
    return [{ path: NAME, messageId: 'allowed', data }];
  },
});
