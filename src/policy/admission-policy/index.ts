/**
 * ValidatingAdmissionPolicy and MutatingAdmissionPolicy, evaluated offline as the API server
 * evaluates them at admission. This file is the folder's only public surface.
 *
 *   const { set, problems } = readPolicySet(resources);          // policies, bindings, params
 *   const evaluator = new AdmissionEvaluator(set, { objects });   // compiles once
 *   const outcome = evaluator.admit(evaluator.attributes(pod));   // CREATE by default
 */
export {
  type AuthorizationCheck,
  type AuthorizationDecision,
  type Authorizer,
  NO_AUTHORIZER,
} from './authorizer.js';
export type { CompiledPolicy, CompileProblem } from './compile.js';
export {
  AdmissionEvaluator,
  type AdmissionOutcome,
  type EvaluatorOptions,
  VALIDATION_FAILURE_ANNOTATION,
} from './evaluator.js';
export { denialMessage, type PolicyFailure, warningMessage } from './failures.js';
export type { PolicyProblem } from './field-reader.js';
export { isPolicyObject, type PolicyLoad, type PolicySet, readPolicySet } from './load-policies.js';
export type { Binding, MutatingPolicy, Operation, Policy, ValidatingPolicy } from './model.js';
export { OPERATIONS } from './model.js';
export { NAMESPACE_NAME_LABEL, NamespaceDirectory, namespaceObjectValue } from './namespaces.js';
export { type AdmissionAttributes, OFFLINE_USER, type RequestOptions, type UserInfo } from './request.js';
