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
