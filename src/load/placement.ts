import { KindScopes } from '../core/api-resources.js';
import type { KubeObject, Resource } from '../core/resource.js';
import { formatRef, resourceRef } from '../core/resource.js';
import { type Result, SYSTEM_RESULT_IDS } from '../core/result.js';

/**
 * Where the objects of one input live once `kubectl apply` has placed them, and which of them
 * survive. Applied to everything `loadInputs` read, after every file is in, because a kind's scope
 * may come from a CustomResourceDefinition in another file:
 *
 * - A cluster-scoped object's metadata.namespace is dropped, as the API server drops it: a
 *   ClusterRole does not become a different object for naming a namespace.
 * - With `namespace` (`--namespace`, or `namespace:` in rampart.yaml) a namespaced object without
 *   metadata.namespace gets it, as `kubectl apply -n` gives it; one naming another namespace is an
 *   input error, as kubectl refuses it, and is scanned in its own namespace. Kinds nobody describes
 *   (a custom resource whose CRD is not in the input) are taken as namespaced, as most are.
 * - The same object (API group, kind, namespace, name) defined twice: the last definition is what
 *   `kubectl apply` leaves, so it is kept and the earlier ones are dropped, with a warning naming them.
 *   Order is kubectl's too: files as given, a directory's files sorted.
 */
export function placeObjects(
  resources: readonly Resource[],
  namespace: string | undefined,
  otherNamespaces: 'error' | 'keep' = 'error',
): { resources: Resource[]; problems: Result[] } {
  const scopes = new KindScopes(resources.map((resource) => resource.object));
  const problems: Result[] = [];
  const placed = resources.map((resource) => {
    const { object } = resource;
    const own = object.metadata?.namespace;
    const named = typeof own === 'string' && own !== '';
    if (scopes.isNamespaced(object) === false) return named ? withNamespace(resource, undefined) : resource;
    if (namespace === undefined) return resource;
    if (!named) return withNamespace(resource, namespace);
    if (own !== namespace && otherNamespaces === 'error') problems.push(mismatch(resource, own, namespace));
    return resource;
  });
  return { resources: lastDefinitions(placed, problems), problems };
}

/** A namespace name the API server accepts: an RFC 1123 DNS label. */
export function isNamespaceName(value: string): boolean {
  return value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

function withNamespace(resource: Resource, namespace: string | undefined): Resource {
  const { namespace: _, ...metadata } = resource.object.metadata ?? {};
  const object: KubeObject = {
    ...resource.object,
    metadata: namespace === undefined ? metadata : { ...metadata, namespace },
  };
  return { object, origin: resource.origin };
}

function mismatch(resource: Resource, own: string, namespace: string): Result {
  const ref = resourceRef(resource.object);
  return {
    ruleId: SYSTEM_RESULT_IDS.inputError,
    verdict: 'error',
    severity: 'high',
    message: `${formatRef(ref)}: metadata.namespace is ${own} but --namespace is ${namespace}, and kubectl apply -n ${namespace} refuses an object of another namespace; it was scanned in ${own}`,
    resource: ref,
    path: 'metadata.namespace',
    ...locationOf(resource, ['metadata', 'namespace']),
  };
}

/** Keeps the last definition of each object; a file read twice (named twice) is one definition. */
function lastDefinitions(resources: readonly Resource[], problems: Result[]): Resource[] {
  const keys = resources.map((resource, index) => identity(resource.object) ?? documentKey(resource, index));
  const last = new Map<string, number>();
  for (const [index, key] of keys.entries()) last.set(key, index);
  if (last.size === resources.length) return [...resources];
  const earlier = new Map<number, Resource[]>();
  const kept: Resource[] = [];
  resources.forEach((resource, index) => {
    const winner = last.get(keys[index] as string) as number;
    if (winner === index) {
      kept.push(resource);
      return;
    }
    const list = earlier.get(winner) ?? [];
    if (!list.some((other) => sameDocument(other, resource)) && !sameDocument(resources[winner] as Resource, resource))
      list.push(resource);
    earlier.set(winner, list);
  });
  for (const [index, dropped] of earlier) {
    if (dropped.length > 0) problems.push(duplicate(resources[index] as Resource, dropped));
  }
  return kept;
}

/** API group, kind, namespace and name; undefined for objects without a name (each `generateName` is new). */
function identity(object: KubeObject): string | undefined {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') return undefined;
  const slash = object.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : object.apiVersion.slice(0, slash);
  const namespace = object.metadata?.namespace;
  return `${group}\u0000${object.kind}\u0000${typeof namespace === 'string' ? namespace : ''}\u0000${name}`;
}

/** An object without a name is only ever the same as itself: the same document read twice. */
function documentKey(resource: Resource, index: number): string {
  const { origin } = resource;
  return origin.kind === 'file'
    ? `\u0001${origin.file}\u0000${origin.document}\u0000${origin.item ?? ''}`
    : `\u0002${index}`;
}

function sameDocument(a: Resource, b: Resource): boolean {
  const x = a.origin;
  const y = b.origin;
  return x.kind === 'file' && y.kind === 'file' && x.file === y.file && x.document === y.document && x.item === y.item;
}

function duplicate(kept: Resource, dropped: readonly Resource[]): Result {
  const ref = resourceRef(kept.object);
  const where = dropped.map((resource) => {
    const at = locationOf(resource, []).location;
    return at ? `${at.file}:${at.line}` : 'another input';
  });
  const list = where.length === 1 ? where[0] : `${where.slice(0, -1).join(', ')} and ${where[where.length - 1]}`;
  return {
    ruleId: SYSTEM_RESULT_IDS.duplicateObject,
    verdict: 'warn',
    severity: 'medium',
    message: `${formatRef(ref)} is also defined at ${list}; kubectl apply leaves the last definition, this one, and only this one was scanned`,
    resource: ref,
    ...locationOf(kept, []),
  };
}

function locationOf(resource: Resource, path: (string | number)[]): Pick<Result, 'location'> {
  const { origin } = resource;
  if (origin.kind !== 'file') return {};
  const { line, column } = origin.locate(path);
  return {
    location: {
      file: origin.file,
      line,
      column,
      ...(origin.template === undefined ? {} : { template: origin.template }),
    },
  };
}
