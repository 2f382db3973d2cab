import type { Resource } from '../../core/resource.js';

/** A PolicyRule as the API stores it; absent lists are empty. */
export interface PolicyRule {
  verbs: readonly string[];
  apiGroups: readonly string[];
  resources: readonly string[];
  resourceNames: readonly string[];
  nonResourceURLs: readonly string[];
}

export type RoleKind = 'Role' | 'ClusterRole';
export type BindingKind = 'RoleBinding' | 'ClusterRoleBinding';
export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** Where a rule of a role came from: its own `rules`, or a ClusterRole it aggregates. */
export interface RuleSource {
  rule: PolicyRule;
  /** Index of the rule in the role that holds it (the aggregated source for aggregated rules). */
  index: number;
  /** The ClusterRole whose rule this is, when aggregated into the bound role. */
  aggregatedFrom?: string;
}

export interface RoleInfo {
  kind: RoleKind;
  /** Empty for ClusterRoles. */
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  /** The rules the role grants: its own, or for aggregated ClusterRoles the union of the selected roles' rules. */
  rules: readonly RuleSource[];
  /** Label selectors of `aggregationRule.clusterRoleSelectors`, when the role aggregates. */
  aggregation?: readonly import('../../core/inventory.js').LabelSelector[];
  resource: Resource;
  /** The role comes from the bootstrap policy every cluster has, not from the input. */
  builtIn?: boolean;
  /** A Role without metadata.namespace: its namespace is the one its manifests are applied to. */
  namespaceImplied?: boolean;
}

export interface SubjectRef {
  kind: SubjectKind;
  name: string;
  /** ServiceAccounts only: the subject's namespace, defaulted to a RoleBinding's own namespace as the authorizer does. */
  namespace?: string;
}

export interface BindingInfo {
  kind: BindingKind;
  /** Empty for ClusterRoleBindings. */
  namespace: string;
  name: string;
  roleRef: { kind: string; name: string };
  /** Subjects in the binding's order; undefined entries are subjects that can never match (kept for indices). */
  subjects: readonly (SubjectRef | undefined)[];
  /** The role the binding grants, undefined when it is missing or the reference is invalid. */
  role?: RoleInfo;
  resource: Resource;
  /** Position in the inventory, for upstream's visiting order. */
  order: number;
  /** The binding comes from the bootstrap policy every cluster has, not from the input. */
  builtIn?: boolean;
}

/** The user an API request is made as: a name (absent for "any member of a group") and groups. */
export interface Identity {
  name?: string;
  groups: readonly string[];
}

export interface ResourceRequest {
  kind: 'resource';
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  /** Empty for collection requests (list, create without a name, …). */
  name: string;
  /** Empty for cluster-scoped resources and all-namespace requests. */
  namespace: string;
}

export interface NonResourceRequest {
  kind: 'nonResource';
  verb: string;
  path: string;
}

export type Request = ResourceRequest | NonResourceRequest;

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** One binding → role → rule chain that grants something: the evidence every answer carries. */
export interface Grant {
  binding: BindingInfo;
  role: RoleInfo;
  rule: RuleSource;
  /** Index of the binding subject that matched the identity. */
  subjectIndex: number;
}

/** An RBAC object that is malformed (error) or grants nothing as written (warning). */
export interface PolicyProblem {
  severity: 'error' | 'warning';
  message: string;
  resource: Resource;
  path: readonly (string | number)[];
}
