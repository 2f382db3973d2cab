import type { KubeObject } from '../../core/resource.js';
import { type AdmissionOutcome, denialMessage, warningMessage } from '../admission-policy/index.js';
import { objectDiff } from './object-diff.js';
import type { Expectation } from './suite-model.js';

/**
 * Compares what the admission chain answered with what a case expects; each mismatch is one
 * line a reader can act on (and a mutation mismatch comes with a field-by-field diff).
 */
export function mismatches(expect: Expectation, outcome: AdmissionOutcome, mutated: KubeObject | undefined): string[] {
  const out: string[] = [];
  const answer = describeOutcome(outcome);
  if (expect.allowed === true && !outcome.allowed) out.push(`expected the request to be allowed, but it was ${answer}`);
  if (expect.allowed === false && outcome.allowed) out.push('expected the request to be denied, but it was allowed');
  if (expect.denied) {
    const { status } = outcome;
    if (!status) out.push('expected the request to be denied, but it was allowed');
    else {
      const { message, reason, code, policy } = expect.denied;
      const accepted = [status.failure.message, denialMessage(status.failure), status.message];
      if (message !== undefined && !accepted.includes(message))
        out.push(
          `expected the denial message ${JSON.stringify(message)}, got ${JSON.stringify(status.failure.message)}`,
        );
      if (reason !== undefined && reason !== status.reason)
        out.push(`expected the reason ${reason}, got ${status.reason}`);
      if (code !== undefined && code !== status.code) out.push(`expected the status code ${code}, got ${status.code}`);
      if (policy !== undefined && policy !== status.failure.policy)
        out.push(`expected the denial to come from policy "${policy}", it came from "${status.failure.policy}"`);
    }
  }
  if (expect.warned) {
    const warnings = outcome.failures.filter((f) => f.actions.includes('Warn'));
    const got = warnings.map((f) => f.message);
    const full = warnings.map(warningMessage);
    out.push(...sameMessages('warnings', expect.warned, got, full));
  }
  if (expect.audited) {
    const audited = outcome.failures.filter((f) => f.actions.includes('Audit'));
    const messages = audited.map((f) => f.message);
    out.push(...sameMessages('audit failures', expect.audited, messages, messages));
  }
  if (expect.auditAnnotations) {
    for (const [key, value] of Object.entries(expect.auditAnnotations)) {
      const actual = outcome.auditAnnotations[key] ?? null;
      if (actual !== value)
        out.push(
          value === null
            ? `expected no audit annotation ${key}, got ${JSON.stringify(actual)}`
            : `expected the audit annotation ${key}=${JSON.stringify(value)}, got ${actual === null ? 'none' : JSON.stringify(actual)}`,
        );
    }
  }
  if (mutated) {
    const diff = objectDiff(mutated, outcome.object);
    if (diff.length)
      out.push(
        `the mutated object differs from the expected one (- expected, + got):\n${diff.map((l) => `  ${l}`).join('\n')}`,
      );
  }
  return out;
}

/** Every expected message appears (as the bare message or the full text) and nothing else does. */
function sameMessages(
  what: string,
  expected: readonly string[],
  got: readonly string[],
  full: readonly string[],
): string[] {
  const unmatched = [...got.keys()];
  const missing: string[] = [];
  for (const message of expected) {
    const at = unmatched.findIndex((i) => got[i] === message || full[i] === message);
    if (at === -1) missing.push(message);
    else unmatched.splice(at, 1);
  }
  const out: string[] = [];
  if (missing.length) out.push(`expected ${what} ${JSON.stringify(missing)} did not occur`);
  if (unmatched.length) out.push(`unexpected ${what}: ${JSON.stringify(unmatched.map((i) => got[i]))}`);
  if (missing.length && !got.length) out[0] += ` (there were no ${what})`;
  return out;
}

function describeOutcome(outcome: AdmissionOutcome): string {
  return outcome.status ? `denied: ${outcome.status.message}` : 'allowed';
}
