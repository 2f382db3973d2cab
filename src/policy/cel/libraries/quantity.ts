/**
 * The Kubernetes quantity library (1.28+): resource.Quantity strings (`500m`, `1.5Gi`, `2e3`) as exact
 * decimals. A value is `digits × 10^exponent`, with the trailing zeros of `digits` moved into the
 * exponent; binary suffixes (Ki…Ei) are exact integers too, so comparison and arithmetic never round
 * — except where ParseQuantity itself rounds: up to the nanounit, and binary values down to 2^63-1.
 *
 * Hostile values stay cheap: a value is never written out to its exponent (`1E999999999` compares
 * by magnitude first), and parsing and arithmetic refuse more than MAX_QUANTITY_DIGITS significant
 * digits, where an exact result would need millions of them.
 */
import { BOOL, DOUBLE, INT, opaque, STRING } from '../checker/types.js';
import { nominal, traversal } from '../functions/costs.js';
import { globals, members, type Overload } from '../functions/registry.js';
import { ErrorVal, OpaqueValue, type Result, type Val } from '../values.js';

export const QUANTITY_TYPE = opaque('kubernetes.Quantity');

const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;
/** ParseQuantity's smallest unit: 10^-9. */
const NANO = -9;
/** More significant digits than any real quantity has; beyond it parsing and arithmetic stop. */
export const MAX_QUANTITY_DIGITS = 1000;
/** ParseQuantity reads the exponent of `1e…` as an int32. */
const MAX_EXPONENT = 2 ** 31 - 1;

const DECIMAL_SUFFIX: ReadonlyMap<string, number> = new Map([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);
const BINARY_SUFFIX: ReadonlyMap<string, number> = new Map([
  ['Ki', 1],
  ['Mi', 2],
  ['Gi', 3],
  ['Ti', 4],
  ['Pi', 5],
  ['Ei', 6],
]);

const FORMAT_WRONG = `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
const SUFFIX_WRONG = "unable to parse quantity's suffix";
const TOO_PRECISE = `unable to parse quantity's numeric part: more than ${MAX_QUANTITY_DIGITS} significant digits`;
const TOO_LARGE = `quantity arithmetic: an exact result would have more than ${MAX_QUANTITY_DIGITS} significant digits`;

export class QuantityValue extends OpaqueValue {
  readonly typeName = 'kubernetes.Quantity';
  constructor(
    /** value = digits × 10^exponent, digits without trailing zeros (0 has exponent 0). */
    readonly digits: bigint,
    readonly exponent: number,
    readonly text: string,
  ) {
    super();
  }
  equals(other: Val): boolean {
    return other instanceof QuantityValue && compareQuantities(this, other) === 0;
  }
  override costSize(): number {
    return this.text.length;
  }
  toJs(): unknown {
    return this.text;
  }
  override toString(): string {
    return this.text;
  }
}

/** Number of decimal digits of a non-zero magnitude. */
const digitCount = (digits: bigint) => (digits < 0n ? -digits : digits).toString().length;

/** Order of magnitude: the value lies in [10^(m-1), 10^m). */
const magnitude = (q: QuantityValue) => digitCount(q.digits) + q.exponent;

export function compareQuantities(a: QuantityValue, b: QuantityValue): number {
  const sa = a.digits < 0n ? -1 : a.digits > 0n ? 1 : 0;
  const sb = b.digits < 0n ? -1 : b.digits > 0n ? 1 : 0;
  if (sa !== sb || sa === 0) return Math.sign(sa - sb);
  const ma = magnitude(a);
  const mb = magnitude(b);
  // Different magnitudes decide without writing either value out; equal ones differ in exponent by
  // at most their digit count, so aligning them is cheap.
  if (ma !== mb) return ma > mb ? sa : -sa;
  const exponent = Math.min(a.exponent, b.exponent);
  const x = a.digits * 10n ** BigInt(a.exponent - exponent);
  const y = b.digits * 10n ** BigInt(b.exponent - exponent);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** digits × 10^exponent with the trailing zeros moved into the exponent. */
function normalized(digits: bigint, exponent: number): [bigint, number] {
  if (digits === 0n) return [0n, 0];
  const text = (digits < 0n ? -digits : digits).toString();
  let zeros = 0;
  while (text.charCodeAt(text.length - 1 - zeros) === 48) zeros++;
  return zeros ? [digits / 10n ** BigInt(zeros), exponent + zeros] : [digits, exponent];
}

/** The decimal form, or `digits e exponent` when writing the zeros out would be long. */
function decimalText(digits: bigint, exponent: number): string {
  const negative = digits < 0n;
  const abs = (negative ? -digits : digits).toString();
  let text: string;
  if (exponent >= 0) text = abs.length + exponent > 40 ? `${abs}e${exponent}` : abs + '0'.repeat(exponent);
  else {
    const padded = abs.padStart(-exponent + 1, '0');
    const point = padded.length + exponent;
    text = `${padded.slice(0, point)}.${padded.slice(point)}`;
  }
  return `${negative ? '-' : ''}${text}`;
}

function fromParts(digits: bigint, exponent: number): QuantityValue {
  const [d, e] = normalized(digits, exponent);
  return new QuantityValue(d, e, decimalText(d, e));
}

/** ParseQuantity: sign, digits with an optional point, a suffix; rounded up to the nanounit. */
export function parseQuantity(text: string): QuantityValue | string {
  // The `s` flag lets the last group take any rest, so a failing input is read once, not backtracked.
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/s.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return FORMAT_WRONG;
  const sign = m[1] ?? '';
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  const suffix = m[4] ?? '';
  let exponent = -fraction.length;
  let binary = 0;
  const decimal = DECIMAL_SUFFIX.get(suffix);
  if (decimal !== undefined) exponent += decimal;
  else if (BINARY_SUFFIX.has(suffix)) binary = BINARY_SUFFIX.get(suffix)!;
  else {
    const e = /^[eE]([+-]?)(\d+)$/.exec(suffix);
    if (!e) return /^[eEinumkKMGTP]*[-+]?\d*$/.test(suffix) ? SUFFIX_WRONG : FORMAT_WRONG;
    const value = e[2]!.replace(/^0+(?=\d)/, '');
    if (value.length > 10 || Number(value) > MAX_EXPONENT) return SUFFIX_WRONG;
    exponent += (e[1] === '-' ? -1 : 1) * Number(value);
  }
  // Significant digits only: leading zeros dropped, trailing zeros moved into the exponent.
  let all = `${whole}${fraction}`;
  let first = 0;
  while (first < all.length - 1 && all.charCodeAt(first) === 48) first++;
  let last = all.length;
  while (last > first + 1 && all.charCodeAt(last - 1) === 48) last--;
  exponent += all.length - last;
  all = all.slice(first, last);
  if (all.length > MAX_QUANTITY_DIGITS) return TOO_PRECISE;
  let digits = BigInt(all || '0');
  if (digits === 0n) return new QuantityValue(0n, 0, text);
  if (binary) {
    digits *= 1024n ** BigInt(binary);
    // ParseQuantity caps a binary quantity at 2^63-1 (resource.maxAllowed).
    const m = digitCount(digits) + exponent;
    const over =
      m > 19 ||
      (m === 19 &&
        (exponent >= 0 ? digits * 10n ** BigInt(exponent) : digits) >
          INT64_MAX * 10n ** BigInt(Math.max(0, -exponent)));
    if (over) return fromText(INT64_MAX, 0, sign, text);
  }
  if (exponent < NANO) {
    // Rounded up (away from zero) to the nanounit, like ParseQuantity.
    const shift = NANO - exponent;
    const scale = digitCount(digits) <= shift ? undefined : 10n ** BigInt(shift);
    digits = scale === undefined ? 1n : (digits + scale - 1n) / scale;
    exponent = NANO;
  }
  return fromText(digits, exponent, sign, text);
}

function fromText(digits: bigint, exponent: number, sign: string, text: string): QuantityValue {
  const [d, e] = normalized(sign === '-' ? -digits : digits, exponent);
  return new QuantityValue(d, e, text);
}

function asInteger(q: QuantityValue): bigint | undefined {
  // resource.Quantity keeps a binary-suffixed number with a fraction ("1.5Gi", even "0.5Ki" = 512)
  // as an arbitrary-precision decimal, and its AsInt64 refuses those whatever their value.
  if (/\.\d*[KMGTPE]i$/.test(q.text)) return undefined;
  if (q.digits === 0n) return 0n;
  if (q.exponent >= 0) {
    if (magnitude(q) > 19) return undefined;
    const value = q.digits * 10n ** BigInt(q.exponent);
    return value > INT64_MAX || value < INT64_MIN ? undefined : value;
  }
  // Digits are normalized (no trailing zeros): a negative exponent means a fraction.
  return undefined;
}

function arithmetic(sign: 1n | -1n) {
  return (args: Val[]): Result => {
    const a = args[0] as QuantityValue;
    const b = typeof args[1] === 'bigint' ? fromParts(args[1], 0) : (args[1] as QuantityValue);
    if (b.digits === 0n) return a;
    if (a.digits === 0n) return sign === 1n ? b : fromParts(-b.digits, b.exponent);
    const exponent = Math.min(a.exponent, b.exponent);
    const width = Math.max(magnitude(a), magnitude(b)) - exponent;
    if (width > MAX_QUANTITY_DIGITS) return new ErrorVal(TOO_LARGE, 0);
    const x = a.digits * 10n ** BigInt(a.exponent - exponent);
    const y = b.digits * 10n ** BigInt(b.exponent - exponent);
    return fromParts(x + sign * y, exponent);
  };
}

const q = (args: Val[], i = 0) => args[i] as QuantityValue;

export function quantityOverloads(): Overload[] {
  return [
    ...globals('quantity', [
      {
        id: 'string_to_quantity',
        name: 'quantity',
        params: [STRING],
        result: QUANTITY_TYPE,
        impl: (args) => {
          const parsed = parseQuantity(args[0] as string);
          return typeof parsed === 'string' ? new ErrorVal(parsed, 0) : parsed;
        },
        ...traversal(0),
      },
      {
        id: 'quantity_is_quantity',
        name: 'isQuantity',
        params: [STRING],
        result: BOOL,
        impl: (args) => typeof parseQuantity(args[0] as string) !== 'string',
        ...traversal(0),
      },
      // A global function upstream (cel.Overload, not MemberOverload): sign(q), never q.sign().
      {
        id: 'quantity_sign',
        name: 'sign',
        params: [QUANTITY_TYPE],
        result: INT,
        impl: (args) => BigInt(Math.sign(Number(q(args).digits))),
        ...nominal(1),
      },
    ]),
    ...members('quantity', [
      {
        id: 'quantity_is_integer',
        name: 'isInteger',
        params: [QUANTITY_TYPE],
        result: BOOL,
        impl: (args) => asInteger(q(args)) !== undefined,
        ...nominal(1),
      },
      {
        id: 'quantity_get_int',
        name: 'asInteger',
        params: [QUANTITY_TYPE],
        result: INT,
        impl: (args) => asInteger(q(args)) ?? new ErrorVal('cannot convert value to integer', 0),
        ...nominal(1),
      },
      {
        id: 'quantity_get_float',
        name: 'asApproximateFloat',
        params: [QUANTITY_TYPE],
        result: DOUBLE,
        impl: (args) => Number(`${q(args).digits}e${q(args).exponent}`),
        ...nominal(1),
      },
      {
        id: 'quantity_add',
        name: 'add',
        params: [QUANTITY_TYPE, QUANTITY_TYPE],
        result: QUANTITY_TYPE,
        impl: arithmetic(1n),
        ...nominal(1),
      },
      {
        id: 'quantity_add_int',
        name: 'add',
        params: [QUANTITY_TYPE, INT],
        result: QUANTITY_TYPE,
        impl: arithmetic(1n),
        ...nominal(1),
      },
      {
        id: 'quantity_sub',
        name: 'sub',
        params: [QUANTITY_TYPE, QUANTITY_TYPE],
        result: QUANTITY_TYPE,
        impl: arithmetic(-1n),
        ...nominal(1),
      },
      {
        id: 'quantity_sub_int',
        name: 'sub',
        params: [QUANTITY_TYPE, INT],
        result: QUANTITY_TYPE,
        impl: arithmetic(-1n),
        ...nominal(1),
      },
      {
        id: 'quantity_less',
        name: 'isLessThan',
        params: [QUANTITY_TYPE, QUANTITY_TYPE],
        result: BOOL,
        impl: (args) => compareQuantities(q(args), q(args, 1)) < 0,
        ...nominal(1),
      },
      {
        id: 'quantity_greater',
        name: 'isGreaterThan',
        params: [QUANTITY_TYPE, QUANTITY_TYPE],
        result: BOOL,
        impl: (args) => compareQuantities(q(args), q(args, 1)) > 0,
        ...nominal(1),
      },
      {
        id: 'quantity_compare_to',
        name: 'compareTo',
        params: [QUANTITY_TYPE, QUANTITY_TYPE],
        result: INT,
        impl: (args) => BigInt(compareQuantities(q(args), q(args, 1))),
        ...nominal(1),
      },
    ]),
  ];
}
