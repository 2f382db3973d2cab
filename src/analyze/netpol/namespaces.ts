import { apiGroup } from '../../core/pod-spec.js';
import type { Resource } from '../../core/resource.js';
import { NAMESPACE_NAME_LABEL, type NamespaceInfo } from './model.js';

/**
 * Every namespace the input names: Namespace objects, and the namespaces of workloads and
 * policies. The API server labels each namespace with its own name, so that label is always
 * known, even when the input holds no Namespace object (then it is the only label known).
 */
export function extractNamespaces(resources: readonly Resource[], named: Iterable<string>): Map<string, NamespaceInfo> {
  const out = new Map<string, NamespaceInfo>();
  for (const resource of resources) {
    const { object } = resource;
    if (object.kind !== 'Namespace' || apiGroup(object.apiVersion) !== '') continue;
    const name = object.metadata?.name;
    if (typeof name !== 'string' || name === '' || out.has(name)) continue;
    // fromEntries defines keys, so a `__proto__` label is a label, not the object's prototype
    const labels: Record<string, string> = Object.fromEntries(
      Object.entries(object.metadata?.labels ?? {}).flatMap(([key, value]) =>
        value === null || value === undefined ? [] : [[key, String(value)]],
      ),
    );
    labels[NAMESPACE_NAME_LABEL] = name;
    out.set(name, { name, labels, resource });
  }
  for (const name of named) {
    if (!out.has(name)) out.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, resource: undefined });
  }
  return out;
}
