import { DOCS_URL } from '../../core/project.js';
import type { KubeObject } from '../../core/resource.js';
import type { Result } from '../../core/result.js';
import {
  type CheckContext,
  NOT_APPLICABLE,
  OWNERS,
  type Owner,
  type Report,
  type Rule,
  type RuleMeta,
} from '../../core/rule.js';
import { isSeverity, SEVERITIES, type Severity } from '../../core/severity.js';
import {
  AdmissionEvaluator,
  type AdmissionOutcome,
  type CompiledPolicy,
  type EvaluatorOptions,
  type PolicyFailure,
  type PolicyLoad,
} from '../admission-policy/index.js';
import { compileProblemResult, policyRuleId, problemResult } from './problem-results.js';

export interface PolicyRuleSet {
  /** One rule per policy: `vap/<name>`, `map/<name>`. */
  rules: Rule[];
  /** Policy objects that cannot be used (errors) or have no effect (warnings), and expressions that do not compile. */
  problems: Result[];
  evaluator: AdmissionEvaluator;
}

/** Annotations a policy author may set on a policy to shape its findings in Rampart. */
export const SEVERITY_ANNOTATION = 'rampart.dev/severity';
export const OWNER_ANNOTATION = 'rampart.dev/owner';

const DOCS = {
  validating: 'https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/',
  mutating: 'https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/',
};

/**
 * The admission policies of `--policy` files as scan rules, so their verdicts flow through the
 * engine like any rule's (exceptions, annotations, every output). Each scanned object is admitted
 * once, as a CREATE, by all the policies together — mutations first, validation of the mutated
 * object next — and each policy's rule reports its own part of that answer:
 *
 * - a validation failure bound with Deny → `fail`; with Warn → `warn`; with only Audit → `warn`
 *   at severity `info` (recorded, never failing the scan);
 * - an evaluation error or misconfiguration under failurePolicy Fail → `fail`, as the API server
 *   would deny; under Ignore → nothing, as the API server would admit;
 * - a mutation that fails under failurePolicy Fail → `fail` of `map/<name>`.
 */
export function policyRules(load: PolicyLoad, options: EvaluatorOptions = {}): PolicyRuleSet {
  const evaluator = new AdmissionEvaluator(load.set, options);
  const problems: Result[] = [
    ...load.problems.map((problem) => problemResult(problem, 'error')),
    ...load.warnings.map((problem) => problemResult(problem, 'warn')),
    ...evaluator.compileProblems.map(compileProblemResult),
  ];
  const outcomes = new WeakMap<KubeObject, AdmissionOutcome>();
  const admit = (object: KubeObject): AdmissionOutcome => {
    let outcome = outcomes.get(object);
    if (!outcome) {
      outcome = evaluator.admit(evaluator.attributes(object));
      outcomes.set(object, outcome);
    }
    return outcome;
  };
  const rules = [...evaluator.mutating, ...evaluator.validating].map((compiled) => policyRule(compiled, admit));
  for (const compiled of [...evaluator.mutating, ...evaluator.validating])
    problems.push(...annotationProblems(compiled));
  return { rules, problems, evaluator };
}

/** A misspelt severity or owner would silently fall back to the default; say so instead. */
function annotationProblems({ policy }: CompiledPolicy): Result[] {
  const annotations = policy.object.metadata?.annotations ?? {};
  const out: Result[] = [];
  const check = (key: string, allowed: readonly string[]) => {
    const value = annotations[key];
    if (value === undefined || allowed.includes(value)) return;
    out.push(
      problemResult(
        {
          resource: policy.resource,
          path: ['metadata', 'annotations', key],
          message: `metadata.annotations["${key}"] must be one of ${allowed.join(', ')} (got "${value}"); the default applies`,
        },
        'warn',
      ),
    );
  };
  check(SEVERITY_ANNOTATION, SEVERITIES);
  check(OWNER_ANNOTATION, OWNERS);
  return out;
}

function policyRule(compiled: CompiledPolicy, admit: (object: KubeObject) => AdmissionOutcome): Rule {
  const { policy } = compiled;
  const annotations = policy.object.metadata?.annotations ?? {};
  const severity = isSeverity(annotations[SEVERITY_ANNOTATION]) ? annotations[SEVERITY_ANNOTATION] : 'high';
  const ownerAnnotation = annotations[OWNER_ANNOTATION];
  const owner: Owner = (OWNERS as readonly string[]).includes(ownerAnnotation ?? '')
    ? (ownerAnnotation as Owner)
    : 'developer';
  const kind = policy.object.kind;
  const origin = policy.resource.origin;
  const from = origin.kind === 'file' ? ` (${origin.file})` : '';
  const meta: RuleMeta<'finding'> = {
    id: policyRuleId(kind, policy.name),
    title: `${kind} ${policy.name}`,
    description: `The ${kind} "${policy.name}"${from}, evaluated as the API server would when the resource is created.`,
    rationale:
      policy.type === 'validating'
        ? 'The cluster enforces this policy at admission: a resource that fails it is rejected (Deny), warned about (Warn) or recorded in the audit log (Audit) when it is applied.'
        : 'The cluster runs this mutation at admission; when it cannot, the request is rejected (failurePolicy Fail).',
    remediation:
      policy.type === 'validating'
        ? 'Change the resource so that the validation holds, or agree an exception with the owner of the policy.'
        : 'Change the resource or the policy so that the mutation applies.',
    stage: 'deploy',
    severity,
    owner,
    frameworks: {},
    kinds: ['*'],
    messages: { finding: '{{message}}' },
    references: [DOCS[policy.type]],
    helpUri: `${DOCS_URL}/policy.md`,
  };
  const key = `${policy.type}/${policy.name}`;
  const broken = compiled.errors.length > 0;
  return {
    meta,
    check(context: CheckContext) {
      // A policy that does not compile is reported once, as an error, rather than on every resource.
      if (broken) return NOT_APPLICABLE;
      const outcome = admit(context.object);
      if (!outcome.matched.has(key)) return NOT_APPLICABLE;
      return reports(
        outcome.failures.filter((f) => f.type === policy.type && f.policy === policy.name),
        severity,
      );
    },
  };
}

const STRENGTH = { fail: 3, warn: 2, audit: 1 } as const;

/** One finding per distinct message: several bindings or params failing alike say it once, at the strongest action. */
function reports(failures: readonly PolicyFailure[], severity: Severity): Report<'finding'>[] {
  const byMessage = new Map<string, keyof typeof STRENGTH>();
  for (const failure of failures) {
    const action = failure.actions.includes('Deny') ? 'fail' : failure.actions.includes('Warn') ? 'warn' : 'audit';
    const known = byMessage.get(failure.message);
    if (!known || STRENGTH[action] > STRENGTH[known]) byMessage.set(failure.message, action);
  }
  return [...byMessage].map(([message, action]) => ({
    path: [],
    messageId: 'finding',
    data: { message },
    ...(action === 'fail' ? {} : { verdict: 'warn' as const }),
    severity: action === 'fail' ? severity : action === 'warn' ? lower(severity) : 'info',
  }));
}

/** A warning is one step below the policy's severity: it is reported, not enforced. */
function lower(severity: Severity): Severity {
  const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  return order[Math.min(order.indexOf(severity) + 1, order.length - 1)] as Severity;
}
