import type { CompiledPolicy } from './compile.js';
import { type AdmissionContext, invocationsFor, namespaceOf } from './context.js';
import type { PolicyFailure } from './failures.js';
import { RequestScope } from './invocation.js';
import type { Binding } from './model.js';
import type { AdmissionAttributes } from './request.js';
import { validate } from './validate.js';

export interface ValidatingOutcome {
  /** Every failing validation and every error failurePolicy Fail keeps, in policy and binding order. */
  failures: PolicyFailure[];
  /** Audit annotations, `<policy>/<key>` → value (several bindings' distinct values joined by ", "). */
  auditAnnotations: Record<string, string>;
  /** Policies that matched the request with at least one binding. */
  matched: string[];
}

/** The longest audit annotation value the API server keeps. */
const MAX_AUDIT_VALUE = 10 * 1024;

/** Runs every ValidatingAdmissionPolicy that matches the request, for each matching binding and param. */
export function dispatchValidating(
  policies: readonly CompiledPolicy[],
  bindingsOf: (policy: string) => readonly Binding[],
  attributes: AdmissionAttributes,
  context: AdmissionContext,
): ValidatingOutcome {
  const { invocations, failures, matched } = invocationsFor(policies, bindingsOf, attributes, context);
  const annotations = new Map<string, string[]>();
  const scope = invocations.length
    ? new RequestScope(attributes, namespaceOf(attributes, context), context.authorizer)
    : undefined;
  for (const { compiled, binding, param, matched } of invocations) {
    const { policy } = compiled;
    const result = validate(compiled, { scope: scope as RequestScope, matched, param });
    for (const decision of result.decisions) {
      if (decision.action !== 'deny') continue;
      failures.push({
        type: 'validating',
        policy: policy.name,
        binding: binding.name,
        message: decision.message,
        reason: decision.reason,
        actions: binding.validationActions,
        cause: decision.evaluation === 'error' ? 'error' : 'validation',
        validation: decision.validation,
      });
    }
    for (const annotation of result.auditAnnotations) {
      if (annotation.action === 'publish' && annotation.value !== undefined) {
        const key = `${policy.name}/${annotation.key}`;
        const values = annotations.get(key) ?? [];
        const value = annotation.value.slice(0, MAX_AUDIT_VALUE);
        if (!values.includes(value)) values.push(value);
        annotations.set(key, values);
      } else if (annotation.action === 'error') {
        // An audit annotation that fails under failurePolicy Fail denies, whatever the binding's actions.
        failures.push({
          type: 'validating',
          policy: policy.name,
          binding: binding.name,
          message: annotation.error ?? 'audit annotation failed',
          reason: 'Invalid',
          actions: ['Deny'],
          cause: 'error',
          validation: -1,
        });
      }
    }
  }
  const auditAnnotations: Record<string, string> = {};
  for (const [key, values] of annotations) auditAnnotations[key] = values.join(', ');
  return { failures, auditAnnotations, matched };
}
