/**
 * `<string>.format(<list>)` as the API server runs it: cel-go's strings extension at version 2,
 * whose formatter prints `%f` and `%e` through golang.org/x/text's en_US printer (`1,234.568`,
 * `1.234568×10⁰³`), lists and maps as CEL literals (doubles as `%.6f`, strings quoted as Go's
 * `%q`), and reports errors in its words ("error during formatting: …").
 */
import { type CelList, type CelMap, isCelList, isCelMap, isCelUint, TypeValue, typeName, type Val } from '../values.js';
import { goFixed, goQuote, goShortest, localeFixed, localeScientific } from './go-numbers.js';
import { DurationValue, TimestampValue } from './time-values.js';

class FormatError extends Error {}

const fail = (message: string): never => {
  throw new FormatError(message);
};

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The formatted string, or the error message cel-go gives. */
export function formatString(format: string, args: CelList): string | { error: string } {
  try {
    const arg = (i: number) => (i < args.size ? (args.get(i) as Val) : fail(`index ${i} out of range`));
    return walk(format, args.size, arg, clauseFor);
  } catch (error) {
    if (error instanceof FormatError) return { error: error.message };
    throw error;
  }
}

/**
 * cel-go's format validator, which the API server runs on `'<literal>'.format([<list literal>])`
 * when it compiles: the same parse of the format string, each clause given its argument to `verify`
 * (a reason it cannot format it, or undefined), and no argument left over. Undefined when it passes.
 */
export function checkFormat<T>(
  format: string,
  args: readonly T[],
  verify: (verb: string, arg: T) => string | undefined,
): string | undefined {
  let used = 0;
  const arg = (i: number) => {
    used = i + 1;
    return args[i] as T;
  };
  const clause = (verb: string) => {
    if (!VERBS.has(verb)) parseFail(`unrecognized formatting clause "${verb}"`);
    return (value: T) => {
      const problem = verify(verb, value);
      return problem === undefined ? '' : fail(problem);
    };
  };
  try {
    walk(format, args.length, arg, clause);
  } catch (error) {
    if (error instanceof FormatError) return error.message;
    throw error;
  }
  return used < args.length
    ? `too many arguments supplied to string.format (expected ${used}, got ${args.length})`
    : undefined;
}

const VERBS = new Set(['s', 'd', 'f', 'e', 'b', 'x', 'X', 'o']);

/** cel-go's parseFormatString: text as it is, `%%` a percent, each clause `%[.precision]verb` given the next argument. */
function walk<T>(
  format: string,
  size: number,
  arg: (i: number) => T,
  clauseOf: (verb: string, precision: number | undefined) => (value: T) => string,
): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < format.length; ) {
    const char = format[i]!;
    if (char !== '%') {
      out += char;
      i++;
      continue;
    }
    if (format[i + 1] === '%') {
      out += '%';
      i += 2;
      continue;
    }
    // The order of cel-go's checks: the argument (which fails at runtime when there is none), the end
    // of the string, then the count (which the compile-time check, whose arguments never fail, meets).
    const value = arg(next);
    if (i + 1 >= format.length) fail('unexpected end of string');
    if (next++ >= size) fail(`index ${next - 1} out of range`);
    let j = i + 1;
    let precision: number | undefined;
    if (format[j] === '.') {
      const from = ++j;
      while (j < format.length && format.charCodeAt(j) >= 48 && format.charCodeAt(j) <= 57) j++;
      if (j >= format.length) parseFail('error while parsing precision: could not find end of precision specifier');
      precision = parsePrecision(format.slice(from, j));
    }
    const print = clauseOf(format[j]!, precision);
    out += formatting(print, value);
    i = j + 1;
  }
  return out;
}

/** Go's strconv.Atoi of the digits after `%.`. */
function parsePrecision(digits: string): number {
  const atoi = 'error while parsing precision: error while converting precision to integer: strconv.Atoi';
  if (digits === '') parseFail(`${atoi}: parsing "": invalid syntax`);
  const value = BigInt(digits.length > 20 ? `1${'0'.repeat(20)}` : digits);
  if (value > 2n ** 63n - 1n) parseFail(`${atoi}: parsing "${digits}": value out of range`);
  return Number(value);
}

function parseFail(message: string): never {
  return fail(`could not parse formatting clause: ${message}`);
}

function formatting<T>(print: (value: T) => string, value: T): string {
  try {
    return print(value);
  } catch (error) {
    if (error instanceof FormatError) fail(`error during formatting: ${error.message}`);
    throw error;
  }
}

function clauseFor(verb: string, precision: number | undefined): (value: Val) => string {
  switch (verb) {
    case 's':
      return formatValue;
    case 'd':
      return (value) => integer(value, 10, 'decimal clause can only be used on integers');
    case 'f':
      return (value) => localeFixed(floating(value, 'fixed-point'), precision ?? 6);
    case 'e':
      return (value) => localeScientific(floating(value, 'scientific'), precision ?? 6);
    case 'b':
      return (value) =>
        typeof value === 'boolean'
          ? value
            ? '1'
            : '0'
          : integer(value, 2, 'only integers and bools can be formatted as binary');
    case 'x':
    case 'X': {
      const hex = (value: Val) => {
        if (typeof value === 'string') return bytesHex(new TextEncoder().encode(value));
        if (value instanceof Uint8Array) return bytesHex(value);
        return integer(value, 16, 'only integers, byte buffers, and strings can be formatted as hex');
      };
      return verb === 'x' ? hex : (value) => hex(value).toUpperCase();
    }
    case 'o':
      return (value) => integer(value, 8, 'octal clause can only be used on integers');
    default:
      return parseFail(`unrecognized formatting clause "${verb}"`);
  }
}

function integer(value: Val, radix: number, message: string): string {
  if (typeof value === 'bigint') return value.toString(radix);
  if (isCelUint(value)) return value.value.toString(radix);
  return fail(`${message}, was given ${typeName(value)}`);
}

/** A double, or one of the strings that name the special doubles. */
function floating(value: Val, clause: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return fail(`${clause} clause can only be used on doubles, was given ${typeName(value)}`);
}

function bytesHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** `%s`: a value as cel-go's string conversion shows it; lists and maps as CEL literals. */
function formatValue(value: Val): string {
  if (isCelList(value)) return formatList(value as CelList);
  if (isCelMap(value)) return formatMap(value as CelMap);
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'number':
      return goShortest(value);
  }
  if (value === null) return 'null';
  if (isCelUint(value)) return String(value.value);
  if (value instanceof Uint8Array) return utf8(value);
  if (value instanceof TimestampValue || value instanceof DurationValue || value instanceof TypeValue)
    return String(value);
  return fail(
    `string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given ${typeName(value)}`,
  );
}

function utf8(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return fail('could not convert argument "invalid UTF-8 in bytes, cannot convert to string" to string');
  }
}

/** An element of a list or map: numbers as Go prints them, strings and bytes quoted, times as calls. */
function element(value: Val): string {
  if (typeof value === 'number') return Number.isFinite(value) ? goFixed(value) : goQuote(goFixed(value));
  if (typeof value === 'string') return goQuote(value);
  if (value instanceof Uint8Array) return `b${goQuote(utf8(value))}`;
  if (value instanceof TimestampValue) return `timestamp(${goQuote(String(value))})`;
  if (value instanceof DurationValue) return `duration(${goQuote(String(value))})`;
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'bigint' ||
    isCelUint(value) ||
    value instanceof TypeValue ||
    isCelList(value) ||
    isCelMap(value)
  )
    return formatValue(value);
  return fail(`no formatting function for ${typeName(value)}`);
}

function formatList(list: CelList): string {
  const parts: string[] = [];
  for (const item of list) parts.push(element(item as Val));
  return `[${parts.join(', ')}]`;
}

function formatMap(map: CelMap): string {
  const pairs: [string, string][] = [];
  for (const [key, value] of map) {
    let shown: string;
    if (typeof key === 'string') shown = goQuote(key);
    else if (typeof key === 'boolean' || typeof key === 'bigint') shown = String(key);
    else if (isCelUint(key)) shown = String(key.value);
    else shown = fail(`no formatting function for map key of type ${typeName(key as Val)}`);
    pairs.push([shown, element(value as Val)]);
  }
  // Go sorts the printed keys as bytes, which is code point order, not JavaScript's UTF-16 order.
  pairs.sort(([a], [b]) => compareCodePoints(a, b));
  return `{${pairs.map(([key, value]) => `${key}:${value}`).join(', ')}}`;
}

function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** How many characters the precisions of a format string add to what it prints (charged before it runs). */
export function precisionWidth(format: string): number {
  let total = 0;
  for (let at = format.indexOf('%.'); at >= 0; at = format.indexOf('%.', at + 2)) {
    let end = at + 2;
    while (end < format.length && format.charCodeAt(end) >= 48 && format.charCodeAt(end) <= 57) end++;
    if (end - at - 2 > 15) return Number.POSITIVE_INFINITY;
    total += Number(format.slice(at + 2, end) || '0');
  }
  return total;
}
