/*
 * Literal conversions the API server refuses when it stores a policy: cel-go converts constant
 * arguments of int(), uint() and double() while building the program, so `int('x')` is a compile
 * error there, not a runtime one.
 */
import { checkFormat } from '../libraries/format-string.js';
import type { Constant, Expr } from '../parser/ast.js';
import { formatType, isDyn, type Type } from './types.js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
/** Go's strconv.ParseFloat without hex floats and underscores. */
const FLOAT_TEXT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

/** Why converting this literal with int(), uint() or double() can never succeed; undefined if it can. */
export function literalConversionError(name: string, value: Constant): string | undefined {
  const error = (from: string) => `type conversion error from '${from}' to '${name}'`;
  if (name === 'int' || name === 'uint') {
    const [min, max] = name === 'int' ? [INT64_MIN, INT64_MAX] : [0n, UINT64_MAX];
    if (value.type === 'string') {
      const text = value.value;
      const valid = name === 'int' ? /^[+-]?\d+$/.test(text) : /^\+?\d+$/.test(text);
      return valid && BigInt(text) >= min && BigInt(text) <= max ? undefined : error('string');
    }
    if (value.type === 'double') {
      const v = value.value;
      const inRange = name === 'int' ? v >= -(2 ** 63) && v < 2 ** 63 : v >= 0 && v < 2 ** 64;
      return Number.isFinite(v) && inRange ? undefined : `${name === 'int' ? 'integer' : 'unsigned integer'} overflow`;
    }
    if ((value.type === 'int' || value.type === 'uint') && (value.value < min || value.value > max)) {
      return `${name === 'int' ? 'integer' : 'unsigned integer'} overflow`;
    }
    return undefined;
  }
  if (name === 'double' && value.type === 'string') {
    const text = value.value;
    if (!FLOAT_TEXT.test(text)) return error('string');
    return Number.isFinite(Number(text)) || /inf|nan/i.test(text) ? undefined : error('string');
  }
  return undefined;
}

/**
 * Why `'<format>'.format([<args>])` with a literal format string and a literal list can never
 * succeed, in cel-go's words: the runtime's parse of the format string (format-string.ts), each
 * clause checked against the static type of its argument as cel-go's format validator checks it.
 */
export function formatCallError(
  format: string,
  args: readonly Expr[],
  typeOf: (expr: Expr) => Type | undefined,
): string | undefined {
  return checkFormat(format, args, (verb, arg) => clauseProblem(verb, arg, typeOf));
}

/** The kinds each clause takes (`%f` and `%e` also take the strings NaN, Infinity, -Infinity). */
const CLAUSE_KINDS: Record<string, { kinds: readonly string[]; message: string }> = {
  d: { kinds: ['int', 'uint'], message: 'decimal clause can only be used on integers' },
  f: { kinds: ['double', 'string'], message: 'fixed-point clause can only be used on doubles' },
  e: { kinds: ['double', 'string'], message: 'scientific clause can only be used on doubles' },
  b: { kinds: ['int', 'uint', 'bool'], message: 'only integers and bools can be formatted as binary' },
  x: {
    kinds: ['int', 'uint', 'string', 'bytes'],
    message: 'only integers, byte buffers, and strings can be formatted as hex',
  },
  o: { kinds: ['int', 'uint'], message: 'octal clause can only be used on integers' },
};
CLAUSE_KINDS.X = CLAUSE_KINDS.x!;

const STRING_KINDS = [
  'list',
  'map',
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'google.protobuf.Timestamp',
  'bytes',
  'google.protobuf.Duration',
  'type',
  'null_type',
];

function clauseProblem(verb: string, arg: Expr, typeOf: (expr: Expr) => Type | undefined): string | undefined {
  if (verb === 's') return stringProblem(arg, typeOf);
  const type = typeOf(arg);
  const { kinds, message } = CLAUSE_KINDS[verb]!;
  return !type || isDyn(type) || kinds.includes(kindName(type)) ? undefined : `${message}, was given ${kindName(type)}`;
}

/** `%s` takes scalars, times, types and null, and lists and maps of them (a literal's elements are checked too). */
function stringProblem(arg: Expr, typeOf: (expr: Expr) => Type | undefined): string | undefined {
  const type = typeOf(arg);
  if (type && !isDyn(type) && !STRING_KINDS.includes(kindName(type))) {
    return `string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given ${kindName(type)}`;
  }
  const parts =
    arg.kind === 'list' ? arg.elements : arg.kind === 'map' ? arg.entries.flatMap((e) => [e.key, e.value]) : [];
  for (const part of parts) {
    const problem = stringProblem(part, typeOf);
    if (problem) return problem;
  }
  return undefined;
}

/** A type's name as cel-go's TypeName gives it (`list`, `google.protobuf.Timestamp`, `kubernetes.Quantity`). */
function kindName(type: Type): string {
  switch (type.kind) {
    case 'primitive':
      return formatType(type);
    case 'opaque':
    case 'object':
      return type.name;
    default:
      return type.kind;
  }
}
