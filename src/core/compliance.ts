import { type Benchmark, CIS_KUBERNETES } from './cis-kubernetes.js';
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
  /** What the control asks, when the framework's catalogue is known. */
  title?: string;
  /** `pass`: every mapped rule passed everywhere; `fail`: an unsuppressed failure; `skip`: nothing evaluated it. */
  verdict: 'pass' | 'fail' | 'skip';
  rules: string[];
  /** Unsuppressed failing findings under this control. */
  failures: number;
}

export interface Compliance {
  framework: FrameworkName;
  /** Controls some rule of the scan maps to: judged (pass or fail) or `skip` when no input gave them anything to judge. */
  controls: ControlResult[];
  passing: number;
  /** Controls that were evaluated (pass or fail). */
  evaluated: number;
  /** Share of evaluated controls that pass, 0–100; 0 when none was evaluated (check `evaluated`). */
  percent: number;
  /** The published benchmark, when Rampart knows all of its controls (CIS). */
  benchmark?: { title: string; version: string; controls: number };
  /** Per section of the benchmark: its controls, how many the scan could judge, judged and passed. */
  sections?: SectionCoverage[];
  /** The benchmark's controls no rule of this scan judges, with the reason. */
  notJudged?: { id: string; reason: string }[];
}

export interface SectionCoverage {
  id: string;
  title: string;
  controls: number;
  /** Controls some rule of the scan maps to (listed in `controls`). */
  judgeable: number;
  evaluated: number;
  passing: number;
}

/**
 * Whether the rules check every control of the framework: true of the Pod Security Standards, whose
 * every check has a rule (a test holds the catalogue to it). NSA-CISA and MITRE are scored over the
 * controls rules map to; CIS says what it covers through its `benchmark` and `sections`.
 */
export function judgesWholeFramework(framework: FrameworkName): boolean {
  return framework === 'pss-baseline' || framework === 'pss-restricted';
}

/** Frameworks whose whole catalogue Rampart knows; the others are scored over the controls rules map to. */
const BENCHMARKS: Partial<Record<FrameworkName, Benchmark>> = { cis: CIS_KUBERNETES };

/** Why a control that manifests could judge was not: no rule of this scan maps to it. */
export const NO_RULE_REASON = 'no rule of this scan checks it';

/**
 * Scores a scan against a framework: a control passes when every rule mapped to it passed on
 * every resource it judged. Suppressed findings count as accepted, not as failures; controls
 * no rule evaluated are listed as skipped and left out of the percentage. For a benchmark whose
 * catalogue is known (CIS), every other control is listed as not judged, with the reason, so a
 * score over one section never reads as a score over the benchmark.
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
  // Nothing judged is no evidence of compliance: 0, never a flattering 100.
  const percent = evaluated === 0 ? 0 : Math.round((1000 * passing) / evaluated) / 10;
  const scored: Compliance = { framework, controls: sorted, passing, evaluated, percent };
  const benchmark = BENCHMARKS[framework];
  return benchmark ? { ...scored, ...coverage(benchmark, controls) } : scored;
}

/** Accounts for every control of the benchmark: judged, judgeable but given nothing, or not judged and why. */
function coverage(
  benchmark: Benchmark,
  controls: ReadonlyMap<string, ControlResult>,
): Required<Pick<Compliance, 'benchmark' | 'sections' | 'notJudged'>> {
  const notJudged: { id: string; reason: string }[] = [];
  let total = 0;
  const sections = benchmark.sections.map((section): SectionCoverage => {
    const entry = { id: section.id, title: section.title, controls: 0, judgeable: 0, evaluated: 0, passing: 0 };
    for (const control of section.controls) {
      entry.controls++;
      const result = controls.get(control.id);
      if (!result) {
        notJudged.push({ id: control.id, reason: control.outOfReach ?? NO_RULE_REASON });
        continue;
      }
      result.title = control.title;
      entry.judgeable++;
      if (result.verdict !== 'skip') entry.evaluated++;
      if (result.verdict === 'pass') entry.passing++;
    }
    total += entry.controls;
    return entry;
  });
  return {
    benchmark: { title: benchmark.title, version: benchmark.version, controls: total },
    sections,
    notJudged,
  };
}

/** CIS numbers sort numerically (5.2.10 after 5.2.9); names alphabetically. */
function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
