import { defineRule } from '../../core/rule.js';

const SA_ANNOTATION = 'kubernetes.io/service-account.name';

/**
 * Since v1.24 ServiceAccounts get short-lived, audience-bound tokens through the TokenRequest API;
 * a `kubernetes.io/service-account-token` Secret holds a token that never expires.
 */
export const legacyServiceAccountTokenSecret = defineRule({
  meta: {
    id: 'legacy-service-account-token-secret',
    title: 'No long-lived ServiceAccount token Secrets',
    description:
      'Reports Secrets of type `kubernetes.io/service-account-token`: the control plane fills them with a ServiceAccount token that has no expiry and no audience or pod binding.',
    rationale:
      "A legacy token stays valid until the Secret is deleted, works from anywhere, and is stored in etcd and in every backup. Whoever reads it once (from a backup, a CI log, a pod that mounts it, or through `get secrets`) holds the ServiceAccount's permissions for good. Tokens from the TokenRequest API expire within hours and are bound to a pod.",
    remediation:
      'Delete the Secret and let workloads use their projected token (the default since v1.22). External clients get a short-lived token with `kubectl create token <service-account> --duration=1h`, or a workload-identity federation of your cloud. If a non-expiring token is unavoidable, record the exception and rotate the token by recreating the Secret.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'security',
    frameworks: { nsa: ['Pod security: protecting Pod service account tokens'], mitre: ['T1528'] },
    kinds: ['Secret'],
    messages: {
      legacyToken:
        'Secret holds a long-lived token of ServiceAccount {{serviceAccount}} that never expires and is not bound to a pod',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token',
      'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#legacy-serviceaccount-token-cleaner',
      'https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets',
    ],
  },
  check({ object }) {
    if (object.apiVersion !== 'v1' || object.type !== 'kubernetes.io/service-account-token') return [];
    const name = object.metadata?.annotations?.[SA_ANNOTATION];
    return [
      {
        path: ['type'],
        messageId: 'legacyToken',
        data: { serviceAccount: typeof name === 'string' && name !== '' ? name : '(unnamed)' },
      },
    ];
  },
});
