import {
  type EscalationPath,
  type Grant,
  grantSteps,
  isStructural,
  type Request,
  ruleJson,
  type SubjectRef,
} from '../analyze/rbac/index.js';

/*
 * The RBAC analyzer's views, as the `rampart rbac` commands print them: requests, subjects and
 * grants in words and as JSON, escalation paths (columns are ./columns.ts).
 */

export function describeRequest(request: Request): string {
  if (request.kind === 'nonResource') return `${request.verb} ${request.path}`;
  const resource = `${request.resource}${request.apiGroup ? `.${request.apiGroup}` : ''}${request.subresource ? `/${request.subresource}` : ''}`;
  const name = request.name ? ` ${request.name}` : '';
  const scope = request.namespace ? ` in namespace ${request.namespace}` : ' cluster-wide';
  return `${request.verb} ${resource}${name}${scope}`;
}

export function subjectJson(subject: SubjectRef): Record<string, string> {
  return subject.kind === 'ServiceAccount'
    ? { kind: subject.kind, name: subject.name, namespace: subject.namespace ?? '' }
    : { kind: subject.kind, name: subject.name };
}

/** A grant as JSON: binding, role and rule (the contract of `who-can -o json`), with the rule's index. */
export function grantJson(grant: Grant, withSubject = false): Record<string, unknown> {
  const { binding, role, rule } = grant;
  const out: Record<string, unknown> = {
    binding: { kind: binding.kind, ...(binding.namespace ? { namespace: binding.namespace } : {}), name: binding.name },
    role: { kind: role.kind, ...(role.namespace ? { namespace: role.namespace } : {}), name: role.name },
    rule: ruleJson(rule.rule),
    ruleIndex: rule.index,
  };
  if (rule.aggregatedFrom) out.aggregatedFrom = { kind: 'ClusterRole', name: rule.aggregatedFrom };
  const subject = binding.subjects[grant.subjectIndex];
  if (withSubject && subject) out.subject = subjectJson(subject);
  return out;
}

/** `RoleBinding ns/x → ClusterRole edit, rule 3 (aggregated from …)` */
export function grantText(grant: Grant): string {
  const { binding, role, rule } = grant;
  const b = binding.namespace ? `${binding.namespace}/${binding.name}` : binding.name;
  const r = role.namespace ? `${role.namespace}/${role.name}` : role.name;
  const via = rule.aggregatedFrom ? ` (from ${rule.aggregatedFrom})` : '';
  const builtIn = binding.builtIn ? ' (built into every cluster)' : '';
  return `${binding.kind} ${b}${builtIn} → ${role.kind} ${r} rule ${rule.index}${via}`;
}

/** `rampart rbac paths`: each subject's shortest path, step by step, with the grants that open each step. */
export function formatPaths(
  paths: readonly EscalationPath[],
  label: (id: string) => string,
  to: string,
  single: boolean,
): string {
  if (paths.length === 0)
    return single ? `no path to ${to}\n` : `no subject outside the platform has a path to ${to}\n`;
  let out = '';
  for (const path of paths) {
    const count = grantSteps(path);
    out += `${path.from.label} → ${path.target.label} (${count} step${count === 1 ? '' : 's'})\n`;
    let number = 0;
    path.steps.forEach((step) => {
      // steps that take no right of their own follow the numbered one they come from
      const mark = isStructural(step) ? '     ·' : `  ${++number}.`;
      out += `${mark} ${step.text}  ⇒ ${label(step.to)}\n`;
      const shown = new Set<string>();
      for (const grant of step.grants) {
        const line = grantText(grant);
        if (shown.has(line) || shown.size >= 4) continue;
        shown.add(line);
        out += `       granted by ${line}\n`;
      }
    });
    out += '\n';
  }
  return `${out}${paths.length} path${paths.length === 1 ? '' : 's'} to ${to}\n`;
}
