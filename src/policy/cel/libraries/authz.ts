/**
 * The Kubernetes authorizer library: `authorizer.group('apps').resource('deployments').check('create').allowed()`.
 * Rampart evaluates offline, so the decision comes from a `CelAuthorizer` the caller binds to the
 * `authorizer` variable (for example Rampart's RBAC analyzer); without one, `check()` is a runtime error.
 */
import { BOOL, opaque, STRING, type Type } from '../checker/types.js';
import { nominal } from '../functions/costs.js';
import { members, type Overload } from '../functions/registry.js';
import { asCelValue, type CelValue, ErrorVal, OpaqueValue, type Result, type Val } from '../values.js';
import type { CelLibraryName } from '../versions.js';
import { NAMED_FORMATS } from './format.js';

/** One SubjectAccessReview-like question. */
export type AuthorizationCheck =
  | {
      kind: 'resource';
      /** `system:serviceaccount:<ns>:<name>` after `authorizer.serviceAccount(ns, name)`, else the request's user. */
      user?: string;
      group: string;
      resource: string;
      subresource: string;
      namespace: string;
      name: string;
      verb: string;
      fieldSelector?: string;
      labelSelector?: string;
    }
  | { kind: 'path'; user?: string; path: string; verb: string };

export interface AuthorizationDecision {
  decision: 'allow' | 'deny' | 'no-opinion';
  reason: string;
  /** Set when the authorizer failed; `errored()` is then true and `allowed()` false. */
  error?: string;
}

/** Synchronous, because CEL evaluation is: answer from an in-memory model (RBAC objects, a recorded decision set). */
export interface CelAuthorizer {
  authorize(check: AuthorizationCheck): AuthorizationDecision;
}

export const AUTHORIZER_TYPE = opaque('kubernetes.authorization.Authorizer');
export const PATH_CHECK_TYPE = opaque('kubernetes.authorization.PathCheck');
export const GROUP_CHECK_TYPE = opaque('kubernetes.authorization.GroupCheck');
export const RESOURCE_CHECK_TYPE = opaque('kubernetes.authorization.ResourceCheck');
export const DECISION_TYPE = opaque('kubernetes.authorization.Decision');

type ResourceAttributes = Omit<Extract<AuthorizationCheck, { kind: 'resource' }>, 'kind' | 'verb' | 'user'>;

class AuthzValue<T> extends OpaqueValue {
  constructor(
    readonly typeName: string,
    readonly authorizer: CelAuthorizer | undefined,
    readonly user: string | undefined,
    readonly state: T,
  ) {
    super();
  }
  equals(other: Val): boolean {
    return other === this;
  }
  toJs(): unknown {
    return this.state;
  }
  with<U>(typeName: string, state: U): AuthzValue<U> {
    return new AuthzValue(typeName, this.authorizer, this.user, state);
  }
}

/** The value to bind to `authorizer`. */
export function authorizerValue(authorizer: CelAuthorizer): CelValue {
  return asCelValue(new AuthzValue(AUTHORIZER_TYPE_NAME, authorizer, undefined, null));
}

/** The value to bind to `authorizer.requestResource`: a ResourceCheck of the request's own resource. */
export function requestResourceValue(authorizer: CelAuthorizer, resource: Partial<ResourceAttributes>): CelValue {
  const state: ResourceAttributes = { group: '', resource: '', subresource: '', namespace: '', name: '', ...resource };
  return asCelValue(new AuthzValue(RESOURCE_CHECK_TYPE_NAME, authorizer, undefined, state));
}

const AUTHORIZER_TYPE_NAME = 'kubernetes.authorization.Authorizer';
const RESOURCE_CHECK_TYPE_NAME = 'kubernetes.authorization.ResourceCheck';

type Check = AuthzValue<ResourceAttributes | { path: string } | { group: string } | null>;
const self = (args: Val[]) => args[0] as Check;

function decide(target: Check, verb: string): Result {
  if (!target.authorizer) return new ErrorVal('no authorizer bound to evaluate an authorization check', 0);
  const state = target.state as ResourceAttributes | { path: string };
  const check: AuthorizationCheck =
    'path' in state
      ? { kind: 'path', path: state.path, verb, ...(target.user ? { user: target.user } : {}) }
      : { kind: 'resource', ...state, verb, ...(target.user ? { user: target.user } : {}) };
  let decision: AuthorizationDecision;
  try {
    decision = target.authorizer.authorize(check);
  } catch (error) {
    decision = { decision: 'no-opinion', reason: '', error: (error as Error).message };
  }
  return target.with('kubernetes.authorization.Decision', decision);
}

function builder(library: CelLibraryName, name: string, from: Type, field: keyof ResourceAttributes): Overload[] {
  return members(library, [
    {
      id: `resourcecheck_${name}`,
      name,
      params: [from, STRING],
      result: RESOURCE_CHECK_TYPE,
      impl: (args) =>
        self(args).with(RESOURCE_CHECK_TYPE_NAME, {
          ...(self(args).state as ResourceAttributes),
          [field]: args[1] as string,
        }),
      ...nominal(1),
    },
  ]);
}

/** Go's strings.TrimSpace(s) == "": empty or white space only. */
const blank = (text: string) => text.trim() === '';

const decision = (args: Val[]) => (args[0] as AuthzValue<AuthorizationDecision>).state;

export function authzOverloads(): Overload[] {
  return [
    ...members('authz', [
      {
        id: 'authorizer_path',
        name: 'path',
        params: [AUTHORIZER_TYPE, STRING],
        result: PATH_CHECK_TYPE,
        impl: (args) =>
          blank(args[1] as string)
            ? new ErrorVal('path must not be empty', 0)
            : self(args).with('kubernetes.authorization.PathCheck', { path: args[1] as string }),
        ...nominal(1),
      },
      {
        id: 'authorizer_group',
        name: 'group',
        params: [AUTHORIZER_TYPE, STRING],
        result: GROUP_CHECK_TYPE,
        impl: (args) => self(args).with('kubernetes.authorization.GroupCheck', { group: args[1] as string }),
        ...nominal(1),
      },
      {
        id: 'authorizer_serviceaccount',
        name: 'serviceAccount',
        params: [AUTHORIZER_TYPE, STRING, STRING],
        result: AUTHORIZER_TYPE,
        impl: (args) => {
          const [namespace, name] = [args[1] as string, args[2] as string];
          // The API server validates the name as a DNS subdomain, then the namespace as a DNS label.
          if (NAMED_FORMATS.dns1123Subdomain!.validate(name).length)
            return new ErrorVal('Invalid service account name', 0);
          if (NAMED_FORMATS.dns1123Label!.validate(namespace).length)
            return new ErrorVal('Invalid service account namespace', 0);
          return new AuthzValue(
            AUTHORIZER_TYPE_NAME,
            self(args).authorizer,
            `system:serviceaccount:${namespace}:${name}`,
            null,
          );
        },
        ...nominal(1),
      },
      {
        id: 'groupcheck_resource',
        name: 'resource',
        params: [GROUP_CHECK_TYPE, STRING],
        result: RESOURCE_CHECK_TYPE,
        impl: (args) =>
          blank(args[1] as string)
            ? new ErrorVal('resource must not be empty', 0)
            : self(args).with(RESOURCE_CHECK_TYPE_NAME, {
                group: (self(args).state as { group: string }).group,
                resource: args[1] as string,
                subresource: '',
                namespace: '',
                name: '',
              }),
        ...nominal(1),
      },
      {
        id: 'pathcheck_check',
        name: 'check',
        params: [PATH_CHECK_TYPE, STRING],
        result: DECISION_TYPE,
        impl: (args) => decide(self(args), args[1] as string),
        ...nominal(350000),
      },
      {
        id: 'resourcecheck_check',
        name: 'check',
        params: [RESOURCE_CHECK_TYPE, STRING],
        result: DECISION_TYPE,
        impl: (args) => decide(self(args), args[1] as string),
        ...nominal(350000),
      },
      {
        id: 'decision_allowed',
        name: 'allowed',
        params: [DECISION_TYPE],
        result: BOOL,
        impl: (args) => decision(args).decision === 'allow' && !decision(args).error,
        ...nominal(1),
      },
      {
        id: 'decision_reason',
        name: 'reason',
        params: [DECISION_TYPE],
        result: STRING,
        impl: (args) => decision(args).reason,
        ...nominal(1),
      },
      {
        id: 'decision_errored',
        name: 'errored',
        params: [DECISION_TYPE],
        result: BOOL,
        impl: (args) => Boolean(decision(args).error),
        ...nominal(1),
      },
      {
        id: 'decision_error',
        name: 'error',
        params: [DECISION_TYPE],
        result: STRING,
        impl: (args) => decision(args).error ?? '',
        ...nominal(1),
      },
    ]),
    ...builder('authz', 'subresource', RESOURCE_CHECK_TYPE, 'subresource'),
    ...builder('authz', 'namespace', RESOURCE_CHECK_TYPE, 'namespace'),
    ...builder('authz', 'name', RESOURCE_CHECK_TYPE, 'name'),
    ...builder('authz-selectors', 'fieldSelector', RESOURCE_CHECK_TYPE, 'fieldSelector'),
    ...builder('authz-selectors', 'labelSelector', RESOURCE_CHECK_TYPE, 'labelSelector'),
  ];
}
