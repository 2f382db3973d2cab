import { actor, anyGlob, at, defineAuditRule, isFinal, optionList, target } from '../audit-support.js';

const DEFAULT_ADMINS = ['admin', 'kubernetes-admin', 'kubernetes-admin@*', 'minikube-user'];

/** The installer's admin credential should sit in a vault, not in daily use. */
export const auditAdminUserActivity = defineAuditRule<'used'>({
  meta: {
    id: 'audit-admin-user-activity',
    title: 'The installer’s admin credentials are not used',
    description:
      'Opt-in. Reports every request by one of `adminUsers` (globs; the names installers give their first administrator) or by a member of `system:masters`, whose requests no RBAC rule can limit.',
    rationale:
      'The credential an installer hands out is full, unrevocable access (`system:masters` bypasses RBAC and cannot be taken back short of rotating the CA); every use of it is a use nobody can attribute to a person.',
    remediation:
      'Log in with personal identities bound to the roles the work needs; keep the installer credential offline for break-glass, and rotate it after use.',
    severity: 'medium',
    owner: 'security',
    frameworks: { mitre: ['T1078'] },
    optIn: true,
    options: {
      adminUsers: {
        type: 'string-list',
        default: DEFAULT_ADMINS,
        description: 'Usernames (globs) of administrator credentials.',
      },
    },
    messages: { used: 'administrator {{user}} sent {{verb}} {{target}}' },
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
  },
  detect(view, options) {
    if (!isFinal(view)) return undefined;
    const admin =
      anyGlob(optionList(options, 'adminUsers', DEFAULT_ADMINS), view.user) || view.groups.includes('system:masters');
    if (!admin) return [];
    return [at(['user', 'username'], 'used', { user: actor(view), verb: view.verb, target: target(view) })];
  },
});
