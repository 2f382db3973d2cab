/** The closed sets every result is made of. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VERDICTS = ['pass', 'fail', 'warn', 'error', 'skip'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Higher is more severe; `info` is 0. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Whether `severity` is at least `threshold` (a --fail-on value); nothing is at or above `none`. */
export function atOrAbove(severity: Severity, threshold: Severity | 'none'): boolean {
  return threshold !== 'none' && severityRank(severity) >= severityRank(threshold);
}
