import type { PassTally, Result } from './result.js';
import type { RuleMeta } from './rule.js';

/** Frameworks a scan can be scored against (`rampart scan --framework <name>`). */
export const FRAMEWORK_NAMES = ['nsa', 'cis', 'mitre', 'pss-baseline', 'pss-restricted'] as const;
export type FrameworkName = (typeof FRAMEWORK_NAMES)[number];

export function isFrameworkName(value: string): value is FrameworkName {
  return (FRAMEWORK_NAMES as readonly string[]).includes(value);
}

/** The framework controls a rule maps to; empty when the rule is not part of the framework. */
export function controlsOf(meta: RuleMeta, framework: FrameworkName): readonly string[] {
  const { frameworks } = meta;
  switch (framework) {
    case 'nsa':
      return frameworks.nsa ?? [];
    case 'cis':
      return frameworks.cis ?? [];
    case 'mitre':
      return frameworks.mitre ?? [];
    case 'pss-baseline':
      return frameworks.pss?.level === 'baseline' ? [frameworks.pss.check] : [];
    case 'pss-restricted':
      return frameworks.pss ? [frameworks.pss.check] : [];
  }
}

export interface ControlResult {
  id: string;
  /** `pass`: every mapped rule passed everywhere; `fail`: an unsuppressed failure; `skip`: nothing evaluated it. */
  verdict: 'pass' | 'fail' | 'skip';
  rules: string[];
  /** Unsuppressed failing findings under this control. */
  failures: number;
}

export interface Compliance {
  framework: FrameworkName;
  controls: ControlResult[];
  passing: number;
  /** Controls that were evaluated (pass or fail). */
  evaluated: number;
  /** Share of evaluated controls that pass, 0–100; 100 when none was evaluated. */
  percent: number;
}

/**
 * Scores a scan against a framework: a control passes when every rule mapped to it passed on
 * every resource it judged. Suppressed findings count as accepted, not as failures; controls
 * no rule evaluated are listed as skipped and left out of the percentage.
 */
export function compliance(
  results: readonly Result[],
  rules: readonly RuleMeta[],
  framework: FrameworkName,
  passes?: PassTally,
): Compliance {
  const outcome = new Map<string, { judged: boolean; failures: number }>();
  for (const ruleId of passes?.byRule.keys() ?? []) outcome.set(ruleId, { judged: true, failures: 0 });
  for (const result of results) {
    if (result.verdict !== 'pass' && result.verdict !== 'fail') continue;
    let entry = outcome.get(result.ruleId);
    if (!entry) {
      entry = { judged: false, failures: 0 };
      outcome.set(result.ruleId, entry);
    }
    entry.judged = true;
    if (result.verdict === 'fail' && !result.suppressed) entry.failures++;
  }
  const controls = new Map<string, ControlResult>();
  for (const meta of rules) {
    for (const id of controlsOf(meta, framework)) {
      const control = controls.get(id) ?? { id, verdict: 'skip', rules: [], failures: 0 };
      control.rules.push(meta.id);
      const ruleOutcome = outcome.get(meta.id);
      if (ruleOutcome?.judged) {
        control.failures += ruleOutcome.failures;
        control.verdict = control.failures > 0 ? 'fail' : control.verdict === 'fail' ? 'fail' : 'pass';
      }
      controls.set(id, control);
    }
  }
  const sorted = [...controls.values()].sort((a, b) => compareControlIds(a.id, b.id));
  const evaluated = sorted.filter((c) => c.verdict !== 'skip').length;
  const passing = sorted.filter((c) => c.verdict === 'pass').length;
  const percent = evaluated === 0 ? 100 : Math.round((1000 * passing) / evaluated) / 10;
  return { framework, controls: sorted, passing, evaluated, percent };
}

/** CIS numbers sort numerically (5.2.10 after 5.2.9); names alphabetically. */
function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
