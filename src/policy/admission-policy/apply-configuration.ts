import { quoted } from '../cel/index.js';
import { isObject } from './field-reader.js';
import type { Shape } from './shapes.js';

export type ApplyResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/**
 * Merges an apply configuration into an object the way server-side apply merges (without field
 * ownership: a policy sets fields, it does not own them). Structs and maps merge field by field,
 * associative lists merge their items by key and sets take the union, both in structured-merge-diff's
 * order (`orderMerged`), and everything else is replaced. Like the API server, it refuses
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
    if (Array.isArray(patch) && (shape.list === 'map' || shape.list === 'set'))
      return mergeList([], patch, shape, path);
    return patch;
  }
  if (isObject(live) && isObject(patch) && !shape.atomic) return mergeObject(live, patch, shape, path);
  if (Array.isArray(live) && Array.isArray(patch) && (shape.list === 'map' || shape.list === 'set'))
    return mergeList(live, patch, shape, path);
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
 * Merges a `listType: map` list (items keyed by their key fields) or a `listType: set` list (items
 * keyed by their value). An item the configuration names is merged into the object's item with
 * its key — unless the object holds that key more than once: then the configuration's item
 * replaces them all, as the API server does. Items only in the object stay, duplicates included.
 */
function mergeList(live: unknown[], patch: unknown[], shape: Shape, path: string): unknown[] {
  const isMap = shape.list === 'map';
  const keyAt = (item: unknown, at: string) => (isMap ? keyOf(item, shape.keys ?? [], at) : canonical(item));
  const patchKeys = patch.map((item, i) => keyAt(item, `${path}[${i}]`));
  const named = new Set<string>();
  for (const key of patchKeys) {
    if (named.has(key)) throw new Error(`${path}: the apply configuration lists the key ${quoted(key)} twice`);
    named.add(key);
  }
  const liveKeys = live.map((item, i) => keyAt(item, `${path}[${i}]`));
  const liveByKey = new Map<string, { item: unknown; count: number }>();
  for (const [i, key] of liveKeys.entries()) {
    const seen = liveByKey.get(key);
    if (seen) seen.count++;
    else liveByKey.set(key, { item: live[i], count: 1 });
  }
  return orderMerged(liveKeys, patchKeys, named, (side, i) => {
    if (side === 'live') return live[i];
    const existing = liveByKey.get(patchKeys[i] as string);
    const base = existing?.count === 1 ? existing.item : undefined;
    return isMap ? merge(base, patch[i], shape.items ?? {}, `${path}[${i}]`) : patch[i];
  });
}

/**
 * The order in which structured-merge-diff (sigs.k8s.io/structured-merge-diff v6, which the API
 * server merges apply configurations with) lays out a merged list, walking the object's items
 * (`live`) and the configuration's (`patch`) side by side:
 *
 * - an object item the configuration does not name is placed when the walk reaches it;
 * - the configuration's items are placed in the configuration's order, each merged with the
 *   object's item of that key, so items both name follow the configuration's order;
 * - an object item the configuration names, met before the next of those the configuration
 *   expects, is passed over (it is placed when the configuration reaches it), and so is one
 *   already placed.
 *
 * `item('live', i)` is the object's item i as it stays; `item('patch', i)` the configuration's
 * item i merged into the object's. Linear: every step moves along one list or both.
 */
function orderMerged(
  liveKeys: readonly string[],
  patchKeys: readonly string[],
  named: ReadonlySet<string>,
  item: (side: 'live' | 'patch', index: number) => unknown,
): unknown[] {
  const liveSet = new Set(liveKeys);
  // The keys both lists name, in the configuration's order; `next` is the first not yet placed.
  const shared = patchKeys.filter((key) => liveSet.has(key));
  let next = 0;
  const placed = new Set<string>();
  const out: unknown[] = [];
  let l = 0;
  let p = 0;
  while (l < liveKeys.length || p < patchKeys.length) {
    const liveKey = liveKeys[l];
    if (liveKey !== undefined && p < patchKeys.length) {
      if (liveKey === patchKeys[p]) {
        placed.add(liveKey);
        out.push(item('patch', p));
        l++;
        p++;
        next++;
        continue;
      }
      if (named.has(liveKey) && next < shared.length && shared[next] !== liveKey) {
        l++;
        continue;
      }
    }
    if (liveKey !== undefined) {
      if (!named.has(liveKey)) {
        out.push(item('live', l));
        l++;
        continue;
      }
      // Named by the configuration and already placed: pass over it, and place the configuration's next item.
      if (placed.has(liveKey)) l++;
    }
    if (p < patchKeys.length) {
      const key = patchKeys[p] as string;
      placed.add(key);
      out.push(item('patch', p));
      p++;
      if (shared[next] === key) next++;
    }
  }
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

/** A set item's key: its JSON, with object members in name order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
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
