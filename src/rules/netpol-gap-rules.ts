import type { Rule } from '../core/rule.js';
import { netpolCniPolicyNotAnalysed } from './netpol-cni-policy-not-analysed/index.js';
import { netpolHostNetworkWorkload } from './netpol-host-network-workload/index.js';
import { netpolNamedPortUnresolved } from './netpol-named-port-unresolved/index.js';
import { netpolNamespaceWithoutDefaultDeny } from './netpol-namespace-without-default-deny/index.js';
import { netpolPolicySelectsNothing } from './netpol-policy-selects-nothing/index.js';
import { netpolReachableFromCluster } from './netpol-reachable-from-cluster/index.js';
import { netpolReachableFromOutside } from './netpol-reachable-from-outside/index.js';
import { netpolWorkloadEgressNotIsolated } from './netpol-workload-egress-not-isolated/index.js';
import { netpolWorkloadIngressNotIsolated } from './netpol-workload-ingress-not-isolated/index.js';
import { netpolWorkloadMetadataEgress } from './netpol-workload-metadata-egress/index.js';

/**
 * What the NetworkPolicies leave open: `rampart netpol gaps` is the scan limited to these rules
 * (opt-in ones included). The policy-level netpol rules (netpol-allows-all-external,
 * netpol-metadata-egress-not-blocked) judge how policies are written, not what they leave open.
 */
export const NETPOL_GAP_RULES: readonly Rule[] = [
  netpolCniPolicyNotAnalysed,
  netpolHostNetworkWorkload,
  netpolNamedPortUnresolved,
  netpolNamespaceWithoutDefaultDeny,
  netpolPolicySelectsNothing,
  netpolReachableFromCluster,
  netpolReachableFromOutside,
  netpolWorkloadEgressNotIsolated,
  netpolWorkloadIngressNotIsolated,
  netpolWorkloadMetadataEgress,
];
