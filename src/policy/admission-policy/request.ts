import type { KubeObject } from '../../core/resource.js';
import type { Operation } from './model.js';
import type { ResourceInfo, ResourceMapper } from './resource-mapper.js';

/** The authenticated user of a request (`request.userInfo`). */
export interface UserInfo {
  username: string;
  uid: string;
  groups: readonly string[];
  extra: Readonly<Record<string, readonly string[]>>;
}

/**
 * One admission request, as the admission chain sees it before any policy: the object (null for
 * DELETE), the existing object (null for CREATE), the resource it is written to, and who asks.
 */
export interface AdmissionAttributes {
  operation: Operation;
  object: KubeObject | null;
  oldObject: KubeObject | null;
  /** The resource the request was sent to (kind, group, version, plural, scope). */
  resource: ResourceInfo;
  subResource: string;
  name: string;
  /** Empty for cluster-scoped resources. */
  namespace: string;
  userInfo: UserInfo;
  dryRun: boolean;
}

/** Who Rampart says is asking when no one is: an offline evaluation has no authenticated user. */
export const OFFLINE_USER: UserInfo = Object.freeze({
  username: 'rampart:offline',
  uid: '',
  groups: Object.freeze(['system:authenticated']) as readonly string[],
  extra: Object.freeze({}),
});

export interface RequestOptions {
  operation?: Operation;
  oldObject?: KubeObject | null;
  /** For objects that do not name their namespace; `default`, as kubectl would send them. */
  namespace?: string;
  userInfo?: UserInfo;
  subResource?: string;
  dryRun?: boolean;
}

/** Builds the request for writing `object` (or deleting `oldObject`) offline; CREATE by default. */
export function admissionAttributes(
  object: KubeObject | null,
  mapper: ResourceMapper,
  options: RequestOptions = {},
): AdmissionAttributes {
  const operation = options.operation ?? 'CREATE';
  const oldObject = options.oldObject ?? null;
  const subject = object ?? oldObject;
  if (!subject) throw new Error('an admission request needs an object or an old object');
  const resource = mapper.forObject(subject);
  const meta = subject.metadata ?? {};
  const declared = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
  // The API server sets a Namespace's own name as the request namespace (webhooks and policies see it).
  const namespace = isNamespace(resource)
    ? typeof meta.name === 'string'
      ? meta.name
      : ''
    : resource.namespaced
      ? (options.namespace ?? declared ?? 'default')
      : '';
  return {
    operation,
    object: operation === 'DELETE' ? null : object,
    oldObject: operation === 'CREATE' ? null : oldObject,
    resource,
    subResource: options.subResource ?? '',
    name: typeof meta.name === 'string' ? meta.name : '',
    namespace,
    userInfo: options.userInfo ?? OFFLINE_USER,
    dryRun: options.dryRun ?? false,
  };
}

export function isNamespace(resource: { group: string; resource: string }): boolean {
  return resource.group === '' && resource.resource === 'namespaces';
}

const OPTIONS_KIND: Record<Operation, string> = {
  CREATE: 'CreateOptions',
  UPDATE: 'UpdateOptions',
  DELETE: 'DeleteOptions',
  CONNECT: '',
};

/**
 * The `request` variable: the AdmissionRequest a webhook would receive, with the kind and
 * resource the policy matched (`matched`, which differs from the request's under
 * `matchPolicy: Equivalent`) and without object and oldObject (they are variables of their own).
 */
export function requestValue(attributes: AdmissionAttributes, matched: ResourceInfo): Record<string, unknown> {
  const { resource, userInfo } = attributes;
  const optionsKind = OPTIONS_KIND[attributes.operation];
  return {
    uid: '',
    kind: { group: matched.group, version: matched.version, kind: matched.kind },
    resource: { group: matched.group, version: matched.version, resource: matched.resource },
    subResource: attributes.subResource,
    requestKind: { group: resource.group, version: resource.version, kind: resource.kind },
    requestResource: { group: resource.group, version: resource.version, resource: resource.resource },
    requestSubResource: attributes.subResource,
    name: attributes.name,
    namespace: attributes.namespace,
    operation: attributes.operation,
    userInfo: {
      username: userInfo.username,
      uid: userInfo.uid,
      groups: [...userInfo.groups],
      extra: Object.fromEntries(Object.entries(userInfo.extra).map(([k, v]) => [k, [...v]])),
    },
    dryRun: attributes.dryRun,
    options: optionsKind ? { apiVersion: 'meta.k8s.io/v1', kind: optionsKind } : null,
  };
}
