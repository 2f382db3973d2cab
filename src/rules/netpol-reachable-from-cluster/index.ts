import { clusterWideExposure, ruleList, workloadGaps } from '../../analyze/netpol/index.js';
import { defineRule } from '../../core/rule.js';
import { NAME, NETPOL_DOCS, NETPOL_WORKLOAD_KINDS, NSA_NETWORK } from '../netpol-support.js';

/**
 * Flags workloads isolated for ingress whose policies still admit every pod of every namespace.
 * An unisolated workload is open to everything anyway (netpol-workload-ingress-not-isolated says so).
 * Opt-in for `scan`: it needs the connectivity of every pair of workloads, which `rampart netpol
 * gaps` computes anyway and a scan of thousands of workloads should not pay for by default.
 */
export const netpolReachableFromCluster = defineRule({
  meta: {
    id: 'netpol-reachable-from-cluster',
    title: 'Workload reachable from every namespace',
    description:
      'An ingress rule admits every pod of every namespace (an empty namespaceSelector, or a rule without `from`).',
    rationale: 'Admitting all namespaces undoes isolation for this workload: any pod of any tenant can connect.',
    remediation:
      'Replace the empty namespaceSelector with the namespaces (kubernetes.io/metadata.name) and pods that are real clients.',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: { nsa: NSA_NETWORK, mitre: ['T1210'] },
    kinds: NETPOL_WORKLOAD_KINDS,
    messages: { open: '{{workload}} accepts connections on {{conn}} from every pod in every namespace ({{rules}})' },
    references: [NETPOL_DOCS],
    optIn: true,
  },
  check({ inventory, resource }) {
    const gaps = workloadGaps(inventory, resource);
    if (!('workload' in gaps)) return gaps;
    if (!gaps.selected.ingress) return [];
    const exposure = clusterWideExposure(gaps);
    if (!exposure) return [];
    const data = { workload: gaps.workload.id, conn: exposure.conn, rules: ruleList(exposure.rules) };
    return [{ path: NAME, messageId: 'open', data }];
  },
});
