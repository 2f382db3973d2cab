import type { Resource, ResourceRef } from './resource.js';
import { type Fix, type Frameworks, OWNERS, type Owner, type Stage } from './rule.js';
import { SEVERITIES, type Severity, VERDICTS, type Verdict } from './severity.js';

export interface Location {
  file: string;
  line: number;
  column: number;
  /** The helm template named by the document's `# Source:` comment. */
  template?: string;
}

export interface Suppression {
  by: 'config' | 'annotation';
  reason: string;
  owner?: string;
  /** ISO date (YYYY-MM-DD) after which the exception stops applying. */
  expires?: string;
}

/** One verdict of one rule on one resource (or on one input, for loading errors). */
export interface Result {
  ruleId: string;
  verdict: Verdict;
  severity: Severity;
  message: string;
  resource?: ResourceRef;
  location?: Location;
  /** Dotted path of the offending field, `[i]` for indices. */
  path?: string;
  remediation?: string;
  frameworks?: Frameworks;
  owner?: Owner;
  stage?: Stage;
  suppressed?: Suppression;
  /** Why a `skip` was a skip. Every skip has one. */
  skipReason?: string;
  fix?: Fix;
  /**
   * The resource judged, with its origin: front-ends reach the object and its file through it
   * (`fix` edits that document), never by searching for a position. Never an enumerable own
   * property (rule results keep it in a private field, other engine results get it from
   * `withSubject`): outputs, copies and JSON never carry the object.
   */
  subject?: Resource;
}

/** Result ids the engine and loader emit themselves; they are not rules and cannot be disabled. */
export const SYSTEM_RESULT_IDS = {
  parseError: 'parse-error',
  inputError: 'input-error',
  notAResource: 'not-a-resource',
  invalidObject: 'invalid-object',
  duplicateKey: 'duplicate-key',
  duplicateObject: 'duplicate-object',
  ruleError: 'rule-error',
  exceptionExpired: 'exception-expired',
  exceptionInvalid: 'exception-invalid',
  kindSkipped: 'kind-skipped',
} as const;

export type VerdictCounts = Record<Verdict, number>;
export type SeverityCounts = Record<Severity, number>;

export interface Summary {
  resources: number;
  /** Counts of every result by verdict (suppressed findings are counted apart). */
  verdicts: VerdictCounts;
  /** Unsuppressed fail and warn results by severity. */
  severities: SeverityCounts;
  /** Unsuppressed fail and warn results by the owner who acts on them. */
  owners: Record<Owner, number>;
  suppressed: number;
  /** 0–100: share of rule × resource evaluations that passed, weighted by severity. */
  score: number;
}

const SCORE_WEIGHT: Record<Severity, number> = { critical: 10, high: 6, medium: 3, low: 1, info: 0 };

/**
 * Passes counted instead of kept: a scan of 10,000 workloads with the full catalogue judges about
 * a million rule × resource pairs, nearly all passing, and only JUnit and --show-passed list them.
 */
export interface PassTally {
  count: number;
  bySeverity: Record<Severity, number>;
  byRule: Map<string, number>;
}

export function emptyTally(): PassTally {
  return {
    count: 0,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    byRule: new Map(),
  };
}

export function summarize(results: readonly Result[], resources: number, passes?: PassTally): Summary {
  const verdicts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerdictCounts;
  const severities = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  const owners = Object.fromEntries(OWNERS.map((o) => [o, 0])) as Record<Owner, number>;
  let suppressed = 0;
  let passed = 0;
  let total = 0;
  for (const result of results) {
    if (result.suppressed) {
      suppressed++;
      continue;
    }
    verdicts[result.verdict]++;
    if (result.verdict === 'fail' || result.verdict === 'warn') {
      severities[result.severity]++;
      if (result.owner) owners[result.owner]++;
    }
    if (result.verdict === 'pass' || result.verdict === 'fail') {
      const weight = SCORE_WEIGHT[result.severity];
      total += weight;
      if (result.verdict === 'pass') passed += weight;
    }
  }
  if (passes) {
    verdicts.pass += passes.count;
    for (const severity of SEVERITIES) {
      const weighted = SCORE_WEIGHT[severity] * passes.bySeverity[severity];
      passed += weighted;
      total += weighted;
    }
  }
  const score = total === 0 ? 100 : Math.round((1000 * passed) / total) / 10;
  return { resources, verdicts, severities, owners, suppressed, score };
}
