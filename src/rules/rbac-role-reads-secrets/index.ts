import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/**
 * Reports the rules of Roles and ClusterRoles that read every Secret in their reach. Reads limited
 * to named Secrets (resourceNames) pass: naming them is exactly the remedy.
 */
export const rbacRoleReadsSecrets = rbacCapabilityRule<'readSecrets'>({
  meta: {
    id: 'rbac-role-reads-secrets',
    title: 'Roles do not read every Secret',
    description:
      'Reports each rule of a Role or ClusterRole that allows get, list or watch on every Secret (directly, through `*` verbs or resources, or through a wildcard API group), with the bindings that hand it out. Rules limited to named Secrets with resourceNames pass. Severity follows the risky-capability catalogue of `rampart rbac access`.',
    rationale:
      'Secrets hold the credentials of a namespace: database passwords, cloud keys, TLS private keys, registry credentials and, in older clusters, ServiceAccount tokens. `list` and `watch` return every Secret with its data in one call, so a compromised CI token or a pod with this role walks away with all of them; in a ClusterRole bound cluster-wide that is every credential of every team, and of kube-system.',
    remediation:
      'Give the workload only the Secrets it reads, by name and with `get` only, in a Role of its own namespace:\n\n```yaml\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app-secrets\n  namespace: shop\nrules:\n- apiGroups: [""]\n  resources: ["secrets"]\n  resourceNames: ["shop-db", "shop-tls"]\n  verbs: ["get"]\n```\n\nControllers that must watch Secrets (certificate managers, secret operators) should run in their own namespace with a dedicated ServiceAccount; record them as exceptions with an owner and a reason.',
    severity: 'high',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.2'],
      mitre: ['T1552.007'],
    },
    messages: {
      readSecrets: 'lets its holders read every Secret {{where}}: {{rule}}{{also}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
    ],
  },
  capabilities: [{ id: 'read-secrets', messageId: 'readSecrets' }],
});
