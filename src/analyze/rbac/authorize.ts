import { namespacedName, namespacePhrase } from '../../core/applied-namespace.js';
import { formatSubject, identityKeys, MASTERS } from './identity.js';
import type { PolicyIndex } from './policy-index.js';
import { ruleAllows, ruleAllowsIgnoringName } from './rule-match.js';
import type { BindingInfo, Grant, Identity, Request } from './types.js';

export interface Decision {
  allowed: boolean;
  /** Allowed because the identity is in system:masters, which the API server never sends to RBAC. */
  privileged: boolean;
  /** Every binding → role → rule chain that allows the request (the first is upstream's reason). */
  grants: Grant[];
  reason: string;
}

/** A binding that applies to the identity, with the first of its subjects that matched (upstream's choice). */
export interface Applicable {
  binding: BindingInfo;
  subjectIndex: number;
}

/**
 * The bindings that apply to an identity for a request in `namespace` ('' for cluster-scoped and
 * non-resource requests): every ClusterRoleBinding naming it, then the RoleBindings of that
 * namespace naming it, in inventory order: the order in which the authorizer visits them.
 */
export function applicableBindings(index: PolicyIndex, identity: Identity, namespace: string): Applicable[] {
  const first = new Map<BindingInfo, number>();
  for (const key of identityKeys(identity)) {
    for (const entry of index.entriesFor(key)) {
      const { binding } = entry;
      if (binding.kind === 'RoleBinding' && binding.namespace !== namespace) continue;
      const known = first.get(binding);
      if (known === undefined || entry.subjectIndex < known) first.set(binding, entry.subjectIndex);
    }
  }
  return [...first]
    .map(([binding, subjectIndex]) => ({ binding, subjectIndex }))
    .sort((a, b) => rank(a.binding) - rank(b.binding));
}

function rank(binding: BindingInfo): number {
  return (binding.kind === 'ClusterRoleBinding' ? 0 : 1_000_000_000) + binding.order;
}

/** Decides a request as kube-apiserver would with `--authorization-mode=RBAC`, and says why. */
export function authorize(index: PolicyIndex, identity: Identity, request: Request): Decision {
  const grants = grantsFor(index, identity, request);
  const privileged = identity.groups.includes(MASTERS);
  if (privileged) {
    return {
      allowed: true,
      privileged,
      grants,
      reason: `${MASTERS} is a privileged group: the API server allows its members everything without consulting RBAC`,
    };
  }
  if (grants.length > 0)
    return { allowed: true, privileged, grants, reason: `allowed by ${describeGrant(grants[0] as Grant)}` };
  return { allowed: false, privileged, grants, reason: denial(index, identity, request) };
}

/** Every grant that allows the request, in the authorizer's visiting order. */
export function grantsFor(index: PolicyIndex, identity: Identity, request: Request): Grant[] {
  const namespace = request.kind === 'resource' ? request.namespace : '';
  const grants: Grant[] = [];
  for (const { binding, subjectIndex } of applicableBindings(index, identity, namespace)) {
    const role = binding.role;
    if (!role) continue;
    for (const rule of role.rules) {
      if (ruleAllows(rule.rule, request)) grants.push({ binding, role, rule, subjectIndex });
    }
  }
  return grants;
}

export function describeGrant(grant: Grant): string {
  const { binding, role, rule } = grant;
  const subject = binding.subjects[grant.subjectIndex];
  const where = binding.namespace ? namespacedName(binding.namespace, binding.name) : binding.name;
  const roleName = role.namespace ? namespacedName(role.namespace, role.name) : role.name;
  const via = rule.aggregatedFrom ? ` (aggregated from ClusterRole ${rule.aggregatedFrom})` : '';
  return `${binding.kind} ${where} of ${role.kind} ${roleName} rule ${rule.index}${via} to ${subject ? formatSubject(subject) : 'a subject'}`;
}

/** Why nothing allowed the request, with the near misses a person would look for next. */
function denial(index: PolicyIndex, identity: Identity, request: Request): string {
  const hints: string[] = [];
  const namespace = request.kind === 'resource' ? request.namespace : '';
  for (const { binding } of applicableBindings(index, identity, namespace)) {
    if (!binding.role)
      hints.push(
        `${binding.kind} ${binding.name} references ${binding.roleRef.kind} ${binding.roleRef.name}, which does not exist, so grants nothing`,
      );
  }
  if (request.kind === 'resource') {
    if (request.name === '') {
      for (const { binding, subjectIndex } of applicableBindings(index, identity, namespace)) {
        const named = binding.role?.rules.find(
          (r) => r.rule.resourceNames.length > 0 && ruleAllowsIgnoringName(r.rule, request),
        );
        if (named && binding.role) {
          hints.push(
            `${describeGrant({ binding, role: binding.role, rule: named, subjectIndex })} allows it only for the names ${named.rule.resourceNames.join(', ')}`,
          );
        }
      }
    }
    if (request.namespace !== '') {
      for (const other of index.bindingNamespaces()) {
        if (other === request.namespace) continue;
        const elsewhere = grantsFor(index, identity, { ...request, namespace: other })[0];
        if (elsewhere) {
          hints.push(`it would be allowed in ${namespacePhrase(other)} (by ${describeGrant(elsewhere)})`);
          break;
        }
      }
    }
  } else if (applicableBindings(index, identity, '').length === 0) {
    hints.push('non-resource URLs are granted only by ClusterRoleBindings, and none applies');
  }
  return ['no RBAC rule allows it', ...hints].join('; ');
}
