import { locate } from '../../core/engine.js';
import { resourceRef } from '../../core/resource.js';
import { type Result, SYSTEM_RESULT_IDS } from '../../core/result.js';
import type { CompileProblem, PolicyProblem } from '../admission-policy/index.js';

/** `vap/<name>` and `map/<name>`: the rule id of a policy's results, whatever the version it was written in. */
export function policyRuleId(kind: string, name: string): string {
  return `${kind.startsWith('Mutating') ? 'map' : 'vap'}/${name}`;
}

/** A policy object the API server would refuse: an error result at the offending field. */
export function problemResult(problem: PolicyProblem, verdict: 'error' | 'warn'): Result {
  const { object } = problem.resource;
  const name = object.metadata?.name;
  const result: Result = {
    ruleId:
      typeof name === 'string' && name !== ''
        ? ruleIdFor(object.kind, object.spec, name)
        : SYSTEM_RESULT_IDS.inputError,
    verdict,
    severity: verdict === 'error' ? 'high' : 'low',
    message: `${object.kind}${typeof name === 'string' ? ` "${name}"` : ''}: ${problem.message}`,
    resource: resourceRef(object),
  };
  const location = locate(problem.resource, problem.path);
  if (location) result.location = location;
  return result;
}

/** Bindings report under the id of the policy they bind. */
function ruleIdFor(kind: string, spec: unknown, name: string): string {
  if (kind.endsWith('Binding')) {
    const policyName = (spec as { policyName?: unknown } | undefined)?.policyName;
    if (typeof policyName === 'string' && policyName !== '') return policyRuleId(kind, policyName);
  }
  return policyRuleId(kind, name);
}

/** An expression that does not compile: the policy, the field, the position in the expression, and the expression. */
export function compileProblemResult(problem: CompileProblem): Result {
  const { resource } = problem.expression.source;
  const { object } = resource;
  const text = problem.expression.text.trim().replace(/\s+/g, ' ');
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const result: Result = {
    ruleId: policyRuleId(object.kind, problem.policy),
    verdict: 'error',
    severity: 'high',
    message: `${object.kind} "${problem.policy}": ${problem.expression.field} does not compile: ${problem.message} (line ${problem.line}, column ${problem.column} of the expression: ${shown})`,
    resource: resourceRef(object),
    remediation: 'Fix the expression; until then the policy cannot be evaluated, here or by the API server.',
  };
  const location = locate(resource, problem.expression.source.path);
  if (location) result.location = location;
  return result;
}
