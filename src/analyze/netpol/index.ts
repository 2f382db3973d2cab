/** The NetworkPolicy analyzer: connectivity, explanations, gaps, generated policies, diffs. */
export { buildModel, modelOf, type NetpolModel, type NetpolPolicies, policiesOf } from './build-model.js';
export { CNI_POLICY_KINDS, cniAppliesIn } from './cni.js';
export { bounded, type ConnLine, connLines, DEFAULT_MAX_LINES, groupedLines } from './conn-lines.js';
export { ALL_CONNECTIONS, ConnSet, NO_CONNECTIONS, PROTOCOLS, type Protocol, parseConnSet } from './conn-set.js';
export { ConnTable } from './conn-table.js';
export {
  AnalysisTooLarge,
  type AnalyzeOptions,
  analyze,
  type Connection,
  Connectivity,
  MAX_MATRIX_CELLS,
} from './connectivity.js';
export { type DefaultDenyStatus, defaultDenyStatus } from './default-deny.js';
export { type DiffLine, type DiffType, diffModels } from './diff.js';
export { type Endpoint, resolveEndpoint } from './endpoints.js';
export { type Explanation, explain, type Probe, type RuleVerdict, type SideExplanation } from './explain.js';
export {
  clusterWideExposure,
  cniReason,
  connectivityOf,
  type Exposure,
  externalExposure,
  hostNetworkNote,
  isolation,
  metadataExposure,
  policyOf,
  ruleList,
  type WorkloadGaps,
  workloadGaps,
} from './gaps.js';
export { type Generated, type GenerateOptions, generatePolicies, MANAGED_BY } from './generate.js';
export { type Intended, type IntendedPeer, parseIntended } from './intended.js';
export { IpSet, parseAddress, parseCidr, parseRange } from './ip-set.js';
export { type Matching, matchingOf, policiesApplyTo } from './matching.js';
export { METADATA_ADDRESSES, metadataReached } from './metadata.js';
export type {
  CniPolicy,
  ContainerPort,
  Direction,
  NamespaceInfo,
  Peer,
  Policy,
  PortSpec,
  Problem,
  Rule,
  Workload,
} from './model.js';
export { DEFAULT_NAMESPACE, NAMESPACE_NAME_LABEL } from './model.js';
export { type UnresolvedPort, unresolvedNamedPorts } from './named-ports.js';
export { isEmptySelector, isNetworkPolicy } from './policies.js';
export { resolvePorts } from './ports.js';
export { type Proof, prove } from './prove.js';
export { namespaceOf, WORKLOAD_KINDS } from './workloads.js';
