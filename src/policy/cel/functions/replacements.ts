/**
 * Standard overloads where @bufbuild/cel 0.6.1 differs from cel-go: `int('')` and `double('')` are
 * errors in cel-go (BigInt('') and Number('') are 0), `bool('T')` is true (Go's ParseBool),
 * `string(double)` is Go's `%g` (`1.234567e+06`), `split(sep, n)` follows Go's SplitN and `replace` Go's Replace (@bufbuild/cel's ignores a negative
 * count and rebuilds the string once per occurrence, quadratic in it). `lowerAscii`, `upperAscii`
 * and `strings.quote` are rewritten for speed: @bufbuild/cel appends one character at a time.
 */
import { BOOL, BYTES, DOUBLE, INT, listOf, STRING, UINT } from '../checker/types.js';
import { goShortest } from '../libraries/go-numbers.js';
import { celUint, ErrorVal, newList, type Result, type Val } from '../values.js';
import { replaceCost, splitCost, traversal } from './costs.js';
import { globals, members, type Overload } from './registry.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** More significant digits than any 64-bit integer has: out of range without parsing them all. */
const MAX_INTEGER_DIGITS = 20;

function parseInteger(text: string, unsigned: boolean): Result {
  const type = unsigned ? 'uint' : 'int';
  const failure = new ErrorVal(`type conversion error from 'string' to '${type}'`, 0);
  if (!(unsigned ? /^\d+$/ : /^[+-]?\d+$/).test(text)) return failure;
  let first = text[0] === '+' || text[0] === '-' ? 1 : 0;
  while (first < text.length - 1 && text[first] === '0') first++;
  if (text.length - first > MAX_INTEGER_DIGITS) return failure;
  const value = BigInt(text);
  if (unsigned ? value > 2n ** 64n - 1n : value < INT64_MIN || value > INT64_MAX) return failure;
  return unsigned ? celUint(value) : value;
}

/**
 * Go's strconv.ParseFloat: decimal with optional exponent, or inf / infinity / nan. The pattern has
 * one way to match any input (the fraction needs its point), so a long run of digits that fails at
 * its end is rejected in one pass instead of the quadratic backtracking of `\d+\.?\d*`.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseDouble(text: string): Result {
  // Go's ParseFloat refuses what overflows a double (1e400), where Number() gives Infinity.
  if (DECIMAL.test(text)) return Number.isFinite(Number(text)) ? Number(text) : DOUBLE_FAILURE;
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special) return special[2]!.toLowerCase() === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity;
  return DOUBLE_FAILURE;
}

/** cel-go's message for a string that is not a number: it names no value. */
const DOUBLE_FAILURE = new ErrorVal("type conversion error from 'string' to 'double'", 0);

/** Go's strings.SplitN: n < 0 all, n == 0 none, else at most n parts, the last one the rest. */
function splitN(text: string, separator: string, n: number): string[] {
  if (n === 0) return [];
  const parts = separator === '' ? [...text] : text.split(separator);
  if (n < 0 || parts.length <= n) return parts;
  const head = parts.slice(0, n - 1);
  return [...head, parts.slice(n - 1).join(separator)];
}

/** Go's strconv.ParseBool, which cel-go's bool(string) is. */
const BOOLEANS = new Map<string, boolean>([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((text): [string, boolean] => [text, true]),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((text): [string, boolean] => [text, false]),
]);

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function bytesToString(bytes: Uint8Array): Result {
  try {
    return UTF8.decode(bytes);
  } catch {
    return new ErrorVal('invalid UTF-8 in bytes, cannot convert to string', 0);
  }
}

/**
 * Go's strings.Replace: the first `n` (all when negative) non-overlapping occurrences; an empty
 * `from` matches before every rune and at the end. Built from parts, in time linear in the result.
 */
function replaceN(text: string, from: string, to: string, n: number): string {
  if (n === 0 || from === to) return text;
  if (from === '') {
    const runes = [...text];
    const inserts = n < 0 ? runes.length + 1 : Math.min(n, runes.length + 1);
    const parts: string[] = [];
    for (let i = 0; i < runes.length; i++) parts.push(i < inserts ? to : '', runes[i]!);
    if (inserts > runes.length) parts.push(to);
    return parts.join('');
  }
  if (n < 0) return text.split(from).join(to);
  const parts: string[] = [];
  let pos = 0;
  for (let at = text.indexOf(from), count = 0; at >= 0 && count < n; at = text.indexOf(from, pos), count++) {
    parts.push(text.slice(pos, at), to);
    pos = at + from.length;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

const QUOTED = new Map([
  ['\0', '\\0'],
  ['\x07', '\\a'],
  ['\b', '\\b'],
  ['\t', '\\t'],
  ['\n', '\\n'],
  ['\v', '\\v'],
  ['\f', '\\f'],
  ['\r', '\\r'],
  ['"', '\\"'],
  ['\\', '\\\\'],
]);

export function replacements(): Overload[] {
  const string = (args: Val[]) => args[0] as string;
  return [
    ...globals('standard', [
      {
        id: 'string_to_int64',
        name: 'int',
        params: [STRING],
        result: INT,
        impl: (args) => parseInteger(string(args), false),
        ...traversal(0),
      },
      {
        id: 'string_to_uint64',
        name: 'uint',
        params: [STRING],
        result: UINT,
        impl: (args) => parseInteger(string(args), true),
        ...traversal(0),
      },
      {
        id: 'string_to_double',
        name: 'double',
        params: [STRING],
        result: DOUBLE,
        impl: (args) => parseDouble(string(args)),
        ...traversal(0),
      },
      {
        id: 'string_to_bool',
        name: 'bool',
        params: [STRING],
        result: BOOL,
        impl: (args) => BOOLEANS.get(string(args)) ?? new ErrorVal("type conversion error from 'string' to 'bool'", 0),
        ...traversal(0),
      },
      {
        id: 'bytes_to_string',
        name: 'string',
        params: [BYTES],
        result: STRING,
        impl: (args) => bytesToString(args[0] as Uint8Array),
        ...traversal(0),
      },
      {
        id: 'double_to_string',
        name: 'string',
        params: [DOUBLE],
        result: STRING,
        impl: (args) => goShortest(args[0] as number),
      },
    ]),
    ...members('strings', [
      {
        id: 'string_split_string_int',
        name: 'split',
        params: [STRING, STRING, INT],
        result: listOf(STRING),
        impl: (args) => newList(splitN(string(args), args[1] as string, Number(args[2] as bigint))),
        ...splitCost,
      },
      {
        id: 'string_replace_string_string',
        name: 'replace',
        params: [STRING, STRING, STRING],
        result: STRING,
        impl: (args) => replaceN(string(args), args[1] as string, args[2] as string, -1),
        ...replaceCost,
      },
      {
        id: 'string_replace_string_string_int',
        name: 'replace',
        params: [STRING, STRING, STRING, INT],
        result: STRING,
        impl: (args) => replaceN(string(args), args[1] as string, args[2] as string, Number(args[3] as bigint)),
        ...replaceCost,
      },
      {
        id: 'string_lower_ascii',
        name: 'lowerAscii',
        params: [STRING],
        result: STRING,
        impl: (args) => string(args).replace(/[A-Z]+/g, (run) => run.toLowerCase()),
        ...traversal(0),
      },
      {
        id: 'string_upper_ascii',
        name: 'upperAscii',
        params: [STRING],
        result: STRING,
        impl: (args) => string(args).replace(/[a-z]+/g, (run) => run.toUpperCase()),
        ...traversal(0),
      },
    ]),
    ...globals('strings-format', [
      {
        id: 'strings_quote',
        name: 'strings.quote',
        params: [STRING],
        result: STRING,
        impl: (args) => `"${string(args).replace(/[\0\x07\b\t\n\v\f\r"\\]/g, (c) => QUOTED.get(c)!)}"`,
        ...traversal(0),
      },
    ]),
  ];
}
