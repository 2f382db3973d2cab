/**
 * Standard overloads where @bufbuild/cel 0.6.1 differs from cel-go: `int('')` and `double('')` are
 * errors in cel-go (BigInt('') and Number('') are 0), and `split(sep, n)` follows Go's SplitN.
 */
import { DOUBLE, INT, listOf, STRING, UINT } from '../checker/types.js';
import { celUint, ErrorVal, newList, type Result } from '../values.js';
import { globals, members, type Overload, type RuntimeCost, type StaticCost } from './registry.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function parseInteger(text: string, unsigned: boolean): Result {
  if (!(unsigned ? /^\d+$/ : /^[+-]?\d+$/).test(text))
    return new ErrorVal(`cannot convert '${text}' to ${unsigned ? 'uint' : 'int'}`, 0);
  const value = BigInt(text);
  if (unsigned ? value > 2n ** 64n - 1n : value < INT64_MIN || value > INT64_MAX)
    return new ErrorVal(`${unsigned ? 'uint' : 'int'} overflow: '${text}'`, 0);
  return unsigned ? celUint(value) : value;
}

/** Go's strconv.ParseFloat: decimal with optional exponent, or inf / infinity / nan. */
function parseDouble(text: string): Result {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special) return special[2]!.toLowerCase() === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity;
  return new ErrorVal(`cannot convert '${text}' to double`, 0);
}

/** Go's strings.SplitN: n < 0 all, n == 0 none, else at most n parts, the last one the rest. */
function splitN(text: string, separator: string, n: number): string[] {
  if (n === 0) return [];
  const parts = separator === '' ? [...text] : text.split(separator);
  if (n < 0 || parts.length <= n) return parts;
  const head = parts.slice(0, n - 1);
  return [...head, parts.slice(n - 1).join(separator)];
}

export function replacements(splitCost: { cost?: RuntimeCost; estimate?: StaticCost }): Overload[] {
  return [
    ...globals('standard', [
      {
        id: 'string_to_int64',
        name: 'int',
        params: [STRING],
        result: INT,
        impl: (args) => parseInteger(args[0] as string, false),
      },
      {
        id: 'string_to_uint64',
        name: 'uint',
        params: [STRING],
        result: UINT,
        impl: (args) => parseInteger(args[0] as string, true),
      },
      {
        id: 'string_to_double',
        name: 'double',
        params: [STRING],
        result: DOUBLE,
        impl: (args) => parseDouble(args[0] as string),
      },
    ]),
    ...members('strings', [
      {
        id: 'string_split_string_int',
        name: 'split',
        params: [STRING, STRING, INT],
        result: listOf(STRING),
        impl: (args) => newList(splitN(args[0] as string, args[1] as string, Number(args[2] as bigint))),
        ...splitCost,
      },
    ]),
  ];
}
