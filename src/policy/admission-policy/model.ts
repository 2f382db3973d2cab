import type { LabelSelector } from '../../core/inventory.js';
import type { Path } from '../../core/path.js';
import type { KubeObject, Resource } from '../../core/resource.js';

/**
 * ValidatingAdmissionPolicy, MutatingAdmissionPolicy and their bindings, validated and with
 * defaults applied as the API server applies them (failurePolicy Fail, matchPolicy Equivalent,
 * scope `*`, parameterNotFoundAction Deny; reinvocationPolicy has no default). The v1, v1beta1 and v1alpha1
 * shapes read into the same model: the fields this evaluator uses did not change between them.
 */

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
export const OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

export type FailurePolicy = 'Fail' | 'Ignore';
export type MatchPolicy = 'Exact' | 'Equivalent';
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';
export const VALIDATION_ACTIONS: readonly ValidationAction[] = ['Deny', 'Warn', 'Audit'];
export const STATUS_REASONS = ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

export interface ResourceRule {
  /** Names of resources the rule is limited to; empty means all. */
  resourceNames: readonly string[];
  operations: readonly string[];
  apiGroups: readonly string[];
  apiVersions: readonly string[];
  /** `pods`, `pods/status`, `*`, or every subresource of pods: `pods` + `/*`. */
  resources: readonly string[];
  scope: 'Cluster' | 'Namespaced' | '*';
}

export interface MatchResources {
  namespaceSelector: LabelSelector | undefined;
  objectSelector: LabelSelector | undefined;
  resourceRules: readonly ResourceRule[];
  excludeResourceRules: readonly ResourceRule[];
  matchPolicy: MatchPolicy;
}

/** Where a field of a policy object was written, for messages that point at it. */
export interface FieldSource {
  resource: Resource;
  path: Path;
}

/** One CEL expression of a policy, with its place in the object. */
export interface Expression {
  text: string;
  /** e.g. `spec.validations[0].expression`. */
  field: string;
  source: FieldSource;
}

export interface NamedExpression extends Expression {
  name: string;
}

export interface Validation {
  expression: Expression;
  message: string | undefined;
  messageExpression: Expression | undefined;
  reason: StatusReason | undefined;
}

export interface AuditAnnotation {
  key: string;
  valueExpression: Expression;
}

export type Mutation =
  | { patchType: 'ApplyConfiguration'; expression: Expression }
  | { patchType: 'JSONPatch'; expression: Expression };

interface PolicyBase {
  name: string;
  object: KubeObject;
  resource: Resource;
  paramKind: { apiVersion: string; kind: string } | undefined;
  matchConstraints: MatchResources;
  matchConditions: readonly NamedExpression[];
  variables: readonly NamedExpression[];
  failurePolicy: FailurePolicy;
}

export interface ValidatingPolicy extends PolicyBase {
  type: 'validating';
  validations: readonly Validation[];
  auditAnnotations: readonly AuditAnnotation[];
}

export interface MutatingPolicy extends PolicyBase {
  type: 'mutating';
  mutations: readonly Mutation[];
  reinvocationPolicy: 'Never' | 'IfNeeded';
}

export type Policy = ValidatingPolicy | MutatingPolicy;

export interface ParamRef {
  name: string | undefined;
  namespace: string | undefined;
  selector: LabelSelector | undefined;
  parameterNotFoundAction: 'Deny' | 'Allow';
}

export interface Binding {
  type: 'validating' | 'mutating';
  name: string;
  policyName: string;
  resource: Resource;
  paramRef: ParamRef | undefined;
  /** Absent matchResources matches everything the policy matches. */
  matchResources: MatchResources | undefined;
  /** Validating bindings only; empty for mutating ones. */
  validationActions: readonly ValidationAction[];
}

export const POLICY_KINDS = {
  validating: 'ValidatingAdmissionPolicy',
  validatingBinding: 'ValidatingAdmissionPolicyBinding',
  mutating: 'MutatingAdmissionPolicy',
  mutatingBinding: 'MutatingAdmissionPolicyBinding',
} as const;

export const ADMISSION_GROUP = 'admissionregistration.k8s.io';
export const POLICY_VERSIONS: Record<string, readonly string[]> = {
  ValidatingAdmissionPolicy: ['v1', 'v1beta1', 'v1alpha1'],
  ValidatingAdmissionPolicyBinding: ['v1', 'v1beta1', 'v1alpha1'],
  MutatingAdmissionPolicy: ['v1', 'v1beta1', 'v1alpha1'],
  MutatingAdmissionPolicyBinding: ['v1', 'v1beta1', 'v1alpha1'],
};
