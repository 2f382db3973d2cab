import { own } from '../../core/lookup.js';
import { MASTERS, subjectKey } from './identity.js';
import type { PolicyIndex } from './policy-index.js';
import { ruleAllows, ruleAllowsIgnoringName } from './rule-match.js';
import type { BindingInfo, Grant, Request, RoleInfo, RuleSource, SubjectRef } from './types.js';

export interface SubjectGrants {
  subject: SubjectRef;
  /** system:masters: allowed by the API server before RBAC is asked. */
  privileged?: boolean;
  grants: Grant[];
}

export interface WhoCanResult {
  subjects: SubjectGrants[];
  /** Subjects whose rules allow the request only for named objects (asked without a name). */
  namedOnly: SubjectGrants[];
}

export interface WhoCanScope {
  /** Ask in every namespace at once: RoleBindings of all namespaces count, each in its own. */
  allNamespaces?: boolean;
}

/**
 * Every subject the authorizer would allow the request, each with the binding → role → rule
 * chains that allow it, like upstream's subject locator: system:masters always, then the subjects
 * of each ClusterRoleBinding, and of each RoleBinding in the request's namespace, whose role allows it.
 */
export function whoCan(index: PolicyIndex, request: Request, scope: WhoCanScope = {}): WhoCanResult {
  const allowedRules = memoByRole((rule) => ruleAllows(rule.rule, request));
  const namedRules = memoByRole(
    (rule) =>
      request.kind === 'resource' &&
      request.name === '' &&
      rule.rule.resourceNames.length > 0 &&
      ruleAllowsIgnoringName(rule.rule, { ...request, name: '' }),
  );
  const found = new Map<string, SubjectGrants>();
  const named = new Map<string, SubjectGrants>();
  const masters: SubjectRef = { kind: 'Group', name: MASTERS };
  found.set(subjectKey(masters), { subject: masters, privileged: true, grants: [] });
  for (const binding of bindingsInScope(index, request, scope)) {
    const role = binding.role;
    if (!role) continue;
    collect(found, binding, role, allowedRules(role));
    collect(named, binding, role, namedRules(role));
  }
  for (const key of found.keys()) named.delete(key);
  return { subjects: sortSubjects([...found.values()]), namedOnly: sortSubjects([...named.values()]) };
}

function bindingsInScope(index: PolicyIndex, request: Request, scope: WhoCanScope): BindingInfo[] {
  const namespace = request.kind === 'resource' ? request.namespace : '';
  const bindings = [...index.clusterRoleBindings];
  if (scope.allNamespaces && request.kind === 'resource') {
    for (const ns of index.bindingNamespaces()) for (const binding of index.roleBindingsIn(ns)) bindings.push(binding);
  } else if (namespace !== '') for (const binding of index.roleBindingsIn(namespace)) bindings.push(binding);
  return bindings;
}

function collect(
  into: Map<string, SubjectGrants>,
  binding: BindingInfo,
  role: RoleInfo,
  rules: readonly RuleSource[],
): void {
  if (rules.length === 0) return;
  binding.subjects.forEach((subject, subjectIndex) => {
    if (!subject) return;
    const key = subjectKey(subject);
    let entry = into.get(key);
    if (!entry) {
      entry = { subject, grants: [] };
      into.set(key, entry);
    }
    for (const rule of rules) entry.grants.push({ binding, role, rule, subjectIndex });
  });
}

/** Rule matching is the same for every binding of a role, so each role is matched once per query. */
function memoByRole(test: (rule: RuleSource) => boolean): (role: RoleInfo) => RuleSource[] {
  const memo = new Map<RoleInfo, RuleSource[]>();
  return (role) => {
    let rules = memo.get(role);
    if (!rules) {
      rules = role.rules.filter(test);
      memo.set(role, rules);
    }
    return rules;
  };
}

const KIND_ORDER = { Group: 0, User: 1, ServiceAccount: 2 } as const;

export function sortSubjects(list: SubjectGrants[]): SubjectGrants[] {
  return list.sort((a, b) => {
    if (a.privileged !== b.privileged) return a.privileged ? -1 : 1;
    const kind = (own(KIND_ORDER, a.subject.kind) ?? 3) - (own(KIND_ORDER, b.subject.kind) ?? 3);
    if (kind !== 0) return kind;
    return compare(a.subject.namespace ?? '', b.subject.namespace ?? '') || compare(a.subject.name, b.subject.name);
  });
}

/** Code-point order: stable across locales, and far cheaper than localeCompare on large answers. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
