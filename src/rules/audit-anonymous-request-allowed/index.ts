import { at, defineAuditRule, isFinal, target } from '../audit-support.js';

const HEALTH = new Set(['/healthz', '/livez', '/readyz']);

/** Whatever the anonymous user may do, anyone on the network may do. */
export const auditAnonymousRequestAllowed = defineAuditRule<'allowed'>({
  meta: {
    id: 'audit-anonymous-request-allowed',
    title: 'No requests allowed to the anonymous user',
    description:
      'Reports requests by `system:anonymous` (or in the group `system:unauthenticated`) that the authorizer allowed, other than the health endpoints `/healthz`, `/livez` and `/readyz`.',
    rationale:
      'Anonymous requests come from anyone who can reach the API server; each one allowed is access without an identity, and bindings to `system:anonymous` or `system:unauthenticated` have exposed whole clusters.',
    remediation:
      'Remove the bindings that grant it (`rampart rbac who-can` lists them) or start the API server with `--anonymous-auth=false` (or an AuthenticationConfiguration that allows anonymous requests only to the health endpoints).',
    severity: 'high',
    owner: 'platform',
    frameworks: { mitre: ['T1078.001'] },
    messages: { allowed: 'the anonymous user was allowed to {{verb}} {{target}}' },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests'],
  },
  detect(view) {
    if (view.user !== 'system:anonymous' && !view.groups.includes('system:unauthenticated')) return undefined;
    if (!isFinal(view)) return undefined;
    const path = view.uri.split('?', 1)[0] ?? '';
    if (HEALTH.has(path) || path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/'))
      return [];
    const allowed = view.decision === 'allow' || (view.decision === '' && view.code > 0 && view.code < 400);
    if (!allowed) return [];
    return [at(['annotations'], 'allowed', { verb: view.verb, target: view.resource ? target(view) : view.uri })];
  },
});
