import { toJs } from '../cel/index.js';
import type { CompiledPolicy } from './compile.js';
import { asBoolean, Invocation, type InvocationInput } from './invocation.js';
import type { FailurePolicy, StatusReason } from './model.js';

/** What one validation concluded. `error` decisions are denials only under failurePolicy Fail. */
export interface Decision {
  action: 'admit' | 'deny';
  evaluation: 'admit' | 'deny' | 'error';
  message: string;
  reason: StatusReason;
  /** Index into spec.validations; -1 for failures of the policy as a whole (match conditions). */
  validation: number;
}

export interface AuditAnnotationOutcome {
  key: string;
  action: 'publish' | 'exclude' | 'error';
  value?: string;
  error?: string;
}

export interface ValidateResult {
  /** Empty when the match conditions excluded the request. */
  decisions: Decision[];
  auditAnnotations: AuditAnnotationOutcome[];
}

/** The API server drops a messageExpression result longer than this and uses the static message. */
const MAX_MESSAGE_LENGTH = 5 * 1024;

export type ConditionsOutcome = { matches: true } | { matches: false; failed: string } | { error: string };

/**
 * Match conditions, as upstream: any condition that is false skips the policy, whatever the
 * others did; otherwise any error is an error; otherwise the policy applies.
 */
export function evaluateMatchConditions(invocation: Invocation): ConditionsOutcome {
  const errors: string[] = [];
  for (const condition of invocation.compiled.matchConditions) {
    const outcome = invocation.evaluate(condition);
    if (!outcome.ok) {
      errors.push(outcome.message);
      continue;
    }
    const value = asBoolean(outcome.value);
    if (value === false) return { matches: false, failed: condition.name };
    if (value === undefined) errors.push(`match condition "${condition.name}" did not evaluate to a bool`);
  }
  return errors.length ? { error: aggregate(errors) } : { matches: true };
}

/** Upstream's error aggregate: one error reads as itself, several as `[a, b]` without repeats. */
function aggregate(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}

const forError = (failurePolicy: FailurePolicy): Decision['action'] => (failurePolicy === 'Ignore' ? 'admit' : 'deny');

/** One ValidatingAdmissionPolicy evaluated for one binding and one param: its decisions and audit annotations. */
export function validate(compiled: CompiledPolicy, input: InvocationInput): ValidateResult {
  const { failurePolicy } = compiled.policy;
  const invocation = new Invocation(compiled, input);
  const conditions = evaluateMatchConditions(invocation);
  if ('error' in conditions) {
    const decision: Decision = {
      action: forError(failurePolicy),
      evaluation: 'error',
      message: conditions.error,
      reason: 'Invalid',
      validation: -1,
    };
    return { decisions: [decision], auditAnnotations: [] };
  }
  if (!conditions.matches) return { decisions: [], auditAnnotations: [] };

  const decisions = compiled.validations.map(({ validation, condition, message }, index): Decision => {
    const outcome = invocation.evaluate(condition);
    if (!outcome.ok) {
      return {
        action: forError(failurePolicy),
        evaluation: 'error',
        message: outcome.message,
        reason: 'Invalid',
        validation: index,
      };
    }
    const passed = asBoolean(outcome.value);
    if (passed === true)
      return { action: 'admit', evaluation: 'admit', message: '', reason: 'Invalid', validation: index };
    if (passed === undefined) {
      return {
        action: forError(failurePolicy),
        evaluation: 'error',
        message: `expression '${validation.expression.text.trim()}' did not evaluate to a bool`,
        reason: 'Invalid',
        validation: index,
      };
    }
    // A messageExpression that fails, returns a non-string, a blank, a multi-line or an overlong
    // string falls back to the static message, then to the expression itself.
    let text = '';
    if (message) {
      const result = invocation.evaluate(message);
      if (!result.ok && result.kind === 'cost') {
        return {
          action: forError(failurePolicy),
          evaluation: 'error',
          message: `failed messageExpression: ${result.message}`,
          reason: 'Invalid',
          validation: index,
        };
      }
      const js = result.ok ? toJs(result.value) : undefined;
      if (typeof js === 'string') {
        const trimmed = js.trim();
        if (trimmed.length <= MAX_MESSAGE_LENGTH && !trimmed.includes('\n')) text = trimmed;
      }
    }
    if (text === '' && validation.message) text = validation.message.trim();
    if (text === '') text = `failed expression: ${validation.expression.text.trim()}`;
    return {
      action: 'deny',
      evaluation: 'deny',
      message: text,
      reason: validation.reason ?? 'Invalid',
      validation: index,
    };
  });

  const budget = Invocation.freshBudget();
  const auditAnnotations = compiled.auditAnnotations.map(({ key, value }): AuditAnnotationOutcome => {
    const outcome = invocation.evaluate(value, budget);
    const onError = failurePolicy === 'Ignore' ? 'exclude' : 'error';
    if (!outcome.ok) return { key, action: onError, error: outcome.message };
    const js = toJs(outcome.value);
    if (js === null) return { key, action: 'exclude' };
    if (typeof js !== 'string') {
      return {
        key,
        action: 'error',
        error: `valueExpression '${value.expression.text.trim()}' resulted in unsupported return type; it must be a string or null`,
      };
    }
    const trimmed = js.trim();
    return trimmed === '' ? { key, action: 'exclude' } : { key, action: 'publish', value: trimmed };
  });
  return { decisions, auditAnnotations };
}
