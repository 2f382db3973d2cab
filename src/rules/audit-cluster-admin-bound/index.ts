import { isRecord } from '../../core/pod-spec.js';
import { actor, at, defineAuditRule, isFinal, MODIFY, refused, target } from '../audit-support.js';

const BINDINGS = new Set(['clusterrolebindings', 'rolebindings']);

/** Binding cluster-admin is the end of every escalation path: whoever it names owns the cluster. */
export const auditClusterAdminBound = defineAuditRule<'bound'>({
  meta: {
    id: 'audit-cluster-admin-bound',
    title: 'No bindings to cluster-admin',
    description:
      'Reports ClusterRoleBindings and RoleBindings created, updated or patched to refer to the `cluster-admin` ClusterRole (read from the request object, which needs the audit level Request or RequestResponse), naming the subjects. Refused requests are not reported.',
    rationale:
      'cluster-admin can do anything to every object, Secrets and RBAC included; an attacker who can create bindings grants it to themselves and then no longer needs the path that let them in.',
    remediation:
      'Find who created the binding and why; delete it unless it was an approved break-glass, and grant the narrower roles the work needs. Keep `bind` and `escalate` and write access to bindings to the few who administer RBAC.',
    severity: 'high',
    owner: 'security',
    frameworks: { mitre: ['T1098'] },
    messages: { bound: '{{user}} bound cluster-admin to {{subjects}} ({{target}})' },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles'],
  },
  detect(view) {
    if (!BINDINGS.has(view.resource) || view.subresource !== '' || !MODIFY.has(view.verb)) return undefined;
    if (!isFinal(view) || refused(view) || !view.requestObject) return undefined;
    const ref = view.requestObject.roleRef;
    if (!isRecord(ref) || ref.name !== 'cluster-admin' || ref.kind !== 'ClusterRole') return [];
    return [
      at(['requestObject', 'roleRef', 'name'], 'bound', {
        user: actor(view),
        subjects: subjectsOf(view.requestObject),
        target: target(view),
      }),
    ];
  },
});

/** `User alice, Group ops`, at most five named. */
export function subjectsOf(binding: Record<string, unknown>): string {
  const subjects = Array.isArray(binding.subjects) ? binding.subjects.filter(isRecord) : [];
  if (subjects.length === 0) return 'no subject';
  const named = subjects.slice(0, 5).map((s) => {
    const name = typeof s.name === 'string' ? s.name : '?';
    const where = typeof s.namespace === 'string' && s.namespace ? `${s.namespace}/` : '';
    return `${typeof s.kind === 'string' ? s.kind : '?'} ${where}${name}`;
  });
  return subjects.length > 5 ? `${named.join(', ')} and ${subjects.length - 5} more` : named.join(', ');
}
