/**
 * Numbers and strings printed as Go prints them, which is what the API server's CEL shows:
 * `string(1234567.0)` is Go's `%g` (`1.234567e+06`), a double in a formatted list is `%.6f`, a
 * string in one is `%q`, and `%f` / `%e` go through golang.org/x/text's en_US printer (digit
 * grouping, `×10⁰³`). Decimal digits are exact: a double is a binary fraction, expanded and rounded
 * (half to even) with BigInt, as Go's strconv does, at any precision.
 */

const F64 = new DataView(new ArrayBuffer(8));

/** |x| = mantissa × 2^exponent, for a finite x. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  F64.setFloat64(0, x);
  const high = F64.getUint32(0);
  const low = F64.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

const pow10 = (n: number) => 10n ** BigInt(n);

/** round(|x| × 10^scale), half to even, exactly; scale may be negative. */
function scaled(x: number, scale: number): bigint {
  const { mantissa, exponent } = decompose(Math.abs(x));
  let numerator = mantissa * (scale > 0 ? pow10(scale) : 1n);
  let denominator = scale < 0 ? pow10(-scale) : 1n;
  if (exponent >= 0) numerator <<= BigInt(exponent);
  else denominator <<= BigInt(-exponent);
  const quotient = numerator / denominator;
  const twice = (numerator % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/** The digits of |x| with `precision` digits after the point (Go's `%.<precision>f`, without the sign). */
export function fixedDigits(x: number, precision: number): string {
  const digits = scaled(x, precision)
    .toString()
    .padStart(precision + 1, '0');
  if (precision === 0) return digits;
  return `${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
}

/** Go's `%.6f` (fmt.Sprintf): a double in a list printed by format(); `NaN`, `+Inf`, `-Inf` for the others. */
export function goFixed(x: number, precision = 6): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  return `${x < 0 || Object.is(x, -0) ? '-' : ''}${fixedDigits(x, precision)}`;
}

/**
 * Go's `%g` with the shortest precision (strconv.FormatFloat(x, 'g', -1, 64)), which is cel-go's
 * string(double): the exponent form below 1e-4 and from 1e6 on (`1.234567e+06`, `1e-05`).
 */
export function goShortest(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  // JavaScript's shortest digits are Go's: the fewest that read back as x, the closest when several do.
  const [mantissa, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/**
 * `%.<precision>f` through the en_US printer: digits grouped by thousands, no sign on a negative
 * zero, `∞` for infinity. cel-go's format() (strings extension v2) prints `%f` this way.
 */
export function localeFixed(x: number, precision: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  const digits = fixedDigits(x, precision);
  const point = digits.indexOf('.');
  const whole = point < 0 ? digits : digits.slice(0, point);
  let grouped = whole.slice(0, whole.length % 3 || 3);
  for (let i = grouped.length; i < whole.length; i += 3) grouped += `,${whole.slice(i, i + 3)}`;
  const negative = x < 0; // a negative value rounded to zero keeps its sign, negative zero does not
  return `${negative ? '-' : ''}${grouped}${point < 0 ? '' : digits.slice(point)}`;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * `%<width>e` through the en_US printer: six digits after the point and the exponent as
 * `×10` and superscript digits (`1.234568×10⁰³`), padded to `width` characters. cel-go's format()
 * (strings extension v2) passes the precision of `%.<n>e` as this width, and 6 without one.
 */
export function localeScientific(x: number, width: number): string {
  let text: string;
  if (Number.isNaN(x)) text = 'NaN';
  else if (!Number.isFinite(x)) text = x > 0 ? '∞' : '-∞';
  else if (x === 0) text = `0.000000×10${SUPERSCRIPT[0]!.repeat(2)}`;
  else {
    let exponent = Math.floor(Math.log10(Math.abs(x)));
    let digits = scaled(x, 6 - exponent);
    // log10 can be off by one near a power of ten, and rounding can carry into a new digit.
    while (digits >= 10_000_000n) digits = scaled(x, 6 - ++exponent);
    while (digits < 1_000_000n) digits = scaled(x, 6 - --exponent);
    const shown = String(Math.abs(exponent))
      .padStart(2, '0')
      .replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]!);
    const mantissa = digits.toString();
    text = `${x < 0 ? '-' : ''}${mantissa[0]}.${mantissa.slice(1)}×10${exponent < 0 ? '⁻' : ''}${shown}`;
  }
  const length = [...text].length;
  return length < width ? `${' '.repeat(width - length)}${text}` : text;
}

/** Go's strconv.Quote (`%q`): printable characters as they are, the rest escaped. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const escaped = ESCAPES.get(char);
    if (escaped) out += escaped;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x80 || PRINTABLE.test(char)) out += char;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else if (code > 0xffff) out += `\\U${code.toString(16).padStart(8, '0')}`;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

const ESCAPES = new Map([
  ['\x07', '\\a'],
  ['\b', '\\b'],
  ['\f', '\\f'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
  ['\v', '\\v'],
  ['\\', '\\\\'],
  ['"', '\\"'],
]);

/** Go's unicode.IsPrint beyond ASCII: letters, marks, numbers, punctuation and symbols. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
