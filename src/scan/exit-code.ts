import type { Result } from '../core/result.js';
import { atOrAbove, type Severity } from '../core/severity.js';

/** The contract every command keeps: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 nothing scanned. */
export const EXIT = { clean: 0, findings: 1, error: 2, nothingScanned: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type FailOn = Severity | 'none';

/** Whether a result fails the run at this threshold: an unsuppressed finding at least that severe. */
export function failsRun(result: Result, failOn: FailOn): boolean {
  return result.verdict === 'fail' && !result.suppressed && atOrAbove(result.severity, failOn);
}

/**
 * Input errors outrank findings: a scan that could not read everything must not look clean or
 * merely failing. Then emptiness (`nothing` says why there was nothing to judge), then findings.
 */
export function exitCodeOf(results: readonly Result[], failOn: FailOn, nothing: boolean): ExitCode {
  if (results.some((r) => r.verdict === 'error' && !r.suppressed)) return EXIT.error;
  if (nothing) return EXIT.nothingScanned;
  return results.some((r) => failsRun(r, failOn)) ? EXIT.findings : EXIT.clean;
}
