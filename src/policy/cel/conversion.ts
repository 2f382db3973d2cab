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
 * - with an OpenAPI schema (CRD validation rules): `integer` fields are ints, `number` fields doubles,
 *   `x-kubernetes-int-or-string` fields ints or strings, and strings with format `byte`, `date-time`
 *   / `date` and `duration` become bytes, timestamps and durations, as the API server's structural
 *   conversion does.
 *
 * Quantities stay strings (use `quantity(…)`), as in the API server.
 */
import type { CelList, CelMap } from '@bufbuild/cel';
import { exactInteger } from '../../core/exact-integers.js';
import { parseDuration, parseTimestamp, TimestampValue } from './libraries/time-values.js';
import { asCelValue, type CelValue, isCelList, isCelMap, isCelUint, OpaqueValue, type Val } from './values.js';

/** The subset of an OpenAPI v3 / structural schema the conversion reads. */
export interface OpenApiSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
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
      return schema ? convertString(value, schema) : value;
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
  if (Array.isArray(value)) converted = new JsonList(value, schema?.items) as unknown as CelList;
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

function convertString(value: string, schema: OpenApiSchema): Val {
  if (schema.type !== 'string') return value;
  switch (schema.format) {
    case 'byte': {
      const bytes = Buffer.from(value, 'base64');
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    case 'date-time':
    case 'datetime':
    case 'date': {
      const parsed = parseTimestamp(schema.format === 'date' ? `${value}T00:00:00Z` : value);
      return typeof parsed === 'string' ? value : parsed;
    }
    case 'duration': {
      const parsed = parseDuration(value);
      return typeof parsed === 'string' ? value : parsed;
    }
    default:
      return value;
  }
}

function childSchema(schema: OpenApiSchema | undefined, key: string): OpenApiSchema | undefined {
  if (!schema) return undefined;
  const property = schema.properties?.[key];
  if (property) return property;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
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

/** A JSON object as a CEL map with string keys; values are converted on first access. */
class JsonMap {
  readonly [MAP_BRAND] = {};
  private readonly converted = new Map<string, Val>();
  private keyList: string[] | undefined;
  constructor(
    private readonly source: Readonly<Record<string, unknown>>,
    private readonly schema: OpenApiSchema | undefined,
  ) {}
  private names(): string[] {
    this.keyList ??= Object.keys(this.source).filter((key) => this.source[key] !== undefined);
    return this.keyList;
  }
  get size(): number {
    return this.names().length;
  }
  get(key: unknown): Val | undefined {
    if (typeof key !== 'string') return undefined;
    let value = this.converted.get(key);
    if (value !== undefined) return value;
    if (!Object.hasOwn(this.source, key)) return undefined;
    if (this.source[key] === undefined) return undefined;
    value = convert(exact(this.source, key), childSchema(this.schema, key));
    this.converted.set(key, value);
    return value;
  }
  has(key: unknown): boolean {
    return typeof key === 'string' && Object.hasOwn(this.source, key) && this.source[key] !== undefined;
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
