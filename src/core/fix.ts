import { isDeepStrictEqual } from 'node:util';
import { type PathSegment, valueAt } from './path.js';
import type { Fix, FixOperation } from './rule.js';

/**
 * Applies fix operations to a copy of `object` and returns the copy. `set` and `include` create
 * missing parents (objects, or arrays before a numeric segment); `remove` of a missing field is a
 * no-op; `include` appends its value to the list at the path unless an equal entry is there, and
 * turns a missing, null or non-list value into a one-entry list.
 */
export function applyFix<T>(object: T, operations: readonly FixOperation[]): T {
  const copy = structuredClone(object);
  applyFixInPlace(copy, operations);
  return copy;
}

/**
 * `applyFix` on `object` itself: it changes the objects and lists on the operations' paths (and
 * only those), so a caller that copied them may share the rest.
 */
export function applyFixInPlace(object: unknown, operations: readonly FixOperation[]): void {
  for (const operation of operations) {
    if (operation.path.length === 0) throw new Error('a fix cannot replace the whole object');
    let node = object as Record<PathSegment, unknown>;
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

/**
 * Whether two fixes write the same thing in every output: same description, and the same
 * operations with equal paths and values (primitives, or flat objects and lists of them, in the
 * same order). A rule suggests the same fix for workload after workload; findings share one.
 */
export function sameFix(a: Fix, b: Fix): boolean {
  if (a === b) return true;
  if (a.description !== b.description || a.operations.length !== b.operations.length) return false;
  for (let i = 0; i < a.operations.length; i++) {
    const x = a.operations[i] as FixOperation;
    const y = b.operations[i] as FixOperation;
    if (x.op !== y.op || x.path.length !== y.path.length) return false;
    for (let j = 0; j < x.path.length; j++) if (x.path[j] !== y.path[j]) return false;
    if (x.op !== 'remove' && y.op !== 'remove' && !sameValue(x.value, y.value)) return false;
  }
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length || keys.length > 16) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key !== other[i]) return false;
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (typeof x === 'object' && x !== null) return false;
    if (!Object.is(x, y)) return false;
  }
  return true;
}

/** The last fixes of one rule, so that equal ones are one object (less to keep and to collect). */
export class RecentFixes {
  private readonly recent: Fix[] = [];

  share(fix: Fix): Fix {
    for (const known of this.recent) if (sameFix(known, fix)) return known;
    if (this.recent.length === RECENT) this.recent.pop();
    this.recent.unshift(fix);
    return fix;
  }
}

/** About one fix per container and field a rule looks at. */
const RECENT = 8;
