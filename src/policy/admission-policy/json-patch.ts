import { sameValue } from './apply-configuration.js';
import { describe, isObject } from './field-reader.js';

export interface PatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

export type PatchResult =
  | { ok: true; value: unknown }
  /** A `test` operation failed: the API server then applies none of the patch and reports no error. */
  | { ok: true; value: unknown; testFailed: string }
  | { ok: false; error: string };

/**
 * Applies a JSON Patch (RFC 6902) to a copy of `document`, all operations or none: add, remove,
 * replace, move, copy and test, with JSON Pointer paths (RFC 6901: `~1` is `/`, `~0` is `~`).
 */
export function applyJsonPatch(document: unknown, operations: readonly PatchOperation[]): PatchResult {
  let doc = structuredClone(document);
  for (const [i, operation] of operations.entries()) {
    try {
      const result = applyOne(doc, operation);
      if ('testFailed' in result)
        return { ok: true, value: document, testFailed: `operation ${i} (${result.testFailed})` };
      doc = result.value;
    } catch (error) {
      return { ok: false, error: `operation ${i} (${operation.op} ${operation.path}): ${(error as Error).message}` };
    }
  }
  return { ok: true, value: doc };
}

function applyOne(doc: unknown, operation: PatchOperation): { value: unknown } | { testFailed: string } {
  const path = parsePointer(operation.path);
  switch (operation.op) {
    case 'add':
      return { value: add(doc, path, requireValue(operation)) };
    case 'remove':
      return { value: remove(doc, path) };
    case 'replace': {
      // As the API server's JSON Patch does: replacing a member an existing object lacks sets it
      // (a missing parent, or a list index out of range, is still an error).
      const parent = path.length > 0 ? parentOf(doc, path) : undefined;
      const token = path[path.length - 1] as string;
      if (isObject(parent) && !Array.isArray(parent) && !Object.hasOwn(parent, token)) {
        return { value: add(doc, path, requireValue(operation)) };
      }
      return { value: add(remove(doc, path), path, requireValue(operation)) };
    }
    case 'move': {
      const from = parsePointer(requireFrom(operation));
      if (isPrefix(from, path) && from.length < path.length) throw new Error('cannot move a value into itself');
      const value = get(doc, from);
      return { value: add(remove(doc, from), path, value) };
    }
    case 'copy':
      return { value: add(doc, path, structuredClone(get(doc, parsePointer(requireFrom(operation))))) };
    case 'test': {
      const actual = get(doc, path);
      const expected = requireValue(operation);
      return sameValue(actual, expected)
        ? { value: doc }
        : {
            testFailed: `test at ${operation.path}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`,
          };
    }
    default:
      throw new Error(`unknown operation "${operation.op}"; use add, remove, replace, move, copy or test`);
  }
}

function requireValue(operation: PatchOperation): unknown {
  if (operation.value === undefined) throw new Error('needs a value');
  return operation.value;
}

function requireFrom(operation: PatchOperation): string {
  if (typeof operation.from !== 'string') throw new Error('needs a from path');
  return operation.from;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`"${pointer}" is not a JSON pointer (it must start with /)`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((token, i) => token === path[i]);
}

function index(token: string, length: number, allowEnd: boolean): number {
  if (token === '-' && allowEnd) return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new Error(`"${token}" is not an array index`);
  const i = Number(token);
  if (i > length || (!allowEnd && i === length)) throw new Error(`index ${i} is out of bounds (length ${length})`);
  return i;
}

function get(doc: unknown, path: readonly string[]): unknown {
  let node = doc;
  for (const token of path) {
    if (Array.isArray(node)) node = node[index(token, node.length, false)];
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else throw new Error(`the path does not exist (no "${token}" in ${describe(node)})`);
  }
  return node;
}

/** The container the last token of `path` addresses, which must exist. */
function parentOf(doc: unknown, path: readonly string[]): unknown {
  return get(doc, path.slice(0, -1));
}

function add(doc: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = parentOf(doc, path);
  const token = path[path.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(index(token, parent.length, true), 0, value);
  else if (isObject(parent)) parent[token] = value;
  else throw new Error(`cannot add to ${describe(parent)}`);
  return doc;
}

function remove(doc: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return null;
  const parent = parentOf(doc, path);
  const token = path[path.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(index(token, parent.length, false), 1);
  else if (isObject(parent) && Object.hasOwn(parent, token)) delete parent[token];
  else throw new Error(`the path does not exist (no "${token}")`);
  return doc;
}
