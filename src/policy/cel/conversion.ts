/**
 * Kubernetes objects (parsed JSON/YAML) as CEL values, converted once per object: the result is
 * cached by object identity, and nested objects and lists are wrapped lazily, each node converted on
 * first access and kept. Number rules:
 *
 * - a bigint is an int, and so is an integer beyond ±2^53 whose exact value the loader kept beside
 *   its number (core/exact-integers.ts): `9223372036854775807` in a manifest is that int64, exactly;
 * - without a schema, a whole number is an int and any other number a double. This is what the API
 *   server does for admission policies: it converts the typed object, whose numeric fields are all
 *   int32/int64, so `containerPort + 1` is int arithmetic. It differs only for a whole value written
 *   in a `number`-typed field of a custom resource (`ratio: 1.0`), which the API server decodes as a
 *   double and this sees as an int (JSON.parse cannot tell `1.0` from `1`);
 * - with an OpenAPI schema (CRD validation rules) the value is read as the API server's structural
 *   conversion reads it: `integer` fields are ints, `number` fields doubles, `x-kubernetes-int-or-string`
 *   fields ints or strings, strings with format `byte`, `date-time` / `date` and `duration` bytes,
 *   timestamps and durations; an object's fields are its declared properties, by their escaped CEL
 *   names (schema-types.ts), a null field is absent; lists with `x-kubernetes-list-type: set` or `map`
 *   compare without order and merge when added; data of another shape than the schema's is an error
 *   where it is read ("invalid data, expected a map for the provided schema with type=object").
 *
 * Quantities stay strings (use `quantity(…)`), as in the API server.
 */
import type { CelList, CelMap } from '@bufbuild/cel';
import { exactInteger } from '../../core/exact-integers.js';
import { parseDuration, parseTimestamp, TimestampValue } from './libraries/time-values.js';
import { quoted } from './redact.js';
import { escapeProperty, propertyOf, withTypeAndObjectMeta } from './schema-types.js';
import {
  asCelValue,
  type CelValue,
  ErrorVal,
  equals,
  isCelList,
  isCelMap,
  isCelUint,
  OpaqueValue,
  SELF_EQUALITY,
  setListSemantics,
  type Val,
} from './values.js';

/** The subset of an OpenAPI v3 / structural schema the conversion reads. */
export interface OpenApiSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  nullable?: boolean;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  maxItems?: number;
  maxLength?: number;
  maxProperties?: number;
}

const plainCache = new WeakMap<object, Val>();
const schemaCache = new WeakMap<object, WeakMap<OpenApiSchema, Val>>();

/**
 * Converts a JavaScript value (a Kubernetes object, a list, a scalar) to a CEL value. Objects are
 * converted once: calling again with the same object (and schema) returns the same value.
 */
export function toCelValue(value: unknown, schema?: OpenApiSchema): CelValue {
  return asCelValue(convert(value, schema));
}

function convert(value: unknown, schema: OpenApiSchema | undefined): Val {
  if (schema) {
    const mismatch = schemaMismatch(value, schema);
    if (mismatch) return mismatch as unknown as Val;
  }
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'boolean':
      return value;
    case 'bigint':
      return schema?.type === 'number' ? Number(value) : value;
    case 'number':
      return convertNumber(value, schema);
    case 'string':
      return schema ? (convertString(value, schema) as Val) : value;
    case 'object':
      break;
    default:
      throw new TypeError(`cannot convert a ${typeof value} to a CEL value`);
  }
  if (value === null) return null;
  if (value instanceof Uint8Array || isCelValue(value)) return value as Val;
  if (value instanceof Date) return new TimestampValue(BigInt(value.getTime()) * 1_000_000n);
  const cached = schema ? schemaCache.get(value)?.get(schema) : plainCache.get(value);
  if (cached !== undefined) return cached;
  let converted: Val;
  if (Array.isArray(value)) converted = listOf(value, schema);
  else if (value instanceof Map) converted = new JsonMap(Object.fromEntries(value), schema) as unknown as CelMap;
  else converted = new JsonMap(value as Record<string, unknown>, schema) as unknown as CelMap;
  if (schema) {
    const bySchema = schemaCache.get(value) ?? new WeakMap<OpenApiSchema, Val>();
    schemaCache.set(value, bySchema);
    bySchema.set(schema, converted);
  } else {
    plainCache.set(value, converted);
  }
  return converted;
}

/** Already a CEL value (the result of another evaluation): kept as it is. */
function isCelValue(value: object): boolean {
  return value instanceof OpaqueValue || isCelList(value) || isCelMap(value) || isCelUint(value);
}

/** A variable's value as bound by the caller: CEL values as they are, plain JavaScript converted (cached). */
export function boundValue(value: unknown): Val {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'object':
      if (value === null || value instanceof Uint8Array || isCelValue(value)) return value as Val;
      return convert(value, undefined);
    default:
      return convert(value, undefined);
  }
}

function convertNumber(value: number, schema: OpenApiSchema | undefined): Val {
  if (schema?.type === 'number') return value;
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return BigInt(value);
  if (Number.isInteger(value) && schema?.type === 'integer') return BigInt(value);
  return value;
}

/** A string of a formatted schema as the API server reads it; a string that is not of the format is an error. */
function convertString(value: string, schema: OpenApiSchema): Val | ErrorVal {
  if (schema.type !== 'string') return value;
  switch (schema.format) {
    case 'byte': {
      if (!BASE64.test(value) || value.length % 4 !== 0)
        return new ErrorVal(`Invalid byte formatted string ${quoted(value)}: illegal base64 data`, 0);
      const bytes = Buffer.from(value, 'base64');
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    case 'date-time':
    case 'datetime':
    case 'date': {
      const date = schema.format === 'date';
      // strfmt also reads a date-time without a zone (ISO 8601 local time) as UTC.
      const text = date ? `${value}T00:00:00Z` : LOCAL_TIME.test(value) ? `${value}Z` : value;
      const parsed = date && !DATE.test(value) ? 'not a date' : parseTimestamp(text);
      return typeof parsed === 'string'
        ? new ErrorVal(`Invalid ${date ? 'date' : 'date-time'} formatted string ${quoted(value)}: ${parsed}`, 0)
        : parsed;
    }
    case 'duration': {
      const parsed = parseDuration(value);
      return typeof parsed === 'string' ? new ErrorVal(`Invalid duration ${quoted(value)}: ${parsed}`, 0) : parsed;
    }
    default:
      return value;
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** What the API server's conversion refuses before it reads a value: data of another shape than its schema's. */
function schemaMismatch(value: unknown, schema: OpenApiSchema): ErrorVal | undefined {
  if (value === null || value === undefined) {
    return schema.nullable ? undefined : new ErrorVal('invalid data, got null for schema with nullable=false', 0);
  }
  if (schema['x-kubernetes-int-or-string']) {
    return typeof value === 'string' || isWholeNumber(value)
      ? undefined
      : new ErrorVal('invalid data, expected XIntOrString value to be either a string or integer', 0);
  }
  switch (schema.type) {
    case 'object':
      return isPlainObject(value)
        ? undefined
        : new ErrorVal('invalid data, expected a map for the provided schema with type=object', 0);
    case 'array':
      return Array.isArray(value)
        ? undefined
        : new ErrorVal('invalid data, expected an array for the provided schema with type=array', 0);
    case 'string':
      return typeof value === 'string'
        ? undefined
        : new ErrorVal(`invalid data, expected string, got ${goType(value)}`, 0);
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint'
        ? undefined
        : new ErrorVal(`invalid data, expected float, got ${goType(value)}`, 0);
    case 'integer':
      return isWholeNumber(value) ? undefined : new ErrorVal(`invalid data, expected int, got ${goType(value)}`, 0);
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : new ErrorVal(`invalid data, expected bool, got ${goType(value)}`, 0);
  }
  return undefined;
}

const isWholeNumber = (value: unknown) =>
  typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
const isPlainObject = (value: unknown) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);

/** The Go type JSON decoding gives a value, as the API server's messages name it. */
function goType(value: unknown): string {
  if (isWholeNumber(value)) return 'int64';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}';
}

/**
 * The property a key reads and its schema: an object's declared properties by their escaped names,
 * a map's every key; undefined when the schema gives the key no value (an undeclared property).
 */
function fieldOf(schema: OpenApiSchema | undefined, key: string): { name: string; schema?: OpenApiSchema } | undefined {
  if (!schema) return { name: key };
  if (schema.properties) {
    const name = propertyOf(schema, key);
    const property = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    return property && { name, schema: embeddedRoot(property) };
  }
  if (typeof schema.additionalProperties === 'object')
    return { name: key, schema: embeddedRoot(schema.additionalProperties) };
  return undefined;
}

const embeddedRoot = (schema: OpenApiSchema) =>
  schema['x-kubernetes-embedded-resource'] ? withTypeAndObjectMeta(schema) : schema;

/** A JSON array as a CEL list: with `x-kubernetes-list-type: set` or `map`, one that compares and adds as such. */
function listOf(value: unknown[], schema: OpenApiSchema | undefined): Val {
  const items = schema?.items && embeddedRoot(schema.items);
  const list = new JsonList(value, items);
  const type = schema?.['x-kubernetes-list-type'];
  if (type === 'set') setListSemantics(list, { kind: 'set' });
  if (type === 'map') {
    const keys = (schema!['x-kubernetes-list-map-keys'] ?? []).map((key) => escapeProperty(key) ?? key);
    setListSemantics(list, { kind: 'map', keys });
  }
  return list as unknown as CelList;
}

/** `container[key]`, or the exact integer the loader kept for it when its number only approximates it. */
function exact(container: object, key: string | number): unknown {
  const value = (container as Record<string | number, unknown>)[key];
  if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
  return exactInteger(container, key) ?? value;
}

const LIST_BRAND = Symbol.for('@bufbuild/cel/list');
const MAP_BRAND = Symbol.for('@bufbuild/cel/map');

/** A JSON array as a CEL list; elements are converted on first access. */
class JsonList {
  readonly [LIST_BRAND] = {};
  private readonly converted: (Val | undefined)[];
  constructor(
    private readonly source: readonly unknown[],
    private readonly schema: OpenApiSchema | undefined,
  ) {
    this.converted = new Array(source.length);
  }
  get size(): number {
    return this.source.length;
  }
  get(index: number): Val | undefined {
    if (index < 0 || index >= this.source.length) return undefined;
    let value = this.converted[index];
    if (value === undefined) {
      value = convert(exact(this.source, index), this.schema);
      this.converted[index] = value;
    }
    return value;
  }
  *values(): IterableIterator<Val> {
    for (let i = 0; i < this.source.length; i++) yield this.get(i)!;
  }
  [Symbol.iterator](): IterableIterator<Val> {
    return this.values();
  }
}

/** Deep equality of JSON data, iterative (no nesting overflows the stack); an int is no double. */
function sameData(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const [xk, yk] = [Object.keys(x), Object.keys(y)];
    if (xk.length !== yk.length) return false;
    for (const key of xk) {
      if (!Object.hasOwn(y, key)) return false;
      stack.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]]);
    }
  }
  return true;
}

/** A JSON object as a CEL map with string keys; values are converted on first access. */
class JsonMap {
  readonly [MAP_BRAND] = {};
  private readonly converted = new Map<string, Val>();
  private keyList: string[] | undefined;
  constructor(
    readonly source: Readonly<Record<string, unknown>>,
    private readonly schema: OpenApiSchema | undefined,
  ) {}
  /** The keys, as CEL names them: an object's declared properties escaped, a map's as they are. */
  private names(): string[] {
    if (!this.keyList) {
      const present = Object.keys(this.source).filter((key) => this.source[key] !== undefined);
      const properties = this.schema?.properties;
      this.keyList = properties
        ? present.flatMap((key) => (Object.hasOwn(properties, key) ? [escapeProperty(key) ?? key] : []))
        : this.schema && typeof this.schema.additionalProperties !== 'object'
          ? []
          : present;
    }
    return this.keyList;
  }
  get size(): number {
    return this.schema ? Object.keys(this.source).length : this.names().length;
  }
  get(key: unknown): Val | undefined {
    if (typeof key !== 'string') return undefined;
    let value = this.converted.get(key);
    if (value !== undefined) return value;
    const field = this.present(key);
    if (!field) return undefined;
    value = convert(exact(this.source, field.name), field.schema);
    this.converted.set(key, value);
    return value;
  }
  has(key: unknown): boolean {
    return typeof key === 'string' && this.present(key) !== undefined;
  }
  /**
   * With a schema, as the API server compares unstructured objects: the declared fields as CEL
   * values, the fields the schema does not declare (which rules cannot read) as the data they hold.
   */
  [SELF_EQUALITY](other: Val, visit?: () => void): boolean {
    if (!isCelMap(other) || this.size !== other.size) return false;
    const properties = this.schema?.properties;
    const declaredMap = typeof this.schema?.additionalProperties === 'object';
    for (const raw of Object.keys(this.source)) {
      if (this.source[raw] === undefined) continue;
      if (!this.schema || declaredMap || (properties && Object.hasOwn(properties, raw))) {
        const name = properties ? (escapeProperty(raw) ?? raw) : raw;
        const [mine, theirs] = [this.get(name), other.get(name as never) as Val | undefined];
        if ((mine === undefined) !== (theirs === undefined)) return false;
        if (mine !== undefined && !equals(mine, theirs as Val, visit)) return false;
      } else {
        if (!(other instanceof JsonMap)) return false;
        if (Object.hasOwn(other.source, raw) && !sameData(this.source[raw], other.source[raw])) return false;
      }
    }
    return true;
  }
  /** The field a key reads when it holds a value (an object's null field is absent, as for the API server). */
  private present(key: string): { name: string; schema?: OpenApiSchema } | undefined {
    const field = fieldOf(this.schema, key);
    if (!field || !Object.hasOwn(this.source, field.name)) return undefined;
    const raw = this.source[field.name];
    if (raw === undefined || (raw === null && this.schema?.properties)) return undefined;
    return field;
  }
  keys(): IterableIterator<string> {
    return this.names()[Symbol.iterator]();
  }
  *values(): IterableIterator<Val> {
    for (const key of this.names()) yield this.get(key)!;
  }
  *entries(): IterableIterator<[string, Val]> {
    for (const key of this.names()) yield [key, this.get(key)!];
  }
  [Symbol.iterator](): IterableIterator<[string, Val]> {
    return this.entries();
  }
  forEach(callback: (value: Val, key: string, map: JsonMap) => void): void {
    for (const key of this.names()) callback(this.get(key)!, key, this);
  }
}
