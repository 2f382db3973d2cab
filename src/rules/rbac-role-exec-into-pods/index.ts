import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/** Reports the rules of Roles and ClusterRoles that run commands in, attach to, or add debug containers to running pods. */
export const rbacRoleExecIntoPods = rbacCapabilityRule<'exec' | 'attach' | 'ephemeral'>({
  meta: {
    id: 'rbac-role-exec-into-pods',
    title: 'Roles do not exec into, attach to or debug running pods',
    description:
      'Reports each rule of a Role or ClusterRole that allows `create` on pods/exec or pods/attach, or update/patch on pods/ephemeralcontainers (`kubectl debug`), including through `*` verbs or resources, with the bindings that hand it out. `pods/*` is not reported: the authorizer reads it literally and it matches no subresource (the RBAC analyzer warns about it). Severity follows the risky-capability catalogue.',
    rationale:
      "A shell in a running container is that container's identity: its files, its environment variables (often credentials), its mounted ServiceAccount token and its network position. Exec and attach bypass every admission control the pod was checked against at creation, and an ephemeral debug container can share the target's process namespace. One such grant over a namespace with a powerful workload is a privilege escalation.",
    remediation:
      'Keep interactive access out of standing roles: grant it to a break-glass group through a RoleBinding in one namespace, for a limited time, and audit its use. A role that only reads logs needs `pods/log`, not exec:\n\n```yaml\nrules:\n- apiGroups: [""]\n  resources: ["pods", "pods/log"]\n  verbs: ["get", "list", "watch"]\n```',
    severity: 'high',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      mitre: ['T1609'],
    },
    messages: {
      exec: 'lets its holders run commands in running containers (pods/exec){{names}}: {{rule}}{{also}}; {{bound}}{{related}}',
      attach:
        'lets its holders attach to the processes of running containers (pods/attach){{names}}: {{rule}}{{also}}; {{bound}}{{related}}',
      ephemeral:
        'lets its holders add debug containers to running pods (pods/ephemeralcontainers){{names}}: {{rule}}{{also}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
      'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container',
    ],
  },
  capabilities: [
    { id: 'exec-pods', messageId: 'exec' },
    { id: 'attach-pods', messageId: 'attach' },
    { id: 'ephemeral-containers', messageId: 'ephemeral' },
  ],
});
