/**
 * Runtime values. Scalars, lists and maps are @bufbuild/cel's (bigint for int, `CelUint` for uint,
 * number for double, `CelList`, `CelMap`), so its standard functions apply to them directly; library
 * types (optional, timestamp, duration, quantity, IP, …) extend `OpaqueValue`. Errors are values
 * (`ErrorVal`), as CEL's `&&`, `||` and macros absorb some of them.
 */
import { type CelList, type CelMap, type CelUint, celUint, isCelList, isCelMap, isCelUint } from '@bufbuild/cel';
import { asCelMap, newList, ValueMap } from './containers.js';
import { quoted } from './redact.js';

declare const celValueBrand: unique symbol;
/** A CEL value: opaque outside this folder. Make one with `toCelValue()`; read one with `toJs()` / `toJson()`. */
export type CelValue = { readonly [celValueBrand]: true };

export abstract class OpaqueValue {
  /** The CEL type name, as `type(x)` reports it. */
  abstract readonly typeName: string;
  abstract equals(other: Val): boolean;
  /** The value's size for cost accounting (a string length, an address length…). */
  costSize(): number {
    return 1;
  }
  /** The plain JavaScript form `toJs()` returns. */
  abstract toJs(): unknown;
}

export type Val = null | boolean | bigint | number | string | Uint8Array | CelUint | CelList | CelMap | OpaqueValue;

export type ErrorKind = 'runtime' | 'cost';

export class ErrorVal {
  constructor(
    readonly message: string,
    /** The node that raised it, for the position; 0 when unknown. */
    readonly id: number,
    readonly kind: ErrorKind = 'runtime',
  ) {}
}

/** What evaluation produces at every node. */
export type Result = Val | ErrorVal;

export const isError = (value: unknown): value is ErrorVal => value instanceof ErrorVal;

export type { CelList, CelMap, CelUint };
export { asCelMap, celUint, isCelList, isCelMap, isCelUint, newList, ValueMap };

/** A type value (`int`, `list`, `kubernetes.Quantity`): what `type(x)` returns. */
export class TypeValue extends OpaqueValue {
  readonly typeName = 'type';
  constructor(readonly name: string) {
    super();
  }
  equals(other: Val): boolean {
    return other instanceof TypeValue && other.name === this.name;
  }
  toJs(): unknown {
    return this.name;
  }
  override toString(): string {
    return this.name;
  }
}

export class OptionalValue extends OpaqueValue {
  readonly typeName = 'optional_type';
  static readonly NONE = new OptionalValue(undefined);
  constructor(readonly value: Val | undefined) {
    super();
  }
  static of(value: Val): OptionalValue {
    return new OptionalValue(value);
  }
  hasValue(): boolean {
    return this.value !== undefined;
  }
  equals(other: Val): boolean {
    if (!(other instanceof OptionalValue)) return false;
    if (this.value === undefined || other.value === undefined) return this.value === other.value;
    return equals(this.value, other.value);
  }
  toJs(): unknown {
    return this.value === undefined ? null : toJsValue(this.value);
  }
}

/**
 * How a list from a CRD's data compares and adds (`x-kubernetes-list-type`): a `set` without order,
 * a `map` by the values of its key fields, without order; `X + Y` merges Y into X. Kept on the list
 * under a symbol, and on the lists such a list adds up to.
 */
export type ListSemantics = { kind: 'set' } | { kind: 'map'; keys: readonly string[] };

const LIST_SEMANTICS = Symbol('listSemantics');

export function setListSemantics(list: object, semantics: ListSemantics): void {
  Object.defineProperty(list, LIST_SEMANTICS, { value: semantics });
}

export function listSemantics(list: CelList): ListSemantics | undefined {
  return (list as { [LIST_SEMANTICS]?: ListSemantics })[LIST_SEMANTICS];
}

/** The identity of a list element for set and map-list operations: a scalar's type and value. */
export function elementKey(value: Val | undefined): string {
  if (value === undefined) return 'absent';
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
  if (isCelUint(value)) return `uint:${value.value}`;
  // Lists and maps are no set elements (the API server refuses them): each is its own.
  if (value !== null && typeof value === 'object' && !(value instanceof OpaqueValue))
    return `${typeName(value)}#${identity(value)}`;
  return `${typeName(value)}:${String(value)}`;
}

const identities = new WeakMap<object, number>();
let lastIdentity = 0;
function identity(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = ++lastIdentity;
    identities.set(value, id);
  }
  return id;
}

/** The key of a map-list element: the values of its key fields. */
export function mapListKey(element: Val, keys: readonly string[]): string {
  return JSON.stringify(keys.map((key) => elementKey(isCelMap(element) ? mapGet(element, key) : undefined)));
}

/** Equality of a set or map list with any list, ignoring order (the API server's unstructured lists). */
function semanticEquals(a: CelList, b: CelList, semantics: ListSemantics, visit?: () => void): boolean {
  if (a.size !== b.size) return false;
  const keyOf = (v: Val) => (semantics.kind === 'set' ? elementKey(v) : mapListKey(v, semantics.keys));
  const mine = new Map<string, Val>();
  for (const element of a) mine.set(keyOf(element as Val), element as Val);
  const seen = new Set<string>();
  for (const element of b) {
    const key = keyOf(element as Val);
    const match = mine.get(key);
    if (match === undefined) return false;
    if (semantics.kind === 'map' && !equals(match, element as Val, visit)) return false;
    seen.add(key);
  }
  return seen.size === mine.size;
}

/** A map that compares itself (a CRD object holding fields its schema does not declare). */
export const SELF_EQUALITY = Symbol('selfEquality');
type SelfEquality = { [SELF_EQUALITY]?: (other: Val, visit?: () => void) => boolean };

/** CEL equality: numbers compare across int, uint and double; lists and maps compare deeply. */
export function equals(a: Val, b: Val, visit?: () => void): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  switch (typeof a) {
    case 'bigint':
    case 'number':
      return numericEquals(a, b);
    case 'string':
    case 'boolean':
      return false;
  }
  if (a === null || b === null) return false;
  if (isCelUint(a)) return numericEquals(a.value, b);
  if (a instanceof OpaqueValue) return a.equals(b);
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b);
  if (isCelList(a)) {
    const semantics = listSemantics(a);
    if (semantics && isCelList(b)) return semanticEquals(a, b, semantics, visit);
    if (!isCelList(b) || a.size !== b.size) return false;
    for (let i = 0; i < a.size; i++) {
      visit?.();
      if (!equals(a.get(i) as Val, b.get(i) as Val, visit)) return false;
    }
    return true;
  }
  if (isCelMap(a)) {
    const own = (a as SelfEquality)[SELF_EQUALITY];
    if (own) return own.call(a, b, visit);
    if (!isCelMap(b) || a.size !== b.size) return false;
    for (const [key, value] of a) {
      visit?.();
      const other = mapGet(b, key as Val);
      if (other === undefined || !equals(value as Val, other, visit)) return false;
    }
    return true;
  }
  return false;
}

function numericEquals(a: bigint | number, b: Val): boolean {
  if (isCelUint(b)) return sameNumber(a, b.value);
  if (typeof b === 'bigint' || typeof b === 'number') return sameNumber(a, b);
  return false;
}

/** Numeric equality across bigint and number, exact for integers beyond 2^53. */
function sameNumber(a: bigint | number, b: bigint | number): boolean {
  if (typeof a === typeof b) return a === b;
  const [int, double] = (typeof a === 'bigint' ? [a, b] : [b, a]) as [bigint, number];
  return Number.isInteger(double) && BigInt(double) === int;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Map lookup with CEL's key equality: 1, 1u and 1.0 find the same entry (see containers.ts). */
export function mapGet(map: CelMap, key: Val): Val | undefined {
  if (typeof key === 'number' && !Number.isInteger(key)) return undefined;
  if (key === null || (typeof key === 'object' && !isCelUint(key))) return undefined;
  return map.get(key as never) as Val | undefined;
}

/** The CEL type name of a runtime value. */
export function typeName(value: Val): string {
  switch (typeof value) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
  }
  if (value === null) return 'null_type';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof OpaqueValue) return value.typeName;
  if (isCelUint(value)) return 'uint';
  if (isCelList(value)) return 'list';
  if (isCelMap(value)) return 'map';
  return 'unknown';
}

/**
 * A key or index from the data, as an error message shows it: numbers and bools as CEL writes them,
 * strings and bytes marked for redaction (they may be secrets), anything else by its type.
 */
export function keyText(key: Val): string {
  switch (typeof key) {
    case 'bigint':
    case 'boolean':
      return String(key);
    case 'number':
      return Number.isInteger(key) ? key.toFixed(1) : String(key);
    case 'string':
      return quoted(key);
  }
  if (isCelUint(key)) return `${key.value}u`;
  if (key instanceof Uint8Array) return quoted('bytes');
  return typeName(key);
}

/** Size for cost accounting: string length, list/map size, bytes length; 1 for scalars. */
export function costSize(value: Result): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof OpaqueValue) return value.costSize();
  if (isCelList(value) || isCelMap(value)) return value.size;
  return 1;
}

export const asCelValue = (value: Val): CelValue => value as unknown as CelValue;
export const fromCelValue = (value: CelValue): Val => value as unknown as Val;

/**
 * A CEL value as plain JavaScript: null, boolean, int and uint as bigint, double as number, string,
 * bytes as Uint8Array, list as array, map as an object when every key is a string (else a Map),
 * optional as its value or null, and the library types as their canonical string form.
 */
export function toJs(value: CelValue): unknown {
  return toJsValue(fromCelValue(value));
}

export function toJsValue(value: Val): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return value;
  if (value instanceof OpaqueValue) return value.toJs();
  if (isCelUint(value)) return value.value;
  if (isCelList(value)) return Array.from(value, (element) => toJsValue(element as Val));
  if (isCelMap(value)) {
    const entries = Array.from(value, ([key, element]) => [toJsValue(key as Val), toJsValue(element as Val)] as const);
    if (entries.every(([key]) => typeof key === 'string')) return Object.fromEntries(entries);
    return new Map(entries);
  }
  return value;
}

/** A CEL value as JSON data: ints as numbers (as strings beyond ±2^53), bytes as base64, map keys as strings. */
export function toJson(value: CelValue): unknown {
  return jsonOf(toJsValue(fromCelValue(value)));
}

function jsonOf(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonOf);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(jsonOf(k)), jsonOf(v)]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonOf(v)]));
  }
  return value;
}

/**
 * A map whose entries are computed on first access and then kept: ValidatingAdmissionPolicy's
 * `variables`, each the result of another expression. A resolver that fails makes the access fail.
 */
export function lazyMap(keys: readonly string[], resolve: (key: string) => LazyResult): CelValue {
  return asCelValue(new LazyMap(keys, resolve) as unknown as CelMap);
}

export type LazyResult = { ok: true; value: CelValue } | { ok: false; error: { message: string } };

const MAP_SYMBOL = Symbol.for('@bufbuild/cel/map');

class LazyMap {
  readonly [MAP_SYMBOL] = {};
  private readonly cache = new Map<string, Result>();
  constructor(
    private readonly names: readonly string[],
    private readonly resolve: (key: string) => LazyResult,
  ) {}
  get size(): number {
    return this.names.length;
  }
  get(key: unknown): Result | undefined {
    if (typeof key !== 'string' || !this.names.includes(key)) return undefined;
    let value = this.cache.get(key);
    if (value === undefined) {
      const resolved = this.resolve(key);
      value = resolved.ok ? fromCelValue(resolved.value) : new ErrorVal(resolved.error.message, 0);
      this.cache.set(key, value);
    }
    return value;
  }
  has(key: unknown): boolean {
    return typeof key === 'string' && this.names.includes(key);
  }
  keys(): IterableIterator<string> {
    return this.names[Symbol.iterator]();
  }
  *values(): IterableIterator<Result> {
    for (const name of this.names) yield this.get(name)!;
  }
  *entries(): IterableIterator<[string, Result]> {
    for (const name of this.names) yield [name, this.get(name)!];
  }
  [Symbol.iterator](): IterableIterator<[string, Result]> {
    return this.entries();
  }
  forEach(callback: (value: Result, key: string, map: unknown) => void): void {
    for (const name of this.names) callback(this.get(name)!, name, this);
  }
}
