import { namespacedName } from '../../core/applied-namespace.js';
import { own } from '../../core/lookup.js';
import type { Identity, SubjectKind, SubjectRef } from './types.js';

export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const MASTERS = 'system:masters';
export const SERVICE_ACCOUNTS = 'system:serviceaccounts';
const SA_PREFIX = 'system:serviceaccount:';

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** `system:serviceaccount:<ns>:<name>` → its namespace and name. */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const rest = username.slice(SA_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  return { namespace: rest.slice(0, colon), name: rest.slice(colon + 1) };
}

/**
 * The identity a subject authenticates as, with the groups the API server adds on its own:
 * every authenticated user is in system:authenticated; a ServiceAccount is the user
 * system:serviceaccount:<ns>:<name> in system:serviceaccounts and system:serviceaccounts:<ns>;
 * the anonymous user is in system:unauthenticated only. A Group subject stands for any member:
 * no user name, that group, and system:authenticated (unless it is the unauthenticated group).
 */
export function identityOf(subject: SubjectRef, extraGroups: readonly string[] = []): Identity {
  const groups = new Set<string>();
  let name: string | undefined;
  if (subject.kind === 'ServiceAccount') {
    name = serviceAccountUsername(subject.namespace ?? '', subject.name);
    groups.add(SERVICE_ACCOUNTS).add(`${SERVICE_ACCOUNTS}:${subject.namespace}`);
  } else if (subject.kind === 'User') {
    name = subject.name;
    const sa = parseServiceAccountUsername(subject.name);
    if (sa) groups.add(SERVICE_ACCOUNTS).add(`${SERVICE_ACCOUNTS}:${sa.namespace}`);
  } else {
    groups.add(subject.name);
  }
  for (const group of extraGroups) groups.add(group);
  const anonymous = name === ANONYMOUS || (subject.kind === 'Group' && subject.name === UNAUTHENTICATED);
  groups.add(anonymous ? UNAUTHENTICATED : AUTHENTICATED);
  return name === undefined ? { groups: [...groups] } : { name, groups: [...groups] };
}

/** Whether a binding subject applies to the identity, as the authorizer decides it. */
export function subjectApplies(subject: SubjectRef, identity: Identity): boolean {
  switch (subject.kind) {
    case 'User':
      return identity.name !== undefined && identity.name === subject.name;
    case 'Group':
      return identity.groups.includes(subject.name);
    case 'ServiceAccount':
      return (
        identity.name !== undefined && identity.name === serviceAccountUsername(subject.namespace ?? '', subject.name)
      );
  }
}

/** Index key of a binding subject: `User:alice`, `Group:dev`, `ServiceAccount:ns/name`. */
export function subjectKey(subject: SubjectRef): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount:${subject.namespace}/${subject.name}`
    : `${subject.kind}:${subject.name}`;
}

/** The subject keys an identity can be matched by: its user (or ServiceAccount) and each of its groups. */
export function identityKeys(identity: Identity): string[] {
  const keys: string[] = [];
  if (identity.name !== undefined) {
    const sa = parseServiceAccountUsername(identity.name);
    if (sa) keys.push(`ServiceAccount:${sa.namespace}/${sa.name}`);
    keys.push(`User:${identity.name}`);
  }
  for (const group of identity.groups) keys.push(`Group:${group}`);
  return keys;
}

const KIND_ALIASES: Record<string, SubjectKind> = {
  user: 'User',
  u: 'User',
  group: 'Group',
  g: 'Group',
  sa: 'ServiceAccount',
  serviceaccount: 'ServiceAccount',
};

/**
 * Parses a subject as the CLI writes it: `user:alice`, `group:dev`, `sa:ns/name`
 * (also `serviceaccount:ns/name`, `User/alice`, and a bare `system:serviceaccount:ns:name`).
 * Returns an error message for anything else.
 */
export function parseSubject(text: string): SubjectRef | { error: string } {
  const sa = parseServiceAccountUsername(text);
  if (sa) return { kind: 'ServiceAccount', ...sa };
  const match = /^([A-Za-z]+)[:/](.+)$/.exec(text);
  const kind = match ? own(KIND_ALIASES, (match[1] as string).toLowerCase()) : undefined;
  if (!match || !kind) {
    return { error: `cannot read subject "${text}"; write user:NAME, group:NAME or sa:NAMESPACE/NAME` };
  }
  const rest = match[2] as string;
  if (kind !== 'ServiceAccount') return { kind, name: rest };
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) {
    return { error: `cannot read ServiceAccount "${text}"; write sa:NAMESPACE/NAME` };
  }
  return { kind, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

/** `User alice`, `Group dev`, `ServiceAccount ns/name`. */
export function formatSubject(subject: SubjectRef): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount ${namespacedName(subject.namespace ?? '', subject.name)}`
    : `${subject.kind} ${subject.name}`;
}
