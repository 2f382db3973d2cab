/*
 * Literal conversions the API server refuses when it stores a policy: cel-go converts constant
 * arguments of int(), uint() and double() while building the program, so `int('x')` is a compile
 * error there, not a runtime one.
 */
import type { Constant } from '../parser/ast.js';

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

/** The static types each format clause takes (cel-go's format validator); `dyn` passes every clause. */
const CLAUSE_TYPES: Record<string, readonly string[]> = {
  d: ['int', 'uint'],
  f: ['double', 'string'],
  e: ['double', 'string'],
  x: ['int', 'uint', 'string', 'bytes'],
  X: ['int', 'uint', 'string', 'bytes'],
  o: ['int', 'uint'],
  b: ['int', 'uint', 'bool'],
};

/**
 * Why `'<format>'.format([<args>])` with a literal format string and a literal list can never
 * succeed: an unknown clause, a clause given an argument type it cannot format, or a count that
 * does not match. `argTypes` are the static types of the list's elements (`dyn` for unknown).
 */
export function formatCallError(format: string, argTypes: readonly string[]): string | undefined {
  let index = 0;
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    i++;
    if (format[i] === '%') continue;
    // An optional precision: %.2f
    if (format[i] === '.') {
      i++;
      while (i < format.length && /[0-9]/.test(format[i] as string)) i++;
    }
    const clause = format[i];
    if (clause === undefined) return 'unexpected end of format string';
    if (clause !== 's' && !(clause in CLAUSE_TYPES))
      return `could not parse formatting clause: unrecognized formatting clause "${clause}"`;
    if (index >= argTypes.length) return `index ${index} out of range`;
    const type = argTypes[index] as string;
    const allowed = CLAUSE_TYPES[clause];
    if (allowed && type !== 'dyn' && !allowed.includes(type))
      return `error during formatting: clause "${clause}" cannot format ${type}`;
    index++;
  }
  if (index < argTypes.length)
    return `too many arguments supplied to string.format (expected ${index}, got ${argTypes.length})`;
  return undefined;
}
