import {
  hostNetworkNote,
  isolation,
  METADATA_ADDRESSES,
  metadataExposure,
  ruleList,
  workloadGaps,
} from '../../analyze/netpol/index.js';
import { defineRule } from '../../core/rule.js';
import { NAME, NETPOL_DOCS, NETPOL_WORKLOAD_KINDS, NSA_NETWORK } from '../netpol-support.js';

/**
 * Flags workloads that may reach a cloud metadata address on TCP 80: through the egress rules
 * that select them, or because nothing isolates them for egress, host-network workloads included
 * (then at medium severity: the open egress is the finding, the metadata service one of its
 * consequences). Messages say which connections reach it, exactly. Opt-in for `scan`,
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
      unisolated:
        '{{workload}} can reach the cloud metadata service {{addresses}} on all ports and protocols: it is not isolated for egress',
      hostNetwork:
        '{{workload}} can reach the cloud metadata service {{addresses}} on all ports and protocols: it uses hostNetwork, and NetworkPolicy does not isolate host-network pods{{selected}}',
      allowed: '{{workload}} can reach the cloud metadata service {{reach}} ({{rules}})',
    },
    references: [NETPOL_DOCS],
    optIn: true,
  },
  check({ inventory, resource }) {
    const gaps = workloadGaps(inventory, resource);
    if (!('workload' in gaps)) return gaps;
    const { workload } = gaps;
    const isolated = isolation(gaps, 'egress');
    if (isolated === 'open') {
      const data = { workload: workload.id, addresses: METADATA_ADDRESSES.join(' and ') };
      const selected = hostNetworkNote(gaps, 'egress');
      if (selected === undefined) return [{ path: NAME, messageId: 'unisolated', data, severity: 'medium' }];
      return [{ path: NAME, messageId: 'hostNetwork', data: { ...data, selected }, severity: 'medium' }];
    }
    if (isolated !== 'isolated') return isolated;
    const exposure = metadataExposure(gaps);
    if (exposure.rules.length === 0) return [];
    const data = { workload: workload.id, reach: exposure.reach, rules: ruleList(exposure.rules) };
    return [{ path: NAME, messageId: 'allowed', data }];
  },
});
