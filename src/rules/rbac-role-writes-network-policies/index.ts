import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/** Reports the rules of Roles and ClusterRoles that change NetworkPolicies. */
export const rbacRoleWritesNetworkPolicies = rbacCapabilityRule<'writeNetworkPolicies'>({
  meta: {
    id: 'rbac-role-writes-network-policies',
    title: 'Roles do not change NetworkPolicies without need',
    description:
      'Reports each rule of a Role or ClusterRole that allows create, update, patch, delete or deletecollection on networking.k8s.io NetworkPolicies (including through `*` verbs, resources or API groups), with the bindings that hand it out. Rules limited to named objects pass: a component managing its own is the remedy. Severity follows the risky-capability catalogue (medium).',
    rationale:
      'NetworkPolicies are the firewall between workloads. Policies add up, so creating one that allows all ingress opens the pods it selects as surely as deleting the default deny; either way the isolation a security review relied on is gone, and nothing in the pods changes to show it. Applications never need to change their own network boundary at run time.',
    remediation:
      'Let the platform team (or the deployment pipeline that owns the namespace) manage NetworkPolicies, and give applications read access at most:\n\n```yaml\nrules:\n- apiGroups: ["networking.k8s.io"]\n  resources: ["networkpolicies"]\n  verbs: ["get", "list", "watch"]\n```',
    severity: 'medium',
    owner: 'platform',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control', 'Network separation and hardening'],
      mitre: ['T1562.001'],
    },
    messages: {
      writeNetworkPolicies:
        'lets its holders create, change or delete NetworkPolicies{{names}}, opening the pods they isolate: {{rule}}{{also}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    ],
  },
  capabilities: [{ id: 'write-network-policies', messageId: 'writeNetworkPolicies' }],
});
