/** The RBAC analyzer: authorizer-exact queries, escalation paths, workload power, audit-log least privilege. */

export { type AuditEvent, type AuditRecord, readAuditEvents } from '../../load/audit-events.js';
export { type AccessMatrix, type AccessRow, accessMatrix, type NonResourceRow } from './access-matrix.js';
export { RbacAnalysis, rbacAnalysis } from './analysis.js';
export { type AppliedNamespace, appliedNamespace, describeNamespace, namespaceOf } from './applied-namespace.js';
export { auditCounts, auditDenied, auditIdentity, auditMatches, auditRequest } from './audit-request.js';
export {
  type Applicable,
  applicableBindings,
  authorize,
  type Decision,
  describeGrant,
  grantsFor,
} from './authorize.js';
export { bootstrapPolicy, bootstrapRoleSince, LATEST_POLICY_MINOR, policyMinor } from './bootstrap/index.js';
export { CATALOGUE, type Capability, type CapabilityHit, capabilitiesOf } from './catalogue.js';
export { ClusterFacts, type WorkloadFact } from './cluster-facts.js';
export { describeEvidence, describePath } from './describe-path.js';
export { buildEscalationGraph, type EscalationGraph } from './escalation.js';
export { exposureOf } from './exposure.js';
export { type BindingPath, ignoredSubjects, pathsOpenedBy } from './findings.js';
export { type Edge, type EdgeKind, Graph, type GraphNode, nodeIds, TARGETS } from './graph.js';
export {
  AUTHENTICATED,
  formatSubject,
  identityOf,
  MASTERS,
  parseServiceAccountUsername,
  parseSubject,
  serviceAccountUsername,
  subjectApplies,
  UNAUTHENTICATED,
} from './identity.js';
export { type GenerateOptions, generatePolicy, type PolicyRuleObject, RequestSet } from './least-privilege.js';
export { type EscalationPath, grantSteps, isStructural, PathFinder, targetId } from './paths.js';
export { isPlatformSubject, subjectText } from './platform.js';
export { PolicyIndex, type PolicyOptions } from './policy-index.js';
export { identityProfile, Profile } from './profile.js';
export {
  BUILT_IN_RESOURCES,
  type ResolvedResource,
  type ResourceType,
  resolveResource,
  resourceTypes,
} from './resources.js';
export {
  capabilityById,
  type GrantScope,
  type RoleCapability,
  roleCapabilities,
  touchesCatalogue,
} from './role-capabilities.js';
export { formatRule, ruleAllows, ruleAllowsIgnoringName, ruleJson } from './rule-match.js';
export type {
  BindingInfo,
  Grant,
  Identity,
  NonResourceRequest,
  PolicyProblem,
  PolicyRule,
  Request,
  ResourceRequest,
  RoleInfo,
  RuleSource,
  SubjectRef,
} from './types.js';
export { type BindingUsage, type RuleUsage, UsageTracker } from './unused.js';
export { type SubjectGrants, sortSubjects, type WhoCanResult, whoCan } from './who-can.js';
export { type WorkloadPower, workloadPower } from './workloads.js';
