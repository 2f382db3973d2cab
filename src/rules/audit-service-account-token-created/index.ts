import { actor, at, defineAuditRule, isFinal, isSystemComponent, succeeded, target } from '../audit-support.js';

/** A token minted for a service account is that account's power, carried out of the cluster. */
export const auditServiceAccountTokenCreated = defineAuditRule<'token' | 'secret'>({
  meta: {
    id: 'audit-service-account-token-created',
    title: 'No service-account tokens minted by people',
    description:
      'Reports successful `create` on `serviceaccounts/token` (the TokenRequest API behind `kubectl create token`) and the creation of Secrets of type `kubernetes.io/service-account-token` (long-lived tokens), by users who are not Kubernetes components; the kubelet minting tokens for pods is not reported.',
    rationale:
      'A minted token acts as the service account from anywhere, for as long as it is valid (a legacy token Secret: forever). It is how a short foothold becomes lasting access with a workload’s, often broad, permissions.',
    remediation:
      'Confirm the token with its requester; if unexpected, delete the token Secret or the service account (bound tokens die with it) and review who can create `serviceaccounts/token`. Give CI short-lived tokens through workload identity instead.',
    severity: 'medium',
    owner: 'security',
    frameworks: { mitre: ['T1528'] },
    messages: {
      token: '{{user}} created a token for {{target}}',
      secret: '{{user}} created a long-lived token Secret {{target}}',
    },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/'],
  },
  detect(view) {
    if (!isFinal(view) || view.verb !== 'create') return undefined;
    if (view.resource === 'serviceaccounts' && view.subresource === 'token') {
      if (!succeeded(view)) return undefined;
      if (isSystemComponent(view.user)) return [];
      return [at(['objectRef', 'subresource'], 'token', { user: actor(view), target: target(view) })];
    }
    if (view.resource !== 'secrets' || view.subresource !== '' || !view.requestObject || !succeeded(view))
      return undefined;
    if (view.requestObject.type !== 'kubernetes.io/service-account-token') return undefined;
    if (isSystemComponent(view.user)) return [];
    return [at(['requestObject', 'type'], 'secret', { user: actor(view), target: target(view) })];
  },
});
