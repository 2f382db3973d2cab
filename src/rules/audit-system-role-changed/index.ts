import {
  actor,
  anyGlob,
  at,
  defineAuditRule,
  isFinal,
  isSystemComponent,
  objectName,
  optionList,
  refused,
  target,
  WRITE,
} from '../audit-support.js';

const EXPECTED = ['system:coredns', 'system:managed-certificate-controller'];

const ROLES = new Set(['clusterroles', 'roles', 'clusterrolebindings', 'rolebindings']);

/** The `system:` roles and bindings are what the control plane itself runs on. */
export const auditSystemRoleChanged = defineAuditRule<'changed'>({
  meta: {
    id: 'audit-system-role-changed',
    title: 'No changes to system roles and bindings',
    description:
      'Reports writes (create, update, patch, delete) to ClusterRoles, Roles, ClusterRoleBindings and RoleBindings named `system:*` by users who are not Kubernetes components. The API server reconciles the bootstrap ones at start, so such a change may also be undone silently. `system:coredns` and `system:managed-certificate-controller` are changed by their add-ons and are in `allowNames`.',
    rationale:
      'Editing a bootstrap role (adding a verb to `system:discovery`, a subject to `system:node-proxier`) grants power that looks like part of Kubernetes and escapes most reviews of RBAC.',
    remediation:
      'Compare the object with its bootstrap definition and revert the change; add permissions with new, named roles instead of editing `system:` ones.',
    severity: 'high',
    owner: 'security',
    frameworks: { mitre: ['T1098'] },
    options: {
      allowNames: {
        type: 'string-list',
        default: EXPECTED,
        description: 'Role and binding names (globs) whose changes are expected.',
      },
    },
    messages: { changed: '{{user}} {{verb}} {{target}}' },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#auto-reconciliation'],
  },
  detect(view, options) {
    if (!ROLES.has(view.resource) || view.subresource !== '' || !WRITE.has(view.verb)) return undefined;
    const name = objectName(view);
    if (!isFinal(view) || refused(view) || !name.startsWith('system:')) return undefined;
    if (isSystemComponent(view.user) || anyGlob(optionList(options, 'allowNames', EXPECTED), name)) return [];
    const verb = view.verb.endsWith('e') ? `${view.verb}d` : `${view.verb}ed`;
    return [at(['objectRef', 'name'], 'changed', { user: actor(view), verb, target: target(view) })];
  },
});
