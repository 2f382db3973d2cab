/**
 * Static types of the checker. Gradual: `dyn` is assignable both ways, so expressions over
 * dynamically typed variables (`object` in an admission policy) check and fail only at runtime.
 * `maxSize` bounds strings, bytes, lists and maps for the cost estimate (from OpenAPI max* fields).
 */

export type PrimitiveName =
  | 'int'
  | 'uint'
  | 'double'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'null_type'
  | 'timestamp'
  | 'duration';

export type Type =
  | { kind: 'dyn' }
  | { kind: 'error' }
  | { kind: 'primitive'; name: PrimitiveName; maxSize?: number }
  | { kind: 'list'; elem: Type; maxSize?: number }
  | { kind: 'map'; key: Type; value: Type; maxSize?: number }
  /** The type of a type value: `type(int)` for the value `int`. */
  | { kind: 'type'; of: Type }
  /** Library types: `optional_type(T)`, `kubernetes.Quantity`, `net.IP`, … */
  | { kind: 'opaque'; name: string; params: Type[] }
  /** Declared objects; `fields` undefined means any field (a constructed `Object{…}`). */
  | { kind: 'object'; name: string; fields?: ReadonlyMap<string, Type> }
  /** A type parameter of an overload declaration. */
  | { kind: 'param'; name: string };

export const DYN: Type = { kind: 'dyn' };
export const ERROR: Type = { kind: 'error' };
export const INT: Type = { kind: 'primitive', name: 'int' };
export const UINT: Type = { kind: 'primitive', name: 'uint' };
export const DOUBLE: Type = { kind: 'primitive', name: 'double' };
export const BOOL: Type = { kind: 'primitive', name: 'bool' };
export const STRING: Type = { kind: 'primitive', name: 'string' };
export const BYTES: Type = { kind: 'primitive', name: 'bytes' };
export const NULL: Type = { kind: 'primitive', name: 'null_type' };
export const TIMESTAMP: Type = { kind: 'primitive', name: 'timestamp' };
export const DURATION: Type = { kind: 'primitive', name: 'duration' };
export const A: Type = { kind: 'param', name: 'A' };
/** What an unbound type parameter becomes (`[]`, `optional.none()`): dyn, but it yields to any type it meets. */
export const FREE: Type = { kind: 'param', name: '*' };
export const B: Type = { kind: 'param', name: 'B' };

export const listOf = (elem: Type): Type => ({ kind: 'list', elem });
export const mapOf = (key: Type, value: Type): Type => ({ kind: 'map', key, value });
export const typeOf = (of: Type): Type => ({ kind: 'type', of });
export const opaque = (name: string, ...params: Type[]): Type => ({ kind: 'opaque', name, params });
export const optionalOf = (elem: Type): Type => opaque('optional_type', elem);

export function isDyn(type: Type): boolean {
  return type.kind === 'dyn' || type.kind === 'error' || type === FREE;
}

export function formatType(type: Type): string {
  switch (type.kind) {
    case 'dyn':
      return 'dyn';
    case 'error':
      return '*error*';
    case 'primitive':
      return type.name === 'timestamp'
        ? 'google.protobuf.Timestamp'
        : type.name === 'duration'
          ? 'google.protobuf.Duration'
          : type.name;
    case 'list':
      return `list(${formatType(type.elem)})`;
    case 'map':
      return `map(${formatType(type.key)}, ${formatType(type.value)})`;
    case 'type':
      return `type(${formatType(type.of)})`;
    case 'opaque':
      return type.params.length ? `${type.name}(${type.params.map(formatType).join(', ')})` : type.name;
    case 'object':
      return type.name;
    case 'param':
      return type === FREE ? 'dyn' : type.name;
  }
}

export type Substitution = Map<string, Type>;

export function substitute(type: Type, subst: Substitution): Type {
  switch (type.kind) {
    case 'param':
      if (type === FREE) return FREE;
      return subst.has(type.name) ? substitute(subst.get(type.name)!, subst) : FREE;
    case 'list':
      return listOf(substitute(type.elem, subst));
    case 'map':
      return mapOf(substitute(type.key, subst), substitute(type.value, subst));
    case 'type':
      return typeOf(substitute(type.of, subst));
    case 'opaque':
      return type.params.length ? opaque(type.name, ...type.params.map((p) => substitute(p, subst))) : type;
    default:
      return type;
  }
}

/**
 * Whether a value of type `actual` may be passed where `expected` is declared, binding the type
 * parameters of `expected` in `subst` (mutated only on success of the whole call, by the caller's copy).
 */
export function isAssignable(expected: Type, actual: Type, subst: Substitution): boolean {
  if (actual === FREE) return true;
  if (expected.kind === 'param' && expected !== FREE) {
    const bound = subst.get(expected.name);
    if (bound === undefined) {
      subst.set(expected.name, actual);
      return true;
    }
    if (isAssignable(bound, actual, subst)) return true;
    // Widen a binding to dyn when both sides are otherwise compatible (A bound to int, then dyn).
    if (isAssignable(actual, bound, new Map(subst))) {
      subst.set(expected.name, actual);
      return true;
    }
    return false;
  }
  if (isDyn(expected) || isDyn(actual)) return true;
  // null fits the types that can hold it: declared objects (`namespaceObject == null`), library types, times.
  if (isNull(actual) && nullable(expected)) return true;
  switch (expected.kind) {
    case 'primitive':
      return actual.kind === 'primitive' && actual.name === expected.name;
    case 'list':
      return actual.kind === 'list' && isAssignable(expected.elem, actual.elem, subst);
    case 'map':
      return (
        actual.kind === 'map' &&
        isAssignable(expected.key, actual.key, subst) &&
        isAssignable(expected.value, actual.value, subst)
      );
    case 'type':
      return actual.kind === 'type' && isAssignable(expected.of, actual.of, subst);
    case 'opaque':
      return (
        actual.kind === 'opaque' &&
        actual.name === expected.name &&
        actual.params.length === expected.params.length &&
        expected.params.every((param, i) => isAssignable(param, actual.params[i]!, subst))
      );
    case 'object':
      return actual.kind === 'object' && actual.name === expected.name;
    default:
      return false;
  }
}

/** Structural equality, ignoring size bounds. */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'primitive':
      return a.name === (b as typeof a).name;
    case 'list':
      return sameType(a.elem, (b as typeof a).elem);
    case 'map':
      return sameType(a.key, (b as typeof a).key) && sameType(a.value, (b as typeof a).value);
    case 'type':
      return sameType(a.of, (b as typeof a).of);
    case 'opaque': {
      const other = b as typeof a;
      return (
        a.name === other.name &&
        a.params.length === other.params.length &&
        a.params.every((p, i) => sameType(p, other.params[i]!))
      );
    }
    case 'object':
    case 'param':
      return a.name === (b as typeof a).name;
    default:
      return true;
  }
}

/** The common type of two branches or elements: the more specific one when they agree, dyn otherwise. */
export function join(a: Type, b: Type): Type {
  if (sameType(a, b)) return a;
  if (a.kind === 'error' || a === FREE) return b;
  if (b.kind === 'error' || b === FREE) return a;
  if (a.kind === 'list' && b.kind === 'list') return listOf(join(a.elem, b.elem));
  if (a.kind === 'map' && b.kind === 'map') return mapOf(join(a.key, b.key), join(a.value, b.value));
  if (a.kind === 'opaque' && b.kind === 'opaque' && a.name === b.name && a.params.length === b.params.length) {
    return opaque(a.name, ...a.params.map((param, i) => join(param, b.params[i]!)));
  }
  if (isNull(b) && nullable(a)) return a;
  if (isNull(a) && nullable(b)) return b;
  return DYN;
}

/**
 * The type of `c ? a : b`. cel-go resolves the conditional as the overload (bool, A, A) -> A, so
 * the branches must agree: dyn agrees with anything, null with the types that can hold it, and an
 * empty literal's free element type with any. Undefined when they cannot (a compile error).
 */
export function conditionalJoin(a: Type, b: Type): Type | undefined {
  if (sameType(a, b)) return a;
  if (a === FREE || a.kind === 'error') return b;
  if (b === FREE || b.kind === 'error') return a;
  if (isDyn(a) || isDyn(b)) return DYN;
  if (a.kind === 'list' && b.kind === 'list') {
    const elem = conditionalJoin(a.elem, b.elem);
    return elem && listOf(elem);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const key = conditionalJoin(a.key, b.key);
    const value = conditionalJoin(a.value, b.value);
    return key && value && mapOf(key, value);
  }
  if (a.kind === 'opaque' && b.kind === 'opaque' && a.name === b.name && a.params.length === b.params.length) {
    const params = a.params.map((param, i) => conditionalJoin(param, b.params[i]!));
    return params.every((p) => p !== undefined) ? opaque(a.name, ...(params as Type[])) : undefined;
  }
  if (isNull(b) && nullable(a)) return a;
  if (isNull(a) && nullable(b)) return b;
  return undefined;
}

/**
 * Whether two elements of one list or map literal agree under cel-go's homogeneous aggregate
 * literals: the same type — dyn counts as a type of its own there — except that an empty
 * literal's free element type takes any.
 */
export function homogeneousWith(a: Type, b: Type): boolean {
  if (a === FREE || b === FREE || a.kind === 'error' || b.kind === 'error') return true;
  if (a.kind === 'list' && b.kind === 'list') return homogeneousWith(a.elem, b.elem);
  if (a.kind === 'map' && b.kind === 'map') return homogeneousWith(a.key, b.key) && homogeneousWith(a.value, b.value);
  if (a.kind === 'opaque' && b.kind === 'opaque') {
    return (
      a.name === b.name &&
      a.params.length === b.params.length &&
      a.params.every((p, i) => homogeneousWith(p, b.params[i]!))
    );
  }
  return sameType(a, b);
}

const isNull = (t: Type) => t.kind === 'primitive' && t.name === 'null_type';
const nullable = (t: Type) =>
  t.kind === 'opaque' ||
  t.kind === 'object' ||
  (t.kind === 'primitive' && (t.name === 'timestamp' || t.name === 'duration'));

const PRIMITIVES: Record<string, Type> = {
  dyn: DYN,
  int: INT,
  uint: UINT,
  double: DOUBLE,
  bool: BOOL,
  string: STRING,
  bytes: BYTES,
  null_type: NULL,
  null: NULL,
  timestamp: TIMESTAMP,
  'google.protobuf.Timestamp': TIMESTAMP,
  duration: DURATION,
  'google.protobuf.Duration': DURATION,
  any: DYN,
};

/** Parses CEL's type notation: `int`, `list(string)`, `map(string, dyn)`, `optional_type(int)`, `net.IP`. */
export function parseTypeName(text: string): Type | undefined {
  let pos = 0;
  const skip = () => {
    while (text[pos] === ' ') pos++;
  };
  const read = (): Type | undefined => {
    skip();
    const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(pos));
    if (!match) return undefined;
    pos += match[0].length;
    const name = match[0];
    skip();
    const params: Type[] = [];
    if (text[pos] === '(') {
      pos++;
      for (;;) {
        const param = read();
        if (!param) return undefined;
        params.push(param);
        skip();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ')') {
          pos++;
          break;
        }
        return undefined;
      }
    }
    if (name === 'list') return params.length === 1 ? listOf(params[0]!) : undefined;
    if (name === 'map') return params.length === 2 ? mapOf(params[0]!, params[1]!) : undefined;
    if (name === 'type') return params.length <= 1 ? typeOf(params[0] ?? DYN) : undefined;
    const primitive = PRIMITIVES[name];
    if (primitive) return params.length === 0 ? primitive : undefined;
    return opaque(name, ...params);
  };
  const type = read();
  skip();
  return type && pos === text.length ? type : undefined;
}
