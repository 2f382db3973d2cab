import { applyFixInPlace } from '../core/fix.js';
import type { Path, PathSegment } from '../core/path.js';
import type { FixOperation } from '../core/rule.js';

/*
 * Why not applyFix: it copies the whole object first, and a fix is checked against the object
 * it describes once per fix — on a pod with 10,000 containers that is 10,000 copies of 10,000
 * containers. The result here is applyFix's, but only the objects and lists on the operations'
 * paths are copied; everything else is shared with `value`, which must therefore stay unchanged
 * (setAt below changes only objects its caller owns).
 */

/** What `applyFix(value, operations)` returns, sharing with `value` what the operations do not touch. */
export function applyShared<T>(value: T, operations: readonly FixOperation[]): T {
  const root = { value: shallowCopy(value) };
  for (const operation of operations) {
    // the objects the operation may change: its parents, and for `include` the list itself
    const copied = operation.op === 'include' ? operation.path : operation.path.slice(0, -1);
    let node = root.value as Record<PathSegment, unknown>;
    for (const segment of copied) {
      const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (next === null || typeof next !== 'object') break;
      const copy = shallowCopy(next) as Record<PathSegment, unknown>;
      node[segment] = copy;
      node = copy;
    }
    applyFixInPlace(root.value, [operation]);
  }
  return root.value;
}

function shallowCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.slice() as T;
  return value !== null && typeof value === 'object' ? ({ ...value } as T) : value;
}

/** Sets the value at `path` (which exists) in an object the caller owns. */
export function setAt(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<PathSegment, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<PathSegment, unknown>;
  node[path[path.length - 1] as PathSegment] = value;
}
