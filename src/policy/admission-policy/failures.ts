import type { StatusReason, ValidationAction } from './model.js';

/**
 * A policy said no, or could not say: a validation that evaluated to false, an evaluation error
 * or a misconfiguration that failurePolicy Fail turns into a denial, or a mutation that failed.
 * Failures that failurePolicy Ignore drops never become one.
 */
export interface PolicyFailure {
  type: 'validating' | 'mutating';
  policy: string;
  /** Absent when the policy itself, not a binding, is misconfigured. */
  binding: string | undefined;
  message: string;
  reason: StatusReason;
  /** What the binding does with it; misconfigurations and mutation failures always deny. */
  actions: readonly ValidationAction[];
  cause: 'validation' | 'error' | 'configuration';
  /** Index into spec.validations, or -1. */
  validation: number;
}

const KIND_NAME = { validating: 'ValidatingAdmissionPolicy', mutating: 'MutatingAdmissionPolicy' } as const;

/** The message the API server would answer with for a denial. */
export function denialMessage(failure: PolicyFailure): string {
  // A mutating policy's failure names no kind (and no resource: see the evaluator's status).
  if (failure.type === 'mutating' && failure.binding !== undefined) {
    return `policy '${failure.policy}' with binding '${failure.binding}' denied request: ${failure.message}`;
  }
  const kind = KIND_NAME[failure.type];
  return failure.binding !== undefined
    ? `${kind} '${failure.policy}' with binding '${failure.binding}' denied request: ${failure.message}`
    : `${kind} '${failure.policy}' denied request: ${failure.message}`;
}

/** The HTTP warning header text of a Warn action. */
export function warningMessage(failure: PolicyFailure): string {
  return `Validation failed for ValidatingAdmissionPolicy '${failure.policy}' with binding '${failure.binding ?? ''}': ${failure.message}`;
}

export const REASON_CODES: Record<StatusReason, number> = {
  Unauthorized: 401,
  Forbidden: 403,
  Invalid: 422,
  RequestEntityTooLarge: 413,
};
