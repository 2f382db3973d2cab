import { isDeepStrictEqual } from 'node:util';
import { type PathSegment, valueAt } from './path.js';
import type { FixOperation } from './rule.js';

/**
 * Applies fix operations to a copy of `object` and returns the copy. `set` and `include` create
 * missing parents (objects, or arrays before a numeric segment); `remove` of a missing field is a
 * no-op; `include` appends its value to the list at the path unless an equal entry is there, and
 * turns a missing, null or non-list value into a one-entry list.
 */
export function applyFix<T>(object: T, operations: readonly FixOperation[]): T {
  const copy = structuredClone(object);
  for (const operation of operations) {
    if (operation.path.length === 0) throw new Error('a fix cannot replace the whole object');
    let node = copy as unknown as Record<PathSegment, unknown>;
    const parents = operation.path.slice(0, -1);
    const last = operation.path[operation.path.length - 1] as PathSegment;
    let missing = false;
    parents.forEach((segment, i) => {
      if (missing) return;
      let next = node[segment];
      if (next === null || typeof next !== 'object') {
        if (operation.op === 'remove') {
          missing = true;
          return;
        }
        next = typeof operation.path[i + 1] === 'number' ? [] : {};
        node[segment] = next;
      }
      node = next as Record<PathSegment, unknown>;
    });
    if (missing) continue;
    if (operation.op === 'set') node[last] = structuredClone(operation.value);
    else if (operation.op === 'include') {
      const list = node[last];
      if (!Array.isArray(list)) node[last] = [structuredClone(operation.value)];
      else if (!list.some((entry) => isDeepStrictEqual(entry, operation.value)))
        list.push(structuredClone(operation.value));
    } else if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  }
  return copy;
}

/**
 * The `set` that does what an `include` asks of `current` (the object as it reads now), or
 * undefined when the list already holds the value: text editors that know only `set` and
 * `remove` apply an `include` through it.
 */
export function includeAsSet(
  current: unknown,
  operation: Extract<FixOperation, { op: 'include' }>,
): Extract<FixOperation, { op: 'set' }> | undefined {
  const node = valueAt(current, operation.path);
  if (!Array.isArray(node)) return { op: 'set', path: operation.path, value: [operation.value] };
  if (node.some((entry) => isDeepStrictEqual(entry, operation.value))) return undefined;
  return { op: 'set', path: [...operation.path, node.length], value: operation.value };
}
