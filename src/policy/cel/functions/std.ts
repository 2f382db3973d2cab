/**
 * CEL's standard functions. Arithmetic, conversions, ordering and the string functions run on
 * @bufbuild/cel's conformance-tested implementations (bridged below); equality, `in`, `size`,
 * `type`, list concatenation and `matches` are implemented here because they must also handle the
 * library types (optional, quantity, …) and, for `matches`, reuse compiled patterns.
 */
import { type CelFunc, type CelType, celEnv, isCelError } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import {
  A,
  B,
  BOOL,
  BYTES,
  DOUBLE,
  DYN,
  INT,
  listOf,
  mapOf,
  NULL,
  STRING,
  type Type,
  typeOf,
  UINT,
} from '../checker/types.js';
import { formatString } from '../libraries/format-string.js';
import { compileRegex } from '../libraries/regex-engine.js';
import {
  type CelList,
  type CelMap,
  ErrorVal,
  elementKey,
  equals,
  isCelList,
  isCelMap,
  type ListSemantics,
  listSemantics,
  mapGet,
  mapListKey,
  newList,
  type Result,
  setListSemantics,
  TypeValue,
  typeName,
  type Val,
} from '../values.js';
import type { CelLibraryName } from '../versions.js';
import {
  compareCost,
  concatCost,
  containsCost,
  equalityMeter,
  formatCost,
  joinCost,
  listTraversal,
  regexCost,
  replaceCost,
  splitCost,
  traversal,
} from './costs.js';
import { globals, type Meter, members, type Overload, type RuntimeCost, type StaticCost } from './registry.js';
import { replacements } from './replacements.js';

/** Implemented in this file or in libraries/time.ts; never bridged. */
const NATIVE = new Set(['_==_', '_!=_', '@in', 'size', 'type', 'dyn', 'matches', 'timestamp', 'duration']);
/** Bridged overloads replaced below, where @bufbuild/cel 0.6 differs from cel-go (int(''), split limits). */
const REPLACED = new Set([
  'int_string',
  'uint_string',
  'double_string',
  'bool_string',
  'string_bytes',
  'string_double',
  'split_string_string_int',
  'replace_string_string_string',
  'replace_string_string_string_int',
  'lowerAscii_string',
  'upperAscii_string',
  'strings.quote_string',
]);
const TIME_TYPES = new Set(['google.protobuf.Timestamp', 'google.protobuf.Duration']);
const NUMERIC = new Set(['int', 'uint', 'double']);
const STRINGS_FORMAT = new Set(['format', 'strings.quote']);
const ORDERING = new Set(['_<_', '_<=_', '_>_', '_>=_']);

/** cel-go refuses to order NaN ("NaN values cannot be ordered") where IEEE comparison says false. */
function refuseNaN(impl: (args: Val[]) => Result): (args: Val[]) => Result {
  return (args) =>
    args.some((arg) => typeof arg === 'number' && Number.isNaN(arg))
      ? new ErrorVal('NaN values cannot be ordered', 0)
      : impl(args);
}

function fromBufType(type: CelType): Type | undefined {
  switch (type.kind) {
    case 'scalar':
      switch (type.name) {
        case 'int':
          return INT;
        case 'uint':
          return UINT;
        case 'double':
          return DOUBLE;
        case 'bool':
          return BOOL;
        case 'string':
          return STRING;
        case 'bytes':
          return BYTES;
        case 'null_type':
          return NULL;
        case 'dyn':
          return DYN;
        default:
          return undefined;
      }
    case 'list':
      return listOf(fromBufType(type.element) ?? DYN);
    case 'map':
      return mapOf(fromBufType(type.key) ?? DYN, fromBufType(type.value) ?? DYN);
    default:
      return undefined;
  }
}

const NO_ARGS: Val[] = [];

function bridge(func: CelFunc): Overload | undefined {
  if (NATIVE.has(func.name)) return undefined;
  const all = [...(func.target ? [func.target] : []), ...func.arguments];
  if ([...all, func.result].some((type) => TIME_TYPES.has(type.name))) return undefined;
  const params = all.map(fromBufType);
  const result = func.name === 'split' ? listOf(STRING) : fromBufType(func.result);
  if (params.some((type) => type === undefined) || !result) return undefined;
  if (func.name === '_+_' && params[0]!.kind === 'list') return undefined;
  if (REPLACED.has(`${func.name}_${all.map((type) => type.name).join('_')}`)) return undefined;
  let library: CelLibraryName = 'standard';
  const names = all.map((type) => type.name);
  if (ORDERING.has(func.name) && NUMERIC.has(names[0]!) && NUMERIC.has(names[1]!) && names[0] !== names[1]) {
    library = 'cross-type-numeric-comparisons';
  }
  if (strings.includes(func)) library = STRINGS_FORMAT.has(func.name) ? 'strings-format' : 'strings';
  const member = func.target !== undefined;
  if (func.name === 'format') {
    return {
      ...costOf('format', names),
      id: 'string_format',
      name: 'format',
      member,
      params: params as Type[],
      result,
      library,
      impl: (args) => {
        const formatted = formatString(args[0] as string, args[1] as CelList);
        return typeof formatted === 'string' ? formatted : new ErrorVal(formatted.error, 0);
      },
    };
  }
  const call = member
    ? (args: Val[]) => unwrap(func.call(0, args[0] as never, (args.length === 1 ? NO_ARGS : args.slice(1)) as never))
    : (args: Val[]) => unwrap(func.call(0, undefined, args as never));
  // cel-go: the remainder of the smallest int by -1 overflows, as its quotient does.
  const impl =
    func.name === '_%_' && names[0] === 'int' && names[1] === 'int'
      ? (args: Val[]) =>
          args[0] === -0x8000000000000000n && args[1] === -1n ? new ErrorVal('integer overflow', 0) : call(args)
      : call;
  return {
    id: `${func.name}_${names.join('_')}`.replace(/[^A-Za-z0-9_.]/g, ''),
    name: func.name,
    member,
    params: params as Type[],
    result,
    library,
    impl: ORDERING.has(func.name) ? refuseNaN(impl) : impl,
    ...costOf(func.name, names),
  };
}

function unwrap(result: unknown): Result {
  if (result === undefined) return new ErrorVal('no such overload', 0);
  if (isCelError(result)) return new ErrorVal(celGoMessage(result.message), 0);
  return result as Val;
}

/** @bufbuild/cel's arithmetic errors in cel-go's words, which the API server shows. */
function celGoMessage(message: string): string {
  if (/^u?int divide by zero$/.test(message)) return 'division by zero';
  if (/^u?int modulus by zero$/.test(message)) return 'modulus by zero';
  if (message.startsWith('int overflow')) return 'integer overflow';
  if (message.startsWith('uint overflow')) return 'unsigned integer overflow';
  return message;
}

function costOf(name: string, params: string[]): { cost?: RuntimeCost; estimate?: StaticCost } {
  const sized = params.every((p) => p === 'string' || p === 'bytes');
  switch (name) {
    case '_<_':
    case '_<=_':
    case '_>_':
    case '_>=_':
      return sized ? compareCost : {};
    case '_+_':
      return sized ? concatCost : {};
    case 'startsWith':
    case 'endsWith':
      return traversal(0);
    case 'contains':
      return containsCost;
    case 'string':
    case 'bytes':
      return params[0] === 'bytes' || params[0] === 'string' ? traversal(0) : {};
    case 'lowerAscii':
    case 'upperAscii':
    case 'substring':
    case 'trim':
    case 'strings.quote':
      return traversal(0);
    case 'indexOf':
    case 'lastIndexOf':
      return listTraversal(0);
    case 'replace':
      return replaceCost;
    case 'split':
      return splitCost;
    case 'join':
      return joinCost;
    case 'format':
      return formatCost;
    default:
      return {};
  }
}

function bridged(): Overload[] {
  const env = celEnv({ funcs: strings });
  const out: Overload[] = [];
  for (const func of env.funcs) {
    const overload = bridge(func);
    if (overload) out.push(overload);
  }
  return out;
}

function inList(args: Val[], meter: Meter): Result {
  const list = args[1] as CelList;
  const visit = nested(args[0]!) ? equalityMeter(meter) : undefined;
  for (const element of list) if (equals(element as Val, args[0]!, visit)) return true;
  return false;
}

/** Equality that may compare nested values, and is charged for them (see equalityMeter). */
function metered(args: Val[], meter: Meter): boolean {
  return equals(args[0]!, args[1]!, nested(args[0]!) ? equalityMeter(meter) : undefined);
}

const nested = (value: Val) => isCelList(value) || isCelMap(value);

function inMap(args: Val[]): Result {
  return mapGet(args[1] as CelMap, args[0]!) !== undefined;
}

/**
 * `size()` of a string counts code points, a pass over it that the API server charges as 1. Long
 * strings' counts are kept (the engine sees the same strings of an object again and again, in
 * loops), so that the pass is done once, not once per iteration.
 */
const lengths = new Map<string, bigint>();
const LONG_STRING = 256;

function codePointLength(text: string): bigint {
  const known = text.length >= LONG_STRING ? lengths.get(text) : undefined;
  if (known !== undefined) return known;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  const size = BigInt(n);
  if (text.length >= LONG_STRING) {
    if (lengths.size >= 64) lengths.delete(lengths.keys().next().value as string);
    lengths.set(text, size);
  }
  return size;
}

function sizeOf(value: Val): Result {
  if (typeof value === 'string') return codePointLength(value);
  if (value instanceof Uint8Array) return BigInt(value.length);
  return BigInt((value as CelList | CelMap).size);
}

function concatLists(args: Val[]): Result {
  const [a, b] = args as [CelList, CelList];
  const semantics = listSemantics(a);
  if (semantics) return mergeLists(a, b, semantics);
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  return newList([...a, ...b]);
}

/**
 * `X + Y` of a set list: X, then what Y holds that X does not; of a map list: X with the entries of Y
 * whose keys X has in their place, then the others (the API server's unstructured lists).
 */
function mergeLists(a: CelList, b: CelList, semantics: ListSemantics): Result {
  const keyOf = (v: Val) => (semantics.kind === 'set' ? elementKey(v) : mapListKey(v, semantics.keys));
  const out = [...a] as Val[];
  const at = new Map<string, number>();
  for (const [i, element] of out.entries()) at.set(keyOf(element), i);
  for (const element of b) {
    const key = keyOf(element as Val);
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, out.length);
      out.push(element as Val);
    } else if (semantics.kind === 'map') out[i] = element as Val;
  }
  const merged = newList(out);
  if (merged.size > 0) setListSemantics(merged, semantics);
  return merged;
}

function matches(args: Val[]): Result {
  const regex = compileRegex(args[1] as string);
  if (typeof regex === 'string') return new ErrorVal(regex, 0);
  return regex.test(args[0] as string);
}

export const TYPE_NAMES = [
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'null_type',
  'type',
  'google.protobuf.Timestamp',
  'google.protobuf.Duration',
  'optional_type',
];

function typeOfValue(args: Val[]): Result {
  return new TypeValue(typeName(args[0]!));
}

const LIST_A = listOf(A);
const MAP_AB = mapOf(A, B);

function native(): Overload[] {
  const size = [
    { id: 'size_string', params: [STRING] },
    { id: 'size_bytes', params: [BYTES] },
    { id: 'size_list', params: [LIST_A] },
    { id: 'size_map', params: [MAP_AB] },
  ];
  return [
    ...globals('standard', [
      {
        id: 'equals',
        name: '_==_',
        params: [A, A],
        result: BOOL,
        impl: metered,
        ...compareCost,
      },
      {
        id: 'not_equals',
        name: '_!=_',
        params: [A, A],
        result: BOOL,
        impl: (args, meter) => !metered(args, meter),
        ...compareCost,
      },
      { id: 'in_list', name: '@in', params: [A, LIST_A], result: BOOL, impl: inList, ...listTraversal(1) },
      { id: 'in_map', name: '@in', params: [A, MAP_AB], result: BOOL, impl: inMap },
      { id: 'add_list', name: '_+_', params: [LIST_A, LIST_A], result: LIST_A, impl: concatLists, ...concatCost },
      { id: 'type', name: 'type', params: [A], result: typeOf(DYN), impl: typeOfValue },
      { id: 'to_dyn', name: 'dyn', params: [A], result: DYN, impl: (args) => args[0]! },
      { id: 'matches', name: 'matches', params: [STRING, STRING], result: BOOL, impl: matches, ...regexCost(0, 1) },
      ...size.map((s) => ({
        id: s.id,
        name: 'size',
        params: s.params,
        result: INT,
        impl: (args: Val[]) => sizeOf(args[0]!),
      })),
    ]),
    ...members('standard', [
      {
        id: 'matches_string',
        name: 'matches',
        params: [STRING, STRING],
        result: BOOL,
        impl: matches,
        ...regexCost(0, 1),
      },
      ...size.map((s) => ({
        id: `${s.id}_member`,
        name: 'size',
        params: s.params,
        result: INT,
        impl: (args: Val[]) => sizeOf(args[0]!),
      })),
    ]),
  ];
}

export function standardOverloads(): Overload[] {
  return [...native(), ...replacements(), ...bridged()];
}

export { isCelMap };
