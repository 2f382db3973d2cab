import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/**
 * Reports the rules that issue ServiceAccount tokens: the TokenRequest API (serviceaccounts/token),
 * or creating and reading Secrets, which the control plane fills with legacy tokens.
 */
export const rbacRoleCreatesTokens = rbacCapabilityRule<'createTokens' | 'mintLegacyTokens'>({
  meta: {
    id: 'rbac-role-creates-tokens',
    title: 'Roles do not issue ServiceAccount tokens',
    description:
      'Reports each rule of a Role or ClusterRole that allows `create` on serviceaccounts/token (the TokenRequest API), and roles that both create and read Secrets (a Secret of type kubernetes.io/service-account-token is filled with a token by the control plane), with the bindings that hand them out. Token creation limited to named ServiceAccounts is reported as medium. Severity otherwise follows the risky-capability catalogue.',
    rationale:
      'A token for a ServiceAccount is that ServiceAccount: whoever can request one inherits all of its permissions, from anywhere the API server is reachable, for as long as the token lives. Over a namespace with a powerful controller this is privilege escalation that leaves no pod behind; a legacy token Secret never even expires.',
    remediation:
      'Let only the components that mint tokens for others (a CI system issuing short-lived deploy tokens, a cloud controller manager) create them, for named ServiceAccounts:\n\n```yaml\nrules:\n- apiGroups: [""]\n  resources: ["serviceaccounts/token"]\n  resourceNames: ["deployer"]\n  verbs: ["create"]\n```\n\nWorkloads get their own token mounted by the kubelet and need no such rule.',
    severity: 'high',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.13'],
      mitre: ['T1528'],
    },
    messages: {
      createTokens:
        'lets its holders request tokens for ServiceAccounts (serviceaccounts/token){{names}}: {{rule}}{{also}}; {{bound}}{{related}}',
      mintLegacyTokens:
        'lets its holders create Secrets and read them back, which yields a token for any ServiceAccount of the namespace: {{rule}}{{also}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request',
      'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#manually-create-a-long-lived-api-token-for-a-serviceaccount',
    ],
  },
  capabilities: [
    { id: 'create-tokens', messageId: 'createTokens' },
    { id: 'mint-legacy-tokens', messageId: 'mintLegacyTokens' },
  ],
});
