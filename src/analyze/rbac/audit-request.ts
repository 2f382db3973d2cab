import type { AuditEvent } from '../../load/audit-events.js';
import { serviceAccountUsername } from './identity.js';
import type { Identity, Request, SubjectRef } from './types.js';

/** Verbs whose requests carry no object name for the authorizer, whatever the audit event records. */
const UNNAMED = new Set(['create', 'list', 'watch', 'deletecollection']);

/** The request the authorizer decided for an audit event. */
export function auditRequest(event: AuditEvent): Request {
  const ref = event.objectRef;
  if (ref?.resource) {
    return {
      kind: 'resource',
      verb: event.verb,
      apiGroup: ref.apiGroup ?? '',
      resource: ref.resource,
      subresource: ref.subresource ?? '',
      name: UNNAMED.has(event.verb) ? '' : (ref.name ?? ''),
      namespace: ref.namespace ?? '',
    };
  }
  const uri = event.requestURI ?? '/';
  const query = uri.indexOf('?');
  return { kind: 'nonResource', verb: event.verb, path: query === -1 ? uri : uri.slice(0, query) };
}

/** Who the request was authorized as: the impersonated user when there is one. */
export function auditIdentity(event: AuditEvent): Identity {
  const user = event.impersonatedUser ?? event.user;
  return { name: user.username, groups: user.groups };
}

/** Whether the event was made as the subject (a Group subject: by any member). */
export function auditMatches(event: AuditEvent, subject: SubjectRef): boolean {
  const user = event.impersonatedUser ?? event.user;
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount':
      return user.username === serviceAccountUsername(subject.namespace ?? '', subject.name);
  }
}

/** Denied by the authorizer (or by admission after it, which RBAC cannot tell apart from a 403). */
export function auditDenied(event: AuditEvent): boolean {
  return event.decision === 'forbid' || event.code === 403;
}

/** Events that are one request's final word; RequestReceived events repeat what follows them. */
export function auditCounts(event: AuditEvent): boolean {
  return event.stage !== 'RequestReceived';
}
