import type { PathSegment } from './path.js';
import type { FixOperation } from './rule.js';

/**
 * Applies fix operations to a copy of `object` and returns the copy. `set` creates missing
 * parents (objects, or arrays before a numeric segment); `remove` of a missing field is a no-op.
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
    else if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  }
  return copy;
}
