import type { AuthorizationCheck, AuthorizationDecision, CelAuthorizer } from '../cel/index.js';
import type { UserInfo } from './request.js';

export type { AuthorizationCheck, AuthorizationDecision };

/**
 * Answers the `authorizer` variable of policies (`authorizer.group('apps').resource('deployments')
 * .check('create').allowed()`, `authorizer.requestResource.check('approve')`). Offline there is no
 * API server to ask, so the answer comes from whoever plugs one in — the RBAC analyzer can answer
 * from the Roles and bindings it has read. It is told who asks: the request's user, or the service
 * account a policy named with `authorizer.serviceAccount(ns, name)` (then `user` is set and
 * `requester` is still the request's user).
 */
export interface Authorizer {
  authorize(check: AuthorizationCheck, requester: UserInfo): AuthorizationDecision;
}

/**
 * The default: allow nothing, deny nothing. `allowed()` is false and `reason()` says why, so a
 * policy that requires a permission fails closed, and one that only looks for a denial passes.
 */
export const NO_AUTHORIZER: Authorizer = Object.freeze({
  authorize: (): AuthorizationDecision => ({
    decision: 'no-opinion',
    reason: 'no authorizer is configured: Rampart evaluates offline and grants nothing',
  }),
});

/** The authorizer of one request, in the CEL engine's terms: every check names the request's user unless a policy chose another. */
export function requestAuthorizer(authorizer: Authorizer, requester: UserInfo): CelAuthorizer {
  return {
    authorize: (check) => authorizer.authorize(check.user ? check : { ...check, user: requester.username }, requester),
  };
}
