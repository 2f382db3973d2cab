import { rbacCapabilityRule } from '../rbac-capability-rule.js';

const RBAC = 'rbac.authorization.k8s.io';

/**
 * Reports the rules that lift RBAC's own escalation checks (bind, escalate) or act as another
 * identity (impersonate). bind and escalate are complete only with write access to bindings or
 * roles, which may come from another role, so a lone verb is reported too, at a lower severity.
 */
export const rbacRoleEscalationVerbs = rbacCapabilityRule<
  'bind' | 'escalate' | 'impersonate' | 'bindVerb' | 'escalateVerb'
>({
  meta: {
    id: 'rbac-role-escalation-verbs',
    title: 'Roles do not grant bind, escalate or impersonate',
    description:
      'Reports each rule of a Role or ClusterRole that grants `bind` on roles or clusterroles together with write access to bindings, `escalate` together with write access to roles, or `impersonate` on users, groups or ServiceAccounts (directly or through `*` verbs), with the bindings that hand it out. A `bind` or `escalate` verb without the write access in the same role is reported as medium: the write access may come from another role. Severity otherwise follows the risky-capability catalogue; bind and impersonate limited to named roles or identities, and impersonation of ServiceAccounts only, are high instead of critical.',
    rationale:
      'RBAC prevents privilege escalation by refusing to let anyone create a role with permissions they lack (escalate lifts that check) or bind a role they do not hold (bind lifts that check). A holder of bind can bind cluster-admin to itself; a holder of escalate can add `*` to a role it is bound to; a holder of impersonate sends requests as another user or group, and impersonating the group system:masters is cluster-admin without any binding at all.',
    remediation:
      'Remove these verbs from every role but the few that manage RBAC for a living, and name what may be bound or impersonated:\n\n```yaml\nrules:\n- apiGroups: ["rbac.authorization.k8s.io"]\n  resources: ["clusterroles"]\n  verbs: ["bind"]\n  resourceNames: ["view"]   # may bind view, nothing else\n- apiGroups: ["rbac.authorization.k8s.io"]\n  resources: ["rolebindings"]\n  verbs: ["create"]\n```\n\nAdministrators who need to act as someone else should impersonate named users from a low-privilege account, and impersonation should be audited.',
    severity: 'critical',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.8'],
      mitre: ['T1078', 'T1098.006'],
    },
    messages: {
      bind: 'lets its holders bind roles they do not hold, and write the bindings to do it{{names}}: {{rule}}{{also}}; {{bound}}{{related}}',
      escalate:
        'lets its holders write roles with permissions they do not hold: {{rule}}{{also}}; {{bound}}{{related}}',
      impersonate:
        'lets its holders act as other users, groups or ServiceAccounts{{names}}: {{rule}}{{also}}; {{bound}}{{related}}',
      bindVerb:
        'grants the bind verb: whoever also may write role bindings (from this or any other role) binds roles beyond its own rights: {{rule}}; {{bound}}{{related}}',
      escalateVerb:
        'grants the escalate verb: whoever also may update roles (from this or any other role) writes any permission into them: {{rule}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#bind-verb',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#impersonate-verb',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
    ],
  },
  capabilities: [
    { id: 'bind-roles', messageId: 'bind' },
    { id: 'escalate-roles', messageId: 'escalate' },
    { id: 'impersonate', messageId: 'impersonate' },
  ],
  fragments: [
    {
      messageId: 'bindVerb',
      severity: 'medium',
      scope: 'namespace',
      requests: [
        ['bind', RBAC, 'roles'],
        ['bind', RBAC, 'clusterroles'],
      ],
    },
    {
      messageId: 'escalateVerb',
      severity: 'medium',
      scope: 'namespace',
      requests: [['escalate', RBAC, 'roles']],
    },
    {
      messageId: 'escalateVerb',
      severity: 'medium',
      scope: 'cluster',
      requests: [['escalate', RBAC, 'clusterroles']],
    },
  ],
});
