/**
 * The Kubernetes quantity library (1.28+): resource.Quantity strings (`500m`, `1.5Gi`, `2e3`) as exact
 * decimals. A value is `digits × 10^exponent`; binary suffixes (Ki…Ei) are exact integers too, so
 * comparison and arithmetic never round.
 */
import { BOOL, DOUBLE, INT, opaque, STRING } from '../checker/types.js';
import { nominal, traversal } from '../functions/costs.js';
import { globals, members, type Overload } from '../functions/registry.js';
import { ErrorVal, OpaqueValue, type Result, type Val } from '../values.js';

export const QUANTITY_TYPE = opaque('kubernetes.Quantity');

const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

export class QuantityValue extends OpaqueValue {
  readonly typeName = 'kubernetes.Quantity';
  constructor(
    /** value = digits × 10^exponent */
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

function align(a: QuantityValue, b: QuantityValue): [bigint, bigint, number] {
  const exponent = Math.min(a.exponent, b.exponent);
  return [a.digits * 10n ** BigInt(a.exponent - exponent), b.digits * 10n ** BigInt(b.exponent - exponent), exponent];
}

export function compareQuantities(a: QuantityValue, b: QuantityValue): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function decimalText(digits: bigint, exponent: number): string {
  if (exponent >= 0) return (digits * 10n ** BigInt(exponent)).toString();
  const negative = digits < 0n;
  const abs = (negative ? -digits : digits).toString().padStart(-exponent + 1, '0');
  const point = abs.length + exponent;
  const text = `${abs.slice(0, point)}.${abs.slice(point)}`.replace(/\.?0+$/, '');
  return `${negative ? '-' : ''}${text}`;
}

function fromParts(digits: bigint, exponent: number): QuantityValue {
  return new QuantityValue(digits, exponent, decimalText(digits, exponent));
}

/** resource.ParseQuantity's grammar: sign, digits with an optional point, then a suffix. */
export function parseQuantity(text: string): QuantityValue | string {
  const fail = `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return fail;
  const [, sign, whole, fraction = '', suffix = ''] = m;
  let digits = BigInt(`${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  if (sign === '-') digits = -digits;
  if (suffix in DECIMAL_SUFFIX) {
    exponent += DECIMAL_SUFFIX[suffix]!;
  } else if (suffix in BINARY_SUFFIX) {
    digits *= 1024n ** BigInt(BINARY_SUFFIX[suffix]!);
  } else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix);
    if (!e) return fail;
    exponent += Number(e[1]);
  }
  return new QuantityValue(digits, exponent, text);
}

function asInteger(q: QuantityValue): bigint | undefined {
  let value: bigint;
  if (q.exponent >= 0) value = q.digits * 10n ** BigInt(q.exponent);
  else {
    const scale = 10n ** BigInt(-q.exponent);
    if (q.digits % scale !== 0n) return undefined;
    value = q.digits / scale;
  }
  return value > INT64_MAX || value < INT64_MIN ? undefined : value;
}

function arithmetic(sign: 1n | -1n) {
  return (args: Val[]): Result => {
    const a = args[0] as QuantityValue;
    const b = typeof args[1] === 'bigint' ? new QuantityValue(args[1], 0, '') : (args[1] as QuantityValue);
    const [x, y, exponent] = align(a, b);
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
    ]),
    ...members('quantity', [
      {
        id: 'quantity_sign',
        name: 'sign',
        params: [QUANTITY_TYPE],
        result: INT,
        impl: (args) => BigInt(Math.sign(Number(q(args).digits))),
        ...nominal(1),
      },
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
