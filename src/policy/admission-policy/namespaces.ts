import type { KubeObject } from '../../core/resource.js';

/** The label the API server puts on every Namespace (since 1.22); selectors may rely on it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The namespaces an offline evaluation knows. A Namespace object among the inputs is used as
 * written (with the name label the API server would add); a namespace nobody wrote out is taken
 * to exist with only that label, where the API server would look it up and fail with a 404.
 */
export class NamespaceDirectory {
  private readonly byName = new Map<string, KubeObject>();

  constructor(namespaces: readonly KubeObject[] = []) {
    for (const namespace of namespaces) {
      const name = namespace.metadata?.name;
      if (namespace.kind !== 'Namespace' || namespace.apiVersion !== 'v1' || typeof name !== 'string') continue;
      if (!this.byName.has(name)) this.byName.set(name, withNameLabel(namespace, name));
    }
  }

  get(name: string): KubeObject {
    let namespace = this.byName.get(name);
    if (!namespace) {
      namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [NAMESPACE_NAME_LABEL]: name } } };
      this.byName.set(name, namespace);
    }
    return namespace;
  }

  /** Whether the inputs described this namespace (rather than it being assumed). */
  has(name: string): boolean {
    return this.byName.has(name);
  }
}

function withNameLabel(namespace: KubeObject, name: string): KubeObject {
  const labels = namespace.metadata?.labels ?? {};
  if (labels[NAMESPACE_NAME_LABEL] === name) return namespace;
  return { ...namespace, metadata: { ...namespace.metadata, labels: { ...labels, [NAMESPACE_NAME_LABEL]: name } } };
}

/**
 * What `namespaceObject` holds: the metadata fields, spec and status the API server copies for
 * policies (it copies no apiVersion or kind either), not the whole object.
 */
export function namespaceObjectValue(namespace: KubeObject): Record<string, unknown> {
  const meta = namespace.metadata ?? {};
  const kept: Record<string, unknown> = {};
  for (const key of [
    'name',
    'generateName',
    'namespace',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'labels',
    'annotations',
    'finalizers',
  ]) {
    if (meta[key] !== undefined) kept[key] = meta[key];
  }
  const out: Record<string, unknown> = { metadata: kept };
  if (namespace.spec !== undefined) out.spec = namespace.spec;
  if (namespace.status !== undefined) out.status = namespace.status;
  return out;
}
