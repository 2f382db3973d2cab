import {
  type AnnotationException,
  annotationException,
  type ConfigException,
  isExpired,
  matchesException,
  suppressionOf,
} from './exceptions.js';
import { RecentFixes } from './fix.js';
import type { Inventory } from './inventory.js';
import { formatPath } from './path.js';
import { ruleFailureMessage } from './redact.js';
import { type Resource, type ResourceRef, resourceRef } from './resource.js';
import { emptyTally, type Location, type PassTally, type Result, SYSTEM_RESULT_IDS } from './result.js';
import { type CheckContext, formatMessage, isNotApplicable, isSkip, type Report, type Rule } from './rule.js';
import { ruleResult, withSubject } from './rule-result.js';
import type { ScanSettings } from './settings.js';
import { type Severity, severityRank } from './severity.js';

/** Results made outside a rule's check (rule errors, the text formatters' copies) attach their subject with it. */
export { withSubject } from './rule-result.js';

export interface RuleSetting {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface EngineOptions {
  /** Every rule of the catalogue: the ones that run, and the ones exceptions and annotations may name. */
  rules: readonly Rule[];
  /**
   * Run only these rules (opt-in ones among them: the command chose them); the other rules stay
   * known, so an exception naming one is not a typo. Absent: every enabled rule runs.
   */
  only?: ReadonlySet<string>;
  settings: ScanSettings;
  ruleSettings?: Readonly<Record<string, RuleSetting>>;
  exceptions?: readonly ConfigException[];
  now?: Date;
  /** Keep a result per pass (JUnit, --show-passed); otherwise passes are only counted in `passes`. */
  keepPasses?: boolean;
  /**
   * At most this many findings of one rule on one resource; the rest become one result that says how
   * many more there are (a pod with 20,000 containers must not make 240,000 results). Default: no bound.
   */
  findingsPerRule?: number;
}

export interface Evaluation {
  /** Every verdict but the passes that were only counted. */
  results: Result[];
  /** Passes not kept as results. */
  passes: PassTally;
  /** Rules that ran, by id. */
  rules: readonly Rule[];
  /** Rules that did not run, and why (rules left out by `only` are not listed). */
  rulesSkipped: { id: string; reason: string }[];
  /** Resources at least one rule judged (a pass, fail or warn), so a front-end can tell "nothing was scanned". */
  judged: number;
}

/**
 * Runs every enabled rule over every resource it targets and returns the verdicts in a
 * deterministic order: resources in inventory order, rules by id, findings in report order.
 * Exceptions mark findings as suppressed; they never remove them.
 */
export function evaluate(inventory: Inventory, options: EngineOptions): Evaluation {
  const now = options.now ?? new Date();
  const knownIds = new Set(options.rules.map((rule) => rule.meta.id));
  const { active, skipped } = selectRules(options);
  // Rules that leave a concern to another need to know whether that one runs (one concern, one finding).
  const settings: ScanSettings = { ...options.settings, activeRules: active.map((rule) => rule.meta.id) };
  const exceptions = options.exceptions ?? [];
  const liveExceptions = exceptions.filter((exception) => !isExpired(exception, now));
  const results: Result[] = [];
  const keep = options.keepPasses ?? true;
  // What each rule needs per resource, looked up once per scan rather than once per resource.
  const plans: Plan[] = active.map((rule) => {
    const setting = options.ruleSettings?.[rule.meta.id];
    return {
      rule,
      options: setting?.options ?? NO_OPTIONS,
      configured: setting?.severity,
      severity: setting?.severity ?? rule.meta.severity,
      limit: options.findingsPerRule ?? Number.POSITIVE_INFINITY,
      passes: 0,
      fixes: new RecentFixes(),
    };
  });
  const byKind = new Map<string, Plan[]>();
  const plansFor = (kind: string): Plan[] => {
    let list = byKind.get(kind);
    if (!list) {
      list = plans.filter(({ rule }) => rule.meta.kinds.includes(kind) || rule.meta.kinds.includes('*'));
      byKind.set(kind, list);
    }
    return list;
  };

  let judged = 0;
  let passed = 0;
  for (const resource of inventory.resources) {
    const { object } = resource;
    const passedBefore = passed;
    const resultsBefore = results.length;
    const annotation = annotationException(object);
    const subject = new Subject(resource, annotation, liveExceptions);
    if (annotation) {
      const problem = annotation.error ?? unknownRules(annotation.rules, knownIds);
      if (problem) results.push(invalidAnnotation(resource, subject.ref, problem));
    }
    // One context per resource, its options swapped per rule: rules only read it, and a scan of
    // 10,000 workloads would otherwise allocate a context for every rule × resource pair.
    const context: CheckContext = { resource, object, inventory, settings, options: NO_OPTIONS, now };
    for (const plan of plansFor(object.kind)) {
      context.options = plan.options;
      const before = results.length;
      try {
        if (judge(results, plan, context, subject, keep)) {
          plan.passes++;
          passed++;
        }
      } catch (error) {
        results.length = before;
        results.push(ruleError(plan.rule, resource, subject.ref, error));
      }
    }
    if (passed > passedBefore || someJudgement(results, resultsBefore)) judged++;
  }
  for (const problem of exceptionProblems(exceptions, knownIds, now)) results.push(problem);
  return { results, passes: tally(plans), rules: active, rulesSkipped: skipped, judged };
}

/** One active rule, with its configuration resolved, and the passes it counted. */
interface Plan {
  rule: Rule;
  options: Readonly<Record<string, unknown>>;
  /** The severity rampart.yaml sets, which wins over the one a rule picks per finding. */
  configured: Severity | undefined;
  /** The severity of the rule's passes and skips. */
  severity: Severity;
  /** Findings listed per resource (EngineOptions.findingsPerRule). */
  limit: number;
  passes: number;
  fixes: RecentFixes;
}

/** The resource being judged, and what its findings share. */
class Subject {
  /** Locations already resolved, by path: rules that report the same field share one. */
  locations: Map<string, Location | undefined> | undefined = undefined;
  #ref: ResourceRef | undefined = undefined;

  constructor(
    readonly resource: Resource,
    readonly annotation: AnnotationException | undefined,
    readonly exceptions: readonly ConfigException[],
  ) {}

  /** Made when the first result needs it: most resources of a large scan (audit events) make none. */
  get ref(): ResourceRef {
    this.#ref ??= resourceRef(this.resource.object);
    return this.#ref;
  }
}

function tally(plans: readonly Plan[]): PassTally {
  const passes = emptyTally();
  for (const plan of plans) {
    if (plan.passes === 0) continue;
    passes.count += plan.passes;
    passes.bySeverity[plan.severity] += plan.passes;
    passes.byRule.set(plan.rule.meta.id, (passes.byRule.get(plan.rule.meta.id) ?? 0) + plan.passes);
  }
  return passes;
}

const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/** Whether a rule passed, failed or warned on the resource whose results start at `from` (skips judge nothing). */
function someJudgement(results: readonly Result[], from: number): boolean {
  for (let i = from; i < results.length; i++) {
    const { verdict, ruleId } = results[i] as Result;
    if (
      verdict === 'pass' ||
      ((verdict === 'fail' || verdict === 'warn') && ruleId !== SYSTEM_RESULT_IDS.exceptionInvalid)
    )
      return true;
  }
  return false;
}

/** One rule's verdicts on one resource, appended to `results`; true for a pass that was only counted. */
function judge(results: Result[], plan: Plan, context: CheckContext, subject: Subject, keepPasses: boolean): boolean {
  const { rule } = plan;
  const outcome = rule.check(context);
  if (isNotApplicable(outcome)) return false;
  if (isSkip(outcome)) {
    const skipped = ruleResult(rule, subject.ref, subject.resource, plan.severity, 'skip', outcome.skip);
    skipped.skipReason = outcome.skip;
    results.push(skipped);
    return false;
  }
  if (outcome.length === 0) {
    if (!keepPasses) return true;
    results.push(ruleResult(rule, subject.ref, subject.resource, plan.severity, 'pass', rule.meta.title));
    return false;
  }
  const { annotation, exceptions } = subject;
  // Exceptions and annotations match a rule and an object, so every finding of this call shares one.
  let suppressed: Result['suppressed'];
  if (annotation && !annotation.error && annotation.rules.includes(rule.meta.id)) {
    suppressed = { by: 'annotation', reason: annotation.reason };
  } else if (exceptions.length > 0) {
    const exception = exceptions.find((e) => matchesException(e, rule.meta.id, context.object));
    if (exception) suppressed = suppressionOf(exception);
  }
  const listed = Math.min(outcome.length, plan.limit);
  for (let i = 0; i < listed; i++) {
    const result = findingResult(plan, outcome[i] as Report, subject);
    if (suppressed) result.suppressed = suppressed;
    results.push(result);
  }
  if (listed < outcome.length) {
    const omitted = omittedResult(plan, outcome.slice(listed), subject);
    if (suppressed) omitted.suppressed = suppressed;
    results.push(omitted);
  }
  return false;
}

/**
 * The findings over the bound, as one result of the same rule: as severe as the worst of them and a
 * failure if any of them is, so the exit code and --fail-on see what they would have seen.
 */
function omittedResult(plan: Plan, omitted: readonly Report[], subject: Subject): Result {
  let severity: Severity = 'info';
  let verdict: 'fail' | 'warn' = 'warn';
  for (const report of omitted) {
    const each = plan.configured ?? report.severity ?? plan.rule.meta.severity;
    if (severityRank(each) > severityRank(severity)) severity = each;
    if ((report.verdict ?? 'fail') === 'fail') verdict = 'fail';
  }
  const count = omitted.length;
  const message = `${count} more finding${count === 1 ? '' : 's'} of this rule on this resource not listed: at most ${plan.limit} per rule and resource are (\`rampart fix\` applies every fix)`;
  const result = ruleResult(plan.rule, subject.ref, subject.resource, severity, verdict, message);
  result.location = locate(subject.resource, []);
  return result;
}

function selectRules(options: EngineOptions): { active: Rule[]; skipped: { id: string; reason: string }[] } {
  const active: Rule[] = [];
  const skipped: { id: string; reason: string }[] = [];
  const sorted = [...options.rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  for (const rule of sorted) {
    if (options.only && !options.only.has(rule.meta.id)) continue;
    const setting = options.ruleSettings?.[rule.meta.id];
    const enabled = setting?.enabled ?? (options.only !== undefined || !rule.meta.optIn);
    if (!enabled) {
      skipped.push({
        id: rule.meta.id,
        reason: setting?.enabled === false ? 'disabled in config' : 'opt-in rule not enabled',
      });
      continue;
    }
    const applies = rule.appliesTo?.(options.settings, setting?.options ?? NO_OPTIONS) ?? true;
    if (applies !== true) {
      skipped.push({ id: rule.meta.id, reason: applies });
      continue;
    }
    active.push(rule);
  }
  return { active, skipped };
}

/** A severity set in rampart.yaml wins over the one a rule picks per finding, which wins over the rule's default. */
function findingResult(plan: Plan, report: Report, subject: Subject): Result {
  const { rule } = plan;
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId "${report.messageId}"`);
  const severity = plan.configured ?? report.severity ?? rule.meta.severity;
  const result = ruleResult(
    rule,
    subject.ref,
    subject.resource,
    severity,
    report.verdict ?? 'fail',
    formatMessage(template, report.data),
  );
  // A finding about the object as a whole (an admission policy's) names no field.
  const path = report.path.length > 0 ? formatPath(report.path) : undefined;
  result.path = path;
  // Paths are shared strings (formatPath), so equal paths are one key.
  const key = path ?? '';
  subject.locations ??= new Map();
  let location = subject.locations.get(key);
  if (location === undefined && !subject.locations.has(key)) {
    location = locate(subject.resource, report.path);
    subject.locations.set(key, location);
  }
  result.location = location;
  result.fix = report.fix && plan.fixes.share(report.fix);
  return result;
}

/** Resolves a finding's position. Called only for findings, so passes never pay for it. */
export function locate(resource: Resource, path: readonly (string | number)[]): Location | undefined {
  const { origin } = resource;
  if (origin.kind !== 'file') return undefined;
  const position = origin.locate(path);
  const location: Location = { file: origin.file, line: position.line, column: position.column };
  if (origin.template) location.template = origin.template;
  return location;
}

function ruleError(rule: Rule, resource: Resource, ref: ResourceRef, error: unknown): Result {
  const message = `rule ${rule.meta.id} failed on this resource: ${ruleFailureMessage(error)}`;
  const result: Result = withSubject(
    { ruleId: SYSTEM_RESULT_IDS.ruleError, verdict: 'error', severity: 'high', message, resource: ref },
    resource,
  );
  const location = locate(resource, []);
  if (location) result.location = location;
  return result;
}

function invalidAnnotation(resource: Resource, ref: ResourceRef, problem: string): Result {
  const result: Result = withSubject(
    {
      ruleId: SYSTEM_RESULT_IDS.exceptionInvalid,
      verdict: 'warn',
      severity: 'medium',
      message: `annotation rampart.dev/ignore ${problem}; it suppresses nothing`,
      resource: ref,
      path: 'metadata.annotations["rampart.dev/ignore"]',
    },
    resource,
  );
  const location = locate(resource, ['metadata', 'annotations', 'rampart.dev/ignore']);
  if (location) result.location = location;
  return result;
}

function unknownRules(ids: readonly string[], known: ReadonlySet<string>): string | undefined {
  const unknown = ids.filter((id) => id !== '*' && !known.has(id));
  if (unknown.length === 0) return undefined;
  return `names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"`).join(', ')} (see \`rampart rules\`)`;
}

/** Expired exceptions stop applying and say so; exceptions naming unknown rules are typos worth hearing about. */
function exceptionProblems(exceptions: readonly ConfigException[], known: ReadonlySet<string>, now: Date): Result[] {
  const out: Result[] = [];
  for (const exception of exceptions) {
    const where = exception.source
      ? { file: exception.source.file, line: exception.source.line, column: 1 }
      : undefined;
    const rules = exception.rules.join(', ');
    if (isExpired(exception, now)) {
      out.push({
        ruleId: SYSTEM_RESULT_IDS.exceptionExpired,
        verdict: 'warn',
        severity: 'medium',
        message: `exception for ${rules} expired on ${exception.expires} and no longer applies (reason was: ${exception.reason}); renew it with a new date or fix the findings`,
        ...(where ? { location: where } : {}),
      });
    }
    const problem = unknownRules(exception.rules, known);
    if (problem) {
      out.push({
        ruleId: SYSTEM_RESULT_IDS.exceptionInvalid,
        verdict: 'warn',
        severity: 'medium',
        message: `exception ${problem}; it suppresses nothing for those`,
        ...(where ? { location: where } : {}),
      });
    }
  }
  return out;
}
