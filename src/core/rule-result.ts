import type { Resource, ResourceRef } from './resource.js';
import type { Location, Result } from './result.js';
import type { Rule, RuleMeta } from './rule.js';
import type { Severity, Verdict } from './severity.js';

/**
 * Every rule result has the same fields in the same order (absent ones undefined): tens of
 * thousands of them flow through summaries and formatters, which stay fast when they all
 * share one shape.
 */
export function ruleResult(
  rule: Rule,
  ref: ResourceRef,
  subject: Resource,
  severity: Severity,
  verdict: Verdict,
  message: string,
): Result {
  return new RuleResult(rule.meta, ref, subject, severity, verdict, message);
}

/**
 * A rule's result. The judged resource is a private field behind the `subject` accessor, so it is
 * not an own property: outputs, copies and serializers never see the object (it may be a Secret),
 * as with `withSubject`, and making one costs about half as much as defining a hidden property on
 * each of ~160,000 results.
 */
class RuleResult implements Result {
  ruleId: string;
  verdict: Verdict;
  severity: Severity;
  message: string;
  resource: ResourceRef;
  location: Location | undefined = undefined;
  path: string | undefined = undefined;
  remediation: string;
  frameworks: RuleMeta['frameworks'];
  owner: RuleMeta['owner'];
  stage: RuleMeta['stage'];
  suppressed: Result['suppressed'] = undefined;
  skipReason: string | undefined = undefined;
  fix: Result['fix'] = undefined;
  #subject: Resource;

  constructor(
    meta: RuleMeta,
    ref: ResourceRef,
    subject: Resource,
    severity: Severity,
    verdict: Verdict,
    message: string,
  ) {
    this.ruleId = meta.id;
    this.verdict = verdict;
    this.severity = severity;
    this.message = message;
    this.resource = ref;
    this.remediation = meta.remediation;
    this.frameworks = meta.frameworks;
    this.owner = meta.owner;
    this.stage = meta.stage;
    this.#subject = subject;
  }

  get subject(): Resource {
    return this.#subject;
  }

  set subject(subject: Resource) {
    this.#subject = subject;
  }
}

/**
 * Attaches the judged resource, not enumerable: outputs, copies and serializers never see the
 * object (it may be a Secret), while front-ends reach it as `result.subject`.
 */
export function withSubject<T extends Result>(result: T, subject: Resource): T {
  Object.defineProperty(result, 'subject', { value: subject, enumerable: false, writable: true, configurable: true });
  return result;
}
