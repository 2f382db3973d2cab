/** Standard timestamp and duration functions (cel-spec: timestamp(), duration(), arithmetic, getters). */
import { BOOL, DURATION, INT, STRING, TIMESTAMP, type Type } from '../checker/types.js';
import { traversal } from '../functions/costs.js';
import { globals, members, type Overload } from '../functions/registry.js';
import { ErrorVal, type Result, type Val } from '../values.js';
import {
  civilFromDays,
  DurationValue,
  daysFromCivil,
  durationInRange,
  floorDiv,
  formatDuration,
  formatTimestamp,
  parseDuration,
  parseTimestamp,
  TimestampValue,
  timestampInRange,
  zoneOffset,
} from './time-values.js';

const NANOS = 1_000_000_000n;
const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;

/** cel-go's words: a timestamp out of years 1 to 9999 overflows; so does a duration beyond int64 nanoseconds. */
function timestamp(nanos: bigint, offset = 0): Result {
  return timestampInRange(nanos) ? new TimestampValue(nanos, offset) : new ErrorVal('timestamp overflow', 0);
}

/** A timestamp moved by a duration keeps its offset, as a Go time.Time keeps its zone. */
const offsetOf = (v: Val) => (v as TimestampValue).offset;

function duration(nanos: bigint): Result {
  if (nanos > INT64_MAX || nanos < INT64_MIN || !durationInRange(nanos)) return new ErrorVal('integer overflow', 0);
  return new DurationValue(nanos);
}

/** A string that is not a timestamp or duration: cel-go's conversion error, which names no value. */
const conversionError = (type: string) =>
  new ErrorVal(`type conversion error from 'string' to 'google.protobuf.${type}'`, 0);

const ts = (v: Val) => (v as TimestampValue).nanos;
const du = (v: Val) => (v as DurationValue).nanos;

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Getter = (parts: {
  year: number;
  month: number;
  day: number;
  dayOfWeek: number;
  dayOfYear: number;
  seconds: number;
  nanos: number;
}) => number;

function localParts(value: TimestampValue, zone: string | undefined) {
  const epochSeconds = floorDiv(value.nanos, NANOS);
  const offset = zone === undefined ? 0 : zoneOffset(zone, epochSeconds);
  if (typeof offset === 'string') return offset;
  const local = epochSeconds + BigInt(offset);
  const days = Number(floorDiv(local, 86400n));
  const secondOfDay = Number(local - BigInt(days) * 86400n);
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    dayOfWeek: (((days + 4) % 7) + 7) % 7,
    dayOfYear: days - daysFromCivil(year, 1, 1),
    seconds: secondOfDay,
    nanos: Number(value.nanos - epochSeconds * NANOS),
  };
}

const GETTERS: Record<string, Getter> = {
  getFullYear: (p) => p.year,
  getMonth: (p) => p.month - 1,
  getDate: (p) => p.day,
  getDayOfMonth: (p) => p.day - 1,
  getDayOfWeek: (p) => p.dayOfWeek,
  getDayOfYear: (p) => p.dayOfYear,
  getHours: (p) => Math.floor(p.seconds / 3600),
  getMinutes: (p) => Math.floor(p.seconds / 60) % 60,
  getSeconds: (p) => p.seconds % 60,
  getMilliseconds: (p) => Math.floor(p.nanos / 1_000_000),
};

/** The whole duration in hours, minutes, seconds or milliseconds (cel-go: time.Duration's Milliseconds(), not a component). */
const DURATION_GETTERS: Record<string, (nanos: bigint) => bigint> = {
  getHours: (nanos) => nanos / (3600n * NANOS),
  getMinutes: (nanos) => nanos / (60n * NANOS),
  getSeconds: (nanos) => nanos / NANOS,
  getMilliseconds: (nanos) => nanos / 1_000_000n,
};

function getterOverloads(): Overload[] {
  const out: Overload[] = [];
  for (const [name, getter] of Object.entries(GETTERS)) {
    const run = (args: Val[]): Result => {
      const parts = localParts(args[0] as TimestampValue, args[1] as string | undefined);
      return typeof parts === 'string' ? new ErrorVal(parts, 0) : BigInt(getter(parts));
    };
    out.push(
      ...members('standard', [
        { id: `timestamp_${name}`, name, params: [TIMESTAMP], result: INT, impl: run },
        { id: `timestamp_${name}_with_tz`, name, params: [TIMESTAMP, STRING], result: INT, impl: run },
      ]),
    );
  }
  for (const [name, part] of Object.entries(DURATION_GETTERS)) {
    out.push(
      ...members('standard', [
        { id: `duration_${name}`, name, params: [DURATION], result: INT, impl: (args) => part(du(args[0]!)) },
      ]),
    );
  }
  return out;
}

function ordering(): Overload[] {
  const ops: [string, (c: number) => boolean][] = [
    ['_<_', (c) => c < 0],
    ['_<=_', (c) => c <= 0],
    ['_>_', (c) => c > 0],
    ['_>=_', (c) => c >= 0],
  ];
  const out: Overload[] = [];
  for (const [name, test] of ops) {
    for (const [type, read] of [
      [TIMESTAMP, ts],
      [DURATION, du],
    ] as [Type, (v: Val) => bigint][]) {
      out.push(
        ...globals('standard', [
          {
            id: `${name}_${type.kind === 'primitive' ? type.name : ''}`,
            name,
            params: [type, type],
            result: BOOL,
            impl: (args) => test(compare(read(args[0]!), read(args[1]!))),
          },
        ]),
      );
    }
  }
  return out;
}

export function timeOverloads(): Overload[] {
  return [
    ...globals('standard', [
      {
        id: 'string_to_timestamp',
        name: 'timestamp',
        params: [STRING],
        result: TIMESTAMP,
        impl: (args) => {
          const parsed = parseTimestamp(args[0] as string);
          return typeof parsed === 'string' ? conversionError('Timestamp') : parsed;
        },
      },
      {
        id: 'timestamp_to_timestamp',
        name: 'timestamp',
        params: [TIMESTAMP],
        result: TIMESTAMP,
        impl: (args) => args[0]!,
      },
      {
        id: 'int64_to_timestamp',
        name: 'timestamp',
        params: [INT],
        result: TIMESTAMP,
        impl: (args) => timestamp((args[0] as bigint) * NANOS),
      },
      {
        id: 'string_to_duration',
        name: 'duration',
        params: [STRING],
        result: DURATION,
        impl: (args) => {
          const parsed = parseDuration(args[0] as string);
          return typeof parsed === 'string' ? conversionError('Duration') : parsed;
        },
        // Parsing reads every character (1h1h1h…): a traversal, where cel-go charges 1.
        ...traversal(0),
      },
      { id: 'duration_to_duration', name: 'duration', params: [DURATION], result: DURATION, impl: (args) => args[0]! },
      {
        id: 'timestamp_to_int64',
        name: 'int',
        params: [TIMESTAMP],
        result: INT,
        impl: (args) => floorDiv(ts(args[0]!), NANOS),
      },
      {
        id: 'timestamp_to_string',
        name: 'string',
        params: [TIMESTAMP],
        result: STRING,
        impl: (args) => formatTimestamp(args[0] as TimestampValue),
      },
      {
        id: 'duration_to_string',
        name: 'string',
        params: [DURATION],
        result: STRING,
        impl: (args) => formatDuration(args[0] as DurationValue),
      },
      {
        id: 'add_timestamp_duration',
        name: '_+_',
        params: [TIMESTAMP, DURATION],
        result: TIMESTAMP,
        impl: (args) => timestamp(ts(args[0]!) + du(args[1]!), offsetOf(args[0]!)),
      },
      {
        id: 'add_duration_timestamp',
        name: '_+_',
        params: [DURATION, TIMESTAMP],
        result: TIMESTAMP,
        impl: (args) => timestamp(du(args[0]!) + ts(args[1]!), offsetOf(args[1]!)),
      },
      {
        id: 'add_duration_duration',
        name: '_+_',
        params: [DURATION, DURATION],
        result: DURATION,
        impl: (args) => duration(du(args[0]!) + du(args[1]!)),
      },
      {
        id: 'subtract_timestamp_timestamp',
        name: '_-_',
        params: [TIMESTAMP, TIMESTAMP],
        result: DURATION,
        impl: (args) => duration(ts(args[0]!) - ts(args[1]!)),
      },
      {
        id: 'subtract_timestamp_duration',
        name: '_-_',
        params: [TIMESTAMP, DURATION],
        result: TIMESTAMP,
        impl: (args) => timestamp(ts(args[0]!) - du(args[1]!), offsetOf(args[0]!)),
      },
      {
        id: 'subtract_duration_duration',
        name: '_-_',
        params: [DURATION, DURATION],
        result: DURATION,
        impl: (args) => duration(du(args[0]!) - du(args[1]!)),
      },
    ]),
    ...ordering(),
    ...getterOverloads(),
  ];
}
