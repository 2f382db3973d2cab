import type { KubeObject } from '../../core/resource.js';
import { type Authorizer, NO_AUTHORIZER } from './authorizer.js';
import { type CompiledPolicy, type CompileProblem, compilePolicy } from './compile.js';
import type { AdmissionContext } from './context.js';
import { dispatchMutating } from './dispatch-mutating.js';
import { dispatchValidating } from './dispatch-validating.js';
import { denialMessage, type PolicyFailure, REASON_CODES, warningMessage } from './failures.js';
import type { PolicySet } from './load-policies.js';
import type { Binding, StatusReason } from './model.js';
import { NamespaceDirectory } from './namespaces.js';
import { ParamStore } from './params.js';
import { type AdmissionAttributes, admissionAttributes, type RequestOptions } from './request.js';
import { ResourceMapper } from './resource-mapper.js';
import { ShapeRegistry } from './shape-registry.js';

export interface EvaluatorOptions {
  /** `v1.N`: the CEL libraries of that API server. Default: the newest. */
  kubernetesVersion?: string;
  authorizer?: Authorizer;
  /** Objects besides the policy files' own: params, Namespaces and CRDs found among scanned inputs. */
  objects?: readonly KubeObject[];
}

/** What the admission chain answers for one request. */
export interface AdmissionOutcome {
  allowed: boolean;
  /** Why it was denied: the first denial, as the API server reports it. */
  status: { message: string; reason: StatusReason; code: number; failure: PolicyFailure } | undefined;
  /** Warning header texts (Warn actions). */
  warnings: string[];
  /** Every failure that failurePolicy kept, mutating first. */
  failures: PolicyFailure[];
  /** Audit annotations, including `validation.policy.admission.k8s.io/validation_failure` for Audit actions. */
  auditAnnotations: Record<string, string>;
  /** The object after mutation (what validation saw). */
  object: KubeObject | null;
  mutated: boolean;
  reinvoked: boolean;
  /** `mutating/<name>` and `validating/<name>` of every policy that applied to the request. */
  matched: Set<string>;
}

export const VALIDATION_FAILURE_ANNOTATION = 'validation.policy.admission.k8s.io/validation_failure';

/** Kinds no admission policy applies to, so that a bad policy can always be fixed. */
const EXEMPT_KINDS = new Set([
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
]);

/**
 * Offline admission: the MutatingAdmissionPolicies, then the ValidatingAdmissionPolicies of a
 * policy set, over requests built from manifests. Policies are compiled once, here.
 */
export class AdmissionEvaluator {
  readonly validating: CompiledPolicy[];
  readonly mutating: CompiledPolicy[];
  readonly context: AdmissionContext;
  private readonly bindings = new Map<string, Binding[]>();

  constructor(
    readonly set: PolicySet,
    options: EvaluatorOptions = {},
  ) {
    const compileOptions = options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {};
    this.validating = set.validating.map((policy) => compilePolicy(policy, compileOptions));
    this.mutating = set.mutating.map((policy) => compilePolicy(policy, compileOptions));
    for (const binding of set.bindings) {
      const key = `${binding.type}/${binding.policyName}`;
      const list = this.bindings.get(key);
      if (list) list.push(binding);
      else this.bindings.set(key, [binding]);
    }
    const objects = [...set.objects, ...(options.objects ?? [])];
    const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
    const mapper = new ResourceMapper(crds);
    this.context = {
      mapper,
      namespaces: new NamespaceDirectory(objects.filter((o) => o.kind === 'Namespace')),
      params: new ParamStore(objects, mapper),
      shapes: new ShapeRegistry(crds),
      authorizer: options.authorizer ?? NO_AUTHORIZER,
    };
  }

  /** Every expression that did not compile, policy by policy. */
  get compileProblems(): CompileProblem[] {
    return [...this.mutating, ...this.validating].flatMap((compiled) => compiled.errors);
  }

  attributes(object: KubeObject | null, options: RequestOptions = {}): AdmissionAttributes {
    return admissionAttributes(object, this.context.mapper, options);
  }

  admit(attributes: AdmissionAttributes): AdmissionOutcome {
    const outcome: AdmissionOutcome = {
      allowed: true,
      status: undefined,
      warnings: [],
      failures: [],
      auditAnnotations: {},
      object: attributes.object,
      mutated: false,
      reinvoked: false,
      matched: new Set(),
    };
    if (EXEMPT_KINDS.has(attributes.resource.kind) && attributes.resource.group === 'admissionregistration.k8s.io')
      return outcome;
    const bindingsOf = (type: string) => (policy: string) => this.bindings.get(`${type}/${policy}`) ?? [];
    const mutating = dispatchMutating(this.mutating, bindingsOf('mutating'), attributes, this.context);
    outcome.object = mutating.object;
    outcome.mutated = mutating.applied.length > 0;
    outcome.reinvoked = mutating.reinvoked;
    outcome.failures.push(...mutating.failures);
    for (const name of mutating.matched) outcome.matched.add(`mutating/${name}`);
    const firstMutatingFailure = mutating.failures[0];
    if (firstMutatingFailure) {
      // A mutating policy that fails closed ends the request before validation.
      outcome.allowed = false;
      outcome.status = status(firstMutatingFailure, attributes);
      return outcome;
    }
    const validating = dispatchValidating(
      this.validating,
      bindingsOf('validating'),
      { ...attributes, object: mutating.object },
      this.context,
    );
    outcome.failures.push(...validating.failures);
    for (const name of validating.matched) outcome.matched.add(`validating/${name}`);
    Object.assign(outcome.auditAnnotations, validating.auditAnnotations);
    const audited: Record<string, unknown>[] = [];
    for (const failure of validating.failures) {
      if (failure.actions.includes('Deny') && outcome.allowed) {
        outcome.allowed = false;
        outcome.status = status(failure, attributes);
      }
      if (failure.actions.includes('Warn')) outcome.warnings.push(warningMessage(failure));
      if (failure.actions.includes('Audit')) {
        audited.push({
          message: failure.message,
          policy: failure.policy,
          binding: failure.binding ?? '',
          expressionIndex: failure.validation,
          validationActions: failure.actions,
        });
      }
    }
    if (audited.length) outcome.auditAnnotations[VALIDATION_FAILURE_ANNOTATION] = JSON.stringify(audited);
    return outcome;
  }
}

function status(failure: PolicyFailure, attributes: AdmissionAttributes): AdmissionOutcome['status'] {
  // Mutating policies deny with a Forbidden status whatever the reason; validating ones map the reason to its code.
  const code = failure.type === 'mutating' ? 403 : REASON_CODES[failure.reason];
  // The API server prefixes a validating policy's denial with the resource; a mutating one's it
  // returns as it is (reason Invalid, code 403).
  const message =
    failure.type === 'mutating' ? denialMessage(failure) : forbiddenMessage(attributes, denialMessage(failure));
  return { message, reason: failure.reason, code, failure };
}

/**
 * The API server wraps every admission denial as a Forbidden error of the request's resource and
 * name, whatever code the policy's reason gives it: `deployments.apps "web" is forbidden: …`.
 */
function forbiddenMessage(attributes: AdmissionAttributes, message: string): string {
  const { group, resource } = attributes.resource;
  const groupResource = group ? `${resource}.${group}` : resource;
  return attributes.name
    ? `${groupResource} "${attributes.name}" is forbidden: ${message}`
    : `${groupResource} is forbidden: ${message}`;
}
