import { quoted } from '../cel/index.js';
import { isObject } from './field-reader.js';
import type { Shape } from './shapes.js';

export type ApplyResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/**
 * Merges an apply configuration into an object the way server-side apply merges (without field
 * ownership: a policy sets fields, it does not own them). Structs and maps merge field by field,
 * associative lists merge their items by key (existing items keep their place, new ones are
 * appended), sets take the union, and everything else is replaced. Like the API server, it refuses
 * configurations that set atomic fields, which would silently drop what they do not repeat.
 */
export function applyConfiguration(object: Record<string, unknown>, patch: unknown, shape: Shape): ApplyResult {
  if (!isObject(patch)) return { ok: false, error: 'the apply configuration must be an object (Object{…})' };
  const atomics = findAtomics(patch, shape, '');
  if (atomics.length > 0)
    return { ok: false, error: `may not mutate atomic arrays, maps or structs: ${atomics.join(', ')}` };
  // The configuration takes the object's apiVersion and kind, whatever it says.
  const rest = { ...patch };
  delete rest.apiVersion;
  delete rest.kind;
  try {
    return { ok: true, value: mergeObject(object, rest, shape, '') };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** Paths of the atomic values an apply configuration sets (`.spec.selector`, `.spec.template.spec.containers[0].args`). */
function findAtomics(value: unknown, shape: Shape, path: string): string[] {
  const found: string[] = [];
  if (isObject(value)) {
    if (shape.atomic) found.push(path);
    for (const [key, child] of Object.entries(value)) {
      const childShape = shape.fields?.[key] ?? shape.values ?? {};
      found.push(...findAtomics(child, childShape, `${path}.${key}`));
    }
  } else if (Array.isArray(value)) {
    if (shape.list !== 'set' && shape.list !== 'map') found.push(path);
    value.forEach((item, i) => {
      found.push(...findAtomics(item, shape.items ?? {}, `${path}[${i}]`));
    });
  }
  return found;
}

function merge(live: unknown, patch: unknown, shape: Shape, path: string): unknown {
  if (patch === undefined) return live;
  if (patch === null) return patch;
  // Merging into nothing still walks the configuration, so its own keys are checked.
  if (live === undefined || live === null) {
    if (isObject(patch) && !shape.atomic) return mergeObject({}, patch, shape, path);
    if (Array.isArray(patch) && shape.list === 'map') return mergeAssociative([], patch, shape, path);
    return patch;
  }
  if (isObject(live) && isObject(patch) && !shape.atomic) return mergeObject(live, patch, shape, path);
  if (Array.isArray(live) && Array.isArray(patch)) {
    if (shape.list === 'map') return mergeAssociative(live, patch, shape, path);
    if (shape.list === 'set')
      return [...live, ...patch.filter((item) => !live.some((existing) => sameValue(existing, item)))];
  }
  return patch;
}

function mergeObject(
  live: Record<string, unknown>,
  patch: Record<string, unknown>,
  shape: Shape,
  path: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const childShape = (key: string) => shape.fields?.[key] ?? shape.values ?? {};
  for (const [key, value] of Object.entries(live)) {
    const merged = key in patch ? merge(value, patch[key], childShape(key), `${path}.${key}`) : value;
    if (merged !== null || !(key in patch)) out[key] = merged;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key in live || value === null) continue;
    out[key] = merge(undefined, value, childShape(key), `${path}.${key}`);
  }
  return out;
}

/**
 * Items of a `listType: map` list are merged by key. Items only in the object keep their place
 * (duplicates included, as the API server keeps them when a policy does not touch their key);
 * an item the configuration names is merged into the first item with its key; new items follow.
 */
function mergeAssociative(live: unknown[], patch: unknown[], shape: Shape, path: string): unknown[] {
  const keys = shape.keys ?? [];
  const items = shape.items ?? {};
  const patchByKey = new Map<string, unknown>();
  for (const [i, item] of patch.entries()) {
    const key = keyOf(item, keys, `${path}[${i}]`);
    if (patchByKey.has(key)) throw new Error(`${path}: the apply configuration lists the key ${quoted(key)} twice`);
    patchByKey.set(key, item);
  }
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const [i, item] of live.entries()) {
    const key = keyOf(item, keys, `${path}[${i}]`);
    const update = patchByKey.get(key);
    if (update === undefined) {
      out.push(item);
    } else if (!seen.has(key)) {
      out.push(merge(item, update, items, `${path}[${i}]`));
    }
    seen.add(key);
  }
  for (const [key, item] of patchByKey) if (!seen.has(key)) out.push(item);
  return out;
}

/** A list item's key; `protocol` defaults to TCP as its schema says, any other missing key is an error. */
function keyOf(item: unknown, keys: readonly string[], path: string): string {
  if (!isObject(item)) throw new Error(`${path}: items of an associative list must be objects`);
  return JSON.stringify(
    keys.map((key) => {
      const value = item[key] ?? (key === 'protocol' ? 'TCP' : undefined);
      if (value === undefined) throw new Error(`${path}: the item has no value for its key field "${key}"`);
      return value;
    }),
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameValue(a[key], b[key]));
  }
  return false;
}
