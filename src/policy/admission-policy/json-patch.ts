import { goQuote } from '../../pss/format.js';
import { sameValue } from './apply-configuration.js';
import { isObject } from './field-reader.js';

export interface PatchOperation {
  op: string;
  path: string;
  /** Absent when the JSONPatch has no (or an empty) `from`. */
  from?: string;
  /** Absent when the JSONPatch sets no value (`null` is a value). */
  value?: unknown;
}

export type PatchResult =
  | { ok: true; value: unknown }
  /** A `test` operation failed: the API server then applies none of the patch and reports no error. */
  | { ok: true; value: unknown; testFailed: string }
  | { ok: false; error: string };

/**
 * The API server applies a MutatingAdmissionPolicy's JSON Patch with gopkg.in/evanphx/json-patch.v4
 * (v4.13.0 in Kubernetes v1.37), and its failures read as that library words them. This applies
 * the same semantics to a copy of `document`, all operations or none, so that the errors, and what
 * succeeds, are the server's:
 *
 * - a pointer is split at `/` and its first segment ignored (a path without `/`, or `""` outside
 *   `replace` and `test`, addresses nothing); `~1` is `/`, `~0` is `~`;
 * - a list index is a Go integer (`+1`, `01` and negative indices counting from the end are
 *   accepted); `-` appends, and only for `add`;
 * - `replace` of a member an object lacks sets it; `copy` of such a member copies `null`;
 * - `move` removes before it adds, so moving a value into its own child finds no destination;
 * - `copy` may add at most 3 MiB (the apiserver's JSONPatchMaxCopyBytes) in one patch.
 */
export function applyJsonPatch(document: unknown, operations: readonly PatchOperation[]): PatchResult {
  const state: State = { root: structuredClone(document), copied: 0 };
  for (const operation of operations) {
    const outcome = apply(state, operation);
    if (outcome === undefined) continue;
    if (outcome.testFailed) return { ok: true, value: document, testFailed: outcome.error };
    return { ok: false, error: outcome.error };
  }
  return { ok: true, value: state.root };
}

interface State {
  root: unknown;
  /** Bytes `copy` operations added so far. */
  copied: number;
}

type Failure = { error: string; testFailed?: true };
type Container = Record<string, unknown> | unknown[];

const MISSING = 'missing value';
const COPY_LIMIT = 3 * 1024 * 1024;

function apply(state: State, operation: PatchOperation): Failure | undefined {
  const { op, path } = operation;
  // As the library does with a JSONPatch that sets no value, a missing value is JSON null.
  const value = operation.value === undefined ? null : operation.value;
  switch (op) {
    case 'add': {
      const at = locate(state.root, path);
      if (!at) return fail(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      const error = addTo(at.container, at.key, value);
      return error ? fail(`error in add for path: '${path}': ${error}`) : undefined;
    }
    case 'remove': {
      const at = locate(state.root, path);
      if (!at) return fail(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      const error = removeFrom(at.container, at.key);
      return error ? fail(`error in remove for path: '${path}': ${error}`) : undefined;
    }
    case 'replace':
      return replace(state, path, value);
    case 'move':
      return move(state, operation);
    case 'copy':
      return copy(state, operation);
    case 'test':
      return test(state, operation);
    default:
      return fail(`Unexpected kind: ${op}`);
  }
}

function replace(state: State, path: string, value: unknown): Failure | undefined {
  if (path === '') {
    // The whole document; the library wraps a nil error here, which Go prints as `%!w(<nil>)`.
    if (!isContainer(value)) return fail('replace operation value must be object or array: %!w(<nil>)');
    state.root = value;
    return undefined;
  }
  const at = locate(state.root, path);
  if (!at) return fail(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
  if (typeof getFrom(at.container, at.key) === 'string')
    return fail(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
  setIn(at.container, at.key, value);
  return undefined;
}

function move(state: State, operation: PatchOperation): Failure | undefined {
  const { path, from } = operation;
  if (from === undefined)
    return fail(`move operation failed to decode from: operation, missing from field: ${MISSING}`);
  const source = locate(state.root, from);
  if (!source) return fail(`move operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  const found = getFrom(source.container, source.key);
  if (typeof found === 'string') return fail(`error in move for path: '${source.key}': ${found}`);
  const removed = removeFrom(source.container, source.key);
  if (removed) return fail(`error in move for path: '${source.key}': ${removed}`);
  const at = locate(state.root, path);
  if (!at) return fail(`move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
  const error = addTo(at.container, at.key, found.value);
  return error ? fail(`error in move for path: '${path}': ${error}`) : undefined;
}

function copy(state: State, operation: PatchOperation): Failure | undefined {
  const { path, from } = operation;
  if (from === undefined)
    return fail(`copy operation failed to decode from: operation, missing from field: ${MISSING}`);
  const source = locate(state.root, from);
  if (!source) return fail(`copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  const found = getFrom(source.container, source.key);
  if (typeof found === 'string') return fail(`error in copy for from: '${from}': ${found}`);
  const at = locate(state.root, path);
  if (!at) return fail(`copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
  // A member the object lacks, or a null one, is copied as null and counts for nothing.
  if (found.value !== undefined && found.value !== null) state.copied += jsonSize(found.value);
  if (state.copied > COPY_LIMIT)
    return fail(
      `Unable to complete the copy, the accumulated size increase of copy is ${state.copied}, exceeding the limit ${COPY_LIMIT}`,
    );
  const error = addTo(at.container, at.key, found.value === undefined ? null : structuredClone(found.value));
  return error ? fail(`error while adding value during copy: ${error}`) : undefined;
}

function test(state: State, operation: PatchOperation): Failure | undefined {
  const { path, value } = operation;
  const failed = { error: `testing value ${path} failed: test failed`, testFailed: true } as const;
  if (path === '') return value !== undefined && sameValue(state.root, value) ? undefined : failed;
  const at = locate(state.root, path);
  if (!at) return fail(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
  const found = getFrom(at.container, at.key);
  if (typeof found === 'string') return fail(`error in test for path: '${path}': ${found}`);
  // The library holds null members as nothing: they pass only a test that sets no value.
  if (found.value === undefined || found.value === null) return value === undefined ? undefined : failed;
  return value !== undefined && sameValue(found.value, value) ? undefined : failed;
}

function fail(error: string): Failure {
  return { error };
}

function isContainer(value: unknown): value is Container {
  return Array.isArray(value) || isObject(value);
}

/** The container a pointer's last segment addresses, and that segment; undefined when a step is missing. */
function locate(root: unknown, pointer: string): { container: Container; key: string } | undefined {
  const segments = pointer.split('/');
  if (segments.length < 2 || !isContainer(root)) return undefined;
  let node: Container = root;
  for (const segment of segments.slice(1, -1)) {
    const found = getFrom(node, decodeSegment(segment));
    if (typeof found === 'string' || !isContainer(found.value)) return undefined;
    node = found.value;
  }
  return { container: node, key: decodeSegment(segments[segments.length - 1] as string) };
}

function decodeSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** A member (undefined when the object lacks it) or a list item, or the library's error. */
function getFrom(container: Container, key: string): { value: unknown } | string {
  if (!Array.isArray(container)) return { value: Object.hasOwn(container, key) ? container[key] : undefined };
  const index = listIndex(key, container.length, container.length);
  return typeof index === 'string' ? index : { value: container[index] };
}

function setIn(container: Container, key: string, value: unknown): void {
  if (!Array.isArray(container)) setOwn(container, key, value);
  else container[listIndex(key, container.length, container.length) as number] = value;
}

function addTo(container: Container, key: string, value: unknown): string | undefined {
  if (!Array.isArray(container)) {
    setOwn(container, key, value);
    return undefined;
  }
  if (key === '-') {
    container.push(value);
    return undefined;
  }
  const parsed = goAtoi(key);
  if (typeof parsed === 'string') return `value was not a proper array index: '${key}': ${parsed}`;
  // An insertion point may be one past the end, and negative ones count from there.
  const index = resolveIndex(parsed, container.length + 1, container.length + 1);
  if (typeof index === 'string') return index;
  container.splice(index, 0, value);
  return undefined;
}

function removeFrom(container: Container, key: string): string | undefined {
  if (!Array.isArray(container)) {
    if (!Object.hasOwn(container, key)) return `Unable to remove nonexistent key: ${key}: ${MISSING}`;
    delete container[key];
    return undefined;
  }
  const index = listIndex(key, container.length, container.length);
  if (typeof index === 'string') return index;
  container.splice(index, 1);
  return undefined;
}

/** An existing item's index, or the library's error. */
function listIndex(key: string, length: number, bound: number): number | string {
  const parsed = goAtoi(key);
  return typeof parsed === 'string' ? parsed : resolveIndex(parsed, length, bound);
}

/** A negative index counts back from `length`; the result must stay below `bound`. */
function resolveIndex(index: bigint, length: number, bound: number): number | string {
  const invalid = (shown: bigint) => `Unable to access invalid index: ${shown}: invalid index referenced`;
  if (index >= BigInt(bound)) return invalid(index);
  if (index < 0n) {
    if (index < -BigInt(length)) return invalid(index);
    return Number(index) + length;
  }
  return Number(index);
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Go's strconv.Atoi on a 64-bit machine: an optional sign and decimal digits, or its error. */
function goAtoi(text: string): bigint | string {
  const error = (why: string) => `strconv.Atoi: parsing ${goQuote(text)}: ${why}`;
  if (!/^[+-]?[0-9]+$/.test(text)) return error('invalid syntax');
  const value = BigInt(text);
  return value > INT64_MAX || value < INT64_MIN ? error('value out of range') : value;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, so that a key such as "__proto__" is a member like any other.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The size of a value as Go's encoding/json writes it (what the copy limit counts): UTF-8 bytes
 * of the JSON, plus Go's escapes of `<`, `>`, `&` (\u003c: 5 more bytes) and U+2028/U+2029 (3 more).
 */
function jsonSize(value: unknown): number {
  const text = JSON.stringify(value) ?? 'null';
  let extra = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3c || code === 0x3e || code === 0x26) extra += 5;
    else if (code === 0x2028 || code === 0x2029) extra += 3;
  }
  return Buffer.byteLength(text, 'utf8') + extra;
}
