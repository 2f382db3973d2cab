import { actor, at, defineAuditRule, isFinal, target } from '../audit-support.js';

/** For clusters where every human and tool identity is known: anyone else is an intruder. */
export const auditUserNotAllowed = defineAuditRule<'unknown'>({
  meta: {
    id: 'audit-user-not-allowed',
    title: 'Only known users act on the cluster',
    description:
      'Opt-in. Reports every request by a user who is neither a Kubernetes component (`system:` users, kube-system service accounts) nor on `allowUsers` / `allowGroups`. List your people, CI identities and workloads’ service accounts (`system:serviceaccount:*` to trust every service account).',
    rationale:
      'A stolen kubeconfig, a forged certificate or a token minted for an unexpected identity shows up as a user nobody has seen before; an allow-list of identities makes every one of them an alert.',
    remediation:
      'Find where the identity comes from (certificate, token, OIDC); revoke it if unknown, or add it to `allowUsers` if it is new and expected.',
    severity: 'medium',
    owner: 'security',
    frameworks: { mitre: ['T1078'] },
    optIn: true,
    messages: { unknown: '{{user}}, not on the allow-list, sent {{verb}} {{target}}' },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/'],
  },
  detect(view) {
    if (!isFinal(view)) return undefined;
    if (
      view.user.startsWith('system:') &&
      view.user !== 'system:anonymous' &&
      !view.user.startsWith('system:serviceaccount:')
    )
      return [];
    if (view.user.startsWith('system:serviceaccount:kube-system:')) return [];
    return [at(['user', 'username'], 'unknown', { user: actor(view), verb: view.verb, target: target(view) })];
  },
});
