import { externalExposure, ruleList, workloadGaps } from '../../analyze/netpol/index.js';
import { defineRule } from '../../core/rule.js';
import { NAME, NETPOL_DOCS, NETPOL_WORKLOAD_KINDS, NSA_NETWORK } from '../netpol-support.js';

/**
 * Flags workloads isolated for ingress whose policies admit addresses outside the cluster: high
 * when a whole address family is open, medium for narrower ranges. Opt-in for `scan`, like
 * netpol-reachable-from-cluster: it needs the connectivity of every pair of workloads.
 */
export const netpolReachableFromOutside = defineRule({
  meta: {
    id: 'netpol-reachable-from-outside',
    title: 'Workload reachable from outside the cluster',
    description: 'An ingress rule admits addresses outside the cluster: an ipBlock, or a rule without `from`.',
    rationale:
      'Reachability from outside is the attack surface; it should be deliberate, narrow and behind an ingress controller.',
    remediation:
      'Admit the ingress controller pods instead of addresses, or narrow the ipBlock to the networks that must connect.',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: NSA_NETWORK, mitre: ['T1190'] },
    kinds: NETPOL_WORKLOAD_KINDS,
    messages: { open: '{{workload}} accepts connections on {{conn}} from outside the cluster: {{ranges}} ({{rules}})' },
    references: [NETPOL_DOCS],
    optIn: true,
  },
  check({ inventory, resource }) {
    const gaps = workloadGaps(inventory, resource);
    if (!('workload' in gaps)) return gaps;
    if (!gaps.selected.ingress) return [];
    const exposure = externalExposure(gaps);
    if (!exposure) return [];
    const data = {
      workload: gaps.workload.id,
      conn: exposure.conn,
      ranges: exposure.ranges,
      rules: ruleList(exposure.rules),
    };
    return [{ path: NAME, messageId: 'open', data, ...(exposure.everything ? {} : { severity: 'medium' as const }) }];
  },
});
