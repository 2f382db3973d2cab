/**
 * Optional values (cel-go's OptionalTypes, Kubernetes 1.28+): the functions. The syntax — `a.?b`,
 * `a[?k]`, `[?x]`, `{?k: v}` — and the `optMap`/`optFlatMap` macros live in the parser and planner.
 */
import { A, BOOL, optionalOf } from '../checker/types.js';
import { globals, members, type Overload } from '../functions/registry.js';
import { ErrorVal, isCelList, isCelMap, isCelUint, OptionalValue, type Result, type Val } from '../values.js';
import { DurationValue, MIN_TIMESTAMP_SECONDS, TimestampValue } from './time-values.js';

const OPT_A = optionalOf(A);

/**
 * The zero value of its type, as cel-go's IsZeroValue: 0, '', false, null, an empty list or map, a
 * zero duration, and the zero timestamp of Go's time.Time (0001-01-01T00:00:00Z, not the epoch). An
 * optional is never zero.
 */
export function isZeroValue(value: Val): boolean {
  switch (typeof value) {
    case 'bigint':
      return value === 0n;
    case 'number':
      return value === 0;
    case 'string':
      return value === '';
    case 'boolean':
      return !value;
  }
  if (value === null) return true;
  if (value instanceof Uint8Array) return value.length === 0;
  if (isCelUint(value)) return value.value === 0n;
  if (isCelList(value) || isCelMap(value)) return value.size === 0;
  if (value instanceof TimestampValue) return value.nanos === MIN_TIMESTAMP_SECONDS * 1_000_000_000n;
  if (value instanceof DurationValue) return value.nanos === 0n;
  return false;
}

export function optionalOverloads(): Overload[] {
  return [
    ...globals('optional', [
      {
        id: 'optional_of',
        name: 'optional.of',
        params: [A],
        result: OPT_A,
        impl: (args) => OptionalValue.of(args[0]!),
      },
      {
        id: 'optional_ofNonZeroValue',
        name: 'optional.ofNonZeroValue',
        params: [A],
        result: OPT_A,
        impl: (args) => (isZeroValue(args[0]!) ? OptionalValue.NONE : OptionalValue.of(args[0]!)),
      },
      { id: 'optional_none', name: 'optional.none', params: [], result: OPT_A, impl: () => OptionalValue.NONE },
    ]),
    ...members('optional', [
      {
        id: 'optional_value',
        name: 'value',
        params: [OPT_A],
        result: A,
        impl: (args): Result => (args[0] as OptionalValue).value ?? new ErrorVal('optional.none() dereference', 0),
      },
      {
        id: 'optional_hasValue',
        name: 'hasValue',
        params: [OPT_A],
        result: BOOL,
        impl: (args) => (args[0] as OptionalValue).hasValue(),
      },
      {
        id: 'optional_or_optional',
        name: 'or',
        params: [OPT_A, OPT_A],
        result: OPT_A,
        impl: (args) => ((args[0] as OptionalValue).hasValue() ? args[0]! : args[1]!),
      },
      {
        id: 'optional_orValue_value',
        name: 'orValue',
        params: [OPT_A, A],
        result: A,
        impl: (args) => (args[0] as OptionalValue).value ?? args[1]!,
      },
    ]),
  ];
}
