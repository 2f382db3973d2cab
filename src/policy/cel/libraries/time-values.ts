/**
 * google.protobuf.Timestamp and Duration as CEL sees them: nanosecond precision, timestamps in
 * 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999999999Z, durations within ±10000 years.
 */
import { quoted } from '../redact.js';
import { OpaqueValue, type Val } from '../values.js';

const NANOS = 1_000_000_000n;
export const MIN_TIMESTAMP_SECONDS = -62135596800n;
export const MAX_TIMESTAMP_SECONDS = 253402300799n;
const MAX_DURATION_SECONDS = 315576000000n;

export class TimestampValue extends OpaqueValue {
  readonly typeName = 'google.protobuf.Timestamp';
  constructor(
    /** Nanoseconds since the Unix epoch. */
    readonly nanos: bigint,
    /**
     * The UTC offset, in seconds, of the text it was read from: cel-go keeps it (a Go time.Time keeps
     * its zone), so `string(timestamp('…T19:00:00+01:00'))` prints the same offset back. Equality and
     * the getters (in UTC unless given a zone) do not see it.
     */
    readonly offset = 0,
  ) {
    super();
  }
  get seconds(): bigint {
    return floorDiv(this.nanos, NANOS);
  }
  equals(other: Val): boolean {
    return other instanceof TimestampValue && other.nanos === this.nanos;
  }
  toJs(): unknown {
    return formatTimestamp(this);
  }
  override toString(): string {
    return formatTimestamp(this);
  }
}

export class DurationValue extends OpaqueValue {
  readonly typeName = 'google.protobuf.Duration';
  constructor(readonly nanos: bigint) {
    super();
  }
  equals(other: Val): boolean {
    return other instanceof DurationValue && other.nanos === this.nanos;
  }
  toJs(): unknown {
    return formatDuration(this);
  }
  override toString(): string {
    return formatDuration(this);
  }
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function timestampInRange(nanos: bigint): boolean {
  const seconds = floorDiv(nanos, NANOS);
  return seconds >= MIN_TIMESTAMP_SECONDS && seconds <= MAX_TIMESTAMP_SECONDS;
}

export function durationInRange(nanos: bigint): boolean {
  const limit = MAX_DURATION_SECONDS * NANOS;
  return nanos >= -limit && nanos <= limit;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse below). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthIndex = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthIndex + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339, as Go's time.Parse(time.RFC3339, …) accepts it. */
export function parseTimestamp(text: string): TimestampValue | string {
  const m = RFC3339.exec(text);
  if (!m) return `timestamp parse error: cannot parse ${quoted(text)} as RFC 3339`;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return `timestamp parse error: ${quoted(text)} is out of range`;
  }
  let seconds = BigInt(daysFromCivil(year, month, day)) * 86400n + BigInt(hour * 3600 + minute * 60 + second);
  const offset = m[9] ? (m[9] === '+' ? 1 : -1) * (Number(m[10]) * 3600 + Number(m[11]) * 60) : 0;
  seconds -= BigInt(offset);
  const fraction = BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  const nanos = seconds * NANOS + fraction;
  if (!timestampInRange(nanos)) return 'timestamp out of range';
  return new TimestampValue(nanos, offset);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** RFC 3339 with the shortest fraction and the timestamp's offset (Go's RFC3339Nano: `Z` for UTC). */
export function formatTimestamp(timestamp: TimestampValue): string {
  const utc = floorDiv(timestamp.nanos, NANOS);
  const nanos = Number(timestamp.nanos - utc * NANOS);
  const seconds = utc + BigInt(timestamp.offset);
  const days = Number(floorDiv(seconds, 86400n));
  const secondOfDay = Number(seconds - BigInt(days) * 86400n);
  const { year, month, day } = civilFromDays(days);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const time = `${pad(Math.floor(secondOfDay / 3600))}:${pad(Math.floor(secondOfDay / 60) % 60)}:${pad(secondOfDay % 60)}`;
  const fraction = nanos ? `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}` : '';
  const offset = Math.abs(timestamp.offset);
  const zone =
    timestamp.offset === 0
      ? 'Z'
      : `${timestamp.offset < 0 ? '-' : '+'}${pad(Math.floor(offset / 3600))}:${pad(Math.floor(offset / 60) % 60)}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${time}${fraction}${zone}`;
}

const DURATION_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: NANOS,
  m: 60n * NANOS,
  h: 3600n * NANOS,
};

const MAX_DURATION_DIGITS = 20;

/** Go's time.ParseDuration syntax: `1h30m`, `-1.5s`, `300ms`. */
export function parseDuration(text: string): DurationValue | string {
  const fail = `invalid duration ${quoted(text)}`;
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return new DurationValue(0n);
  if (rest === '') return fail;
  let total = 0n;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return fail;
    const unit = DURATION_UNITS[m[3]!]!;
    // More digits than an int64 of nanoseconds holds is out of range (Go stops at the overflow too);
    // digits of a fraction beyond the nanosecond of the largest unit change nothing.
    const digits = m[1]!.replace(/^0+(?=\d)/, '');
    if (digits.length > MAX_DURATION_DIGITS) return `duration out of range: ${quoted(text)}`;
    const whole = BigInt(digits || '0');
    const fraction = (m[2] ?? '').slice(0, MAX_DURATION_DIGITS);
    let value = whole * unit;
    if (fraction) value += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    total += value;
    rest = rest.slice(m[0].length);
  }
  const nanos = sign * total;
  if (nanos > 0x7fffffffffffffffn || nanos < -0x8000000000000000n) return `duration out of range: ${quoted(text)}`;
  return new DurationValue(nanos);
}

/** Seconds with the shortest fraction and an `s`, as cel-go prints durations (`3600s`, `1.5s`). */
export function formatDuration(duration: DurationValue): string {
  const negative = duration.nanos < 0n;
  const abs = negative ? -duration.nanos : duration.nanos;
  const seconds = abs / NANOS;
  const nanos = abs % NANOS;
  const fraction = nanos ? `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}` : '';
  return `${negative ? '-' : ''}${seconds}${fraction}s`;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Offset from UTC, in seconds, of a time zone (IANA name or ±HH:MM) at an instant; a string on error. */
export function zoneOffset(zone: string, epochSeconds: bigint): number | string {
  const fixed = /^([+-]?)(\d{2}):(\d{2})$/.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 3600 + Number(fixed[3]) * 60);
  if (zone === 'UTC' || zone === 'Z') return 0;
  let format = zoneFormats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      return `invalid time zone ${quoted(zone)}`;
    }
    zoneFormats.set(zone, format);
  }
  const date = new Date(Number(epochSeconds) * 1000);
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const local =
    daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86400 +
    Number(parts.hour) * 3600 +
    Number(parts.minute) * 60 +
    Number(parts.second);
  return local - Number(epochSeconds);
}
