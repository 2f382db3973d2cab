import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/** Reports the rules of Roles and ClusterRoles that open tunnels to the ports of running pods. */
export const rbacRolePortForwardsToPods = rbacCapabilityRule<'portForward'>({
  meta: {
    id: 'rbac-role-port-forwards-to-pods',
    title: 'Roles do not port-forward to pods without need',
    description:
      'Reports each rule of a Role or ClusterRole that allows `create` on pods/portforward (`kubectl port-forward`), including through `*` verbs or resources, with the bindings that hand it out. Severity follows the risky-capability catalogue (medium).',
    rationale:
      "A port-forward is a tunnel from the holder's machine to any port of any pod in reach, opened by the API server and the kubelet: NetworkPolicies, Services and ingress authentication never see it. Databases, admin consoles, debug and metrics ports that only trusted pods were meant to reach are open to whoever holds the grant, from wherever the API server is reachable.",
    remediation:
      'Keep port-forwarding out of standing roles: grant it for a limited time to the people who debug a namespace, through a RoleBinding, and reach services through their authenticated front doors otherwise:\n\n```yaml\nrules:\n- apiGroups: [""]\n  resources: ["pods", "pods/log"]\n  verbs: ["get", "list", "watch"]\n```',
    severity: 'medium',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control', 'Network separation and hardening'],
      mitre: ['T1090'],
    },
    messages: {
      portForward:
        'lets its holders open tunnels to any port of the pods (pods/portforward){{names}}, past NetworkPolicies and Services: {{rule}}{{also}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/tasks/access-application-cluster/port-forward-access-application-cluster/',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    ],
  },
  capabilities: [{ id: 'port-forward', messageId: 'portForward' }],
});
