import { BUILT_IN_RESOURCES, type ResourceType } from '../../core/api-resources.js';
import type { Inventory } from '../../core/inventory.js';
import { isRecord } from '../../core/pod-spec.js';

export { BUILT_IN_RESOURCES, type ResourceType } from '../../core/api-resources.js';

/** The built-in types plus the CustomResourceDefinitions the inventory holds. */
export function resourceTypes(inventory?: Inventory): ResourceType[] {
  const types = [...BUILT_IN_RESOURCES];
  for (const crd of inventory?.ofKind('CustomResourceDefinition') ?? []) {
    const spec = crd.object.spec;
    if (!isRecord(spec) || !isRecord(spec.names) || typeof spec.group !== 'string') continue;
    const { plural, kind, shortNames } = spec.names;
    if (typeof plural !== 'string' || typeof kind !== 'string') continue;
    types.push({
      resource: plural,
      group: spec.group,
      kind,
      namespaced: spec.scope !== 'Cluster',
      shortNames: Array.isArray(shortNames) ? shortNames.filter((s): s is string => typeof s === 'string') : [],
    });
  }
  return types;
}

export interface ResolvedResource {
  resource: string;
  subresource: string;
  group: string;
  /** Undefined when the type is unknown (neither built in nor a CRD of the inputs). */
  namespaced?: boolean;
}

/**
 * Resolves `RESOURCE[.GROUP][/SUBRESOURCE]` as kubectl does: plural, singular, short name or
 * Kind, optionally qualified by group (`deployments.apps`, `foos.example.com`). `*` stays a wildcard.
 */
export function resolveResource(text: string, types: readonly ResourceType[]): ResolvedResource {
  const slash = text.indexOf('/');
  const base = slash === -1 ? text : text.slice(0, slash);
  const subresource = slash === -1 ? '' : text.slice(slash + 1);
  const lower = base.toLowerCase();
  const matches = (type: ResourceType, name: string) =>
    type.resource === name || type.kind.toLowerCase() === name || type.shortNames.includes(name);
  const plain = types.find((type) => matches(type, lower));
  if (plain) return { resource: plain.resource, subresource, group: plain.group, namespaced: plain.namespaced };
  const dot = lower.indexOf('.');
  if (dot > 0) {
    const name = lower.slice(0, dot);
    const group = lower.slice(dot + 1);
    const qualified = types.find((type) => type.group === group && matches(type, name));
    if (qualified) return { resource: qualified.resource, subresource, group, namespaced: qualified.namespaced };
    return { resource: name, subresource, group };
  }
  return { resource: lower, subresource, group: '' };
}
