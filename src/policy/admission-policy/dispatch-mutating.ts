import type { KubeObject } from '../../core/resource.js';
import { sameValue } from './apply-configuration.js';
import type { CompiledPolicy } from './compile.js';
import { type AdmissionContext, invocationsFor, namespaceOf, type PolicyInvocation } from './context.js';
import type { PolicyFailure } from './failures.js';
import { Invocation, RequestScope } from './invocation.js';
import type { Binding } from './model.js';
import { applyMutation } from './patch.js';
import type { AdmissionAttributes } from './request.js';
import { evaluateMatchConditions } from './validate.js';

export interface MutatingOutcome {
  /** The object after every mutation (the request's own when nothing changed it). */
  object: KubeObject | null;
  failures: PolicyFailure[];
  /** `policy/binding` of each invocation that changed the object, in order; reinvocations appear again. */
  applied: string[];
  /** Whether a reinvocation pass ran. */
  reinvoked: boolean;
  /** Policies that matched the request with at least one binding. */
  matched: string[];
}

/**
 * Runs the MutatingAdmissionPolicies that match, in policy-name order, each mutation seeing the
 * object as the previous ones left it. Like the API server's admission chain, it reinvokes at
 * most once: policies with `reinvocationPolicy: IfNeeded` run again when the object changed
 * after (or because of) their first run.
 */
export function dispatchMutating(
  policies: readonly CompiledPolicy[],
  bindingsOf: (policy: string) => readonly Binding[],
  attributes: AdmissionAttributes,
  context: AdmissionContext,
): MutatingOutcome {
  const state: PassState = {
    object: attributes.object,
    failures: [],
    applied: [],
    previouslyInvoked: new Set(),
    reinvoke: new Set(),
    shouldReinvoke: false,
    matched: [],
  };
  runPass(policies, bindingsOf, attributes, context, state, undefined);
  let reinvoked = false;
  if (state.shouldReinvoke && state.reinvoke.size > 0) {
    reinvoked = true;
    const only = new Set(state.reinvoke);
    runPass(policies, bindingsOf, attributes, context, state, only);
  }
  return { object: state.object, failures: state.failures, applied: state.applied, reinvoked, matched: state.matched };
}

interface PassState {
  object: KubeObject | null;
  failures: PolicyFailure[];
  applied: string[];
  previouslyInvoked: Set<string>;
  reinvoke: Set<string>;
  shouldReinvoke: boolean;
  matched: string[];
}

function runPass(
  policies: readonly CompiledPolicy[],
  bindingsOf: (policy: string) => readonly Binding[],
  original: AdmissionAttributes,
  context: AdmissionContext,
  state: PassState,
  only: ReadonlySet<string> | undefined,
): void {
  const current = (): AdmissionAttributes => ({ ...original, object: state.object });
  // Matching sees the object as mutated so far, as it does when the API server reinvokes.
  const { invocations, failures, matched } = invocationsFor(policies, bindingsOf, current(), context);
  if (!only) {
    state.failures.push(...failures);
    state.matched.push(...matched);
  }
  const namespace = invocations.length ? namespaceOf(original, context) : null;
  let dirty = false;
  const requireReinvoking = () => {
    for (const key of state.previouslyInvoked) state.reinvoke.add(key);
    state.previouslyInvoked.clear();
    state.shouldReinvoke = true;
  };
  for (const invocation of invocations) {
    const key = invocationKey(invocation);
    const { compiled, binding } = invocation;
    const { policy } = compiled;
    // Only the reinvoked policies run again (their match-condition errors were already counted once).
    if (only && !only.has(key)) continue;
    // The object changes with every applied mutation, so each evaluation gets the request as it is now.
    let scope: RequestScope | undefined;
    const input = () => {
      if (!scope || scope.attributes.object !== state.object)
        scope = new RequestScope(current(), namespace, context.authorizer);
      return { scope, matched: invocation.matched, param: invocation.param };
    };
    const conditions = evaluateMatchConditions(new Invocation(compiled, input()));
    if ('error' in conditions) {
      if (policy.failurePolicy === 'Fail') state.failures.push(failure(invocation, conditions.error));
      continue;
    }
    if (!conditions.matches) continue;
    const before = state.object;
    if (policy.type === 'mutating') {
      for (const { mutation, patch } of compiled.mutations) {
        if (state.object === null) continue; // DELETE: nothing to patch
        const shape = context.shapes.forObject(state.object);
        const outcome = applyMutation(mutation, patch, new Invocation(compiled, input()), state.object, shape);
        if (!outcome.ok) {
          if (policy.failurePolicy === 'Fail') state.failures.push(failure(invocation, outcome.error));
          continue;
        }
        state.object = outcome.object;
        dirty = true;
      }
      if (!sameValue(before, state.object)) {
        state.applied.push(`${policy.name}/${binding.name}`);
        requireReinvoking();
      }
      if (policy.reinvocationPolicy === 'IfNeeded') state.previouslyInvoked.add(key);
    }
  }
  // Any applied patch marks the object dirty, which (as upstream) reinvokes every IfNeeded policy of the pass.
  if (dirty) requireReinvoking();
}

function invocationKey({ compiled, binding, param }: PolicyInvocation): string {
  const meta = param?.metadata;
  return [compiled.policy.name, binding.name, meta?.namespace ?? '', meta?.name ?? ''].join('\u0000');
}

function failure(invocation: PolicyInvocation, message: string): PolicyFailure {
  return {
    type: 'mutating',
    policy: invocation.compiled.policy.name,
    binding: invocation.binding.name,
    message,
    reason: 'Invalid',
    actions: ['Deny'],
    cause: 'error',
    validation: -1,
  };
}
