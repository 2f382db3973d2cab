/** The Kubernetes list library (all versions), the regex library (find, findAll) and cel-go's sets extension (1.29+). */
import { A, BOOL, BYTES, DOUBLE, DURATION, INT, listOf, STRING, TIMESTAMP, type Type, UINT } from '../checker/types.js';
import { equalityMeter, listTraversal, regexCost, regexMatchCost, setsCost } from '../functions/costs.js';
import { globals, type Meter, members, type Overload } from '../functions/registry.js';
import { charge } from '../interpreter/frame.js';
import {
  type CelList,
  celUint,
  ErrorVal,
  equals,
  isCelUint,
  newList,
  type Result,
  typeName,
  type Val,
} from '../values.js';
import { type CompiledRegex, compileRegex } from './regex-engine.js';
import { DurationValue, TimestampValue } from './time-values.js';

const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;
const UINT64_MAX = 0xffffffffffffffffn;

/** CEL ordering of comparable values (numbers across types, strings, bytes, bools, times); undefined if not comparable. */
export function compare(a: Val, b: Val): number | undefined {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) {
    if (typeof na === 'number' || typeof nb === 'number') {
      const x = Number(na);
      const y = Number(nb);
      if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return a.length - b.length;
  }
  if (
    (a instanceof TimestampValue && b instanceof TimestampValue) ||
    (a instanceof DurationValue && b instanceof DurationValue)
  ) {
    return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
  }
  return undefined;
}

function numeric(v: Val): bigint | number | undefined {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (isCelUint(v)) return v.value;
  return undefined;
}

function notComparable(a: Val, b: Val): ErrorVal {
  return new ErrorVal(`no such overload: cannot compare ${typeName(a)} and ${typeName(b)}`, 0);
}

function isSorted(args: Val[]): Result {
  const list = args[0] as CelList;
  for (let i = 1; i < list.size; i++) {
    const order = compare(list.get(i - 1) as Val, list.get(i) as Val);
    if (order === undefined) return notComparable(list.get(i - 1) as Val, list.get(i) as Val);
    if (order > 0) return false;
  }
  return true;
}

function extreme(name: 'min' | 'max'): (args: Val[]) => Result {
  const prefer = name === 'min' ? -1 : 1;
  return (args) => {
    const list = args[0] as CelList;
    if (list.size === 0) return new ErrorVal(`${name} called on empty list`, 0);
    let best = list.get(0) as Val;
    for (let i = 1; i < list.size; i++) {
      const next = list.get(i) as Val;
      const order = compare(next, best);
      if (order === undefined) return notComparable(best, next);
      if (Math.sign(order) === prefer) best = next;
    }
    return best;
  };
}

function add(a: Val, b: Val): Result {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    const sum = a + b;
    return sum > INT64_MAX || sum < INT64_MIN ? new ErrorVal('int overflow', 0) : sum;
  }
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (isCelUint(a) && isCelUint(b)) {
    const sum = a.value + b.value;
    return sum > UINT64_MAX ? new ErrorVal('uint overflow', 0) : celUint(sum);
  }
  if (a instanceof DurationValue && b instanceof DurationValue) return new DurationValue(a.nanos + b.nanos);
  return new ErrorVal(`no such overload: ${typeName(a)} + ${typeName(b)}`, 0);
}

function sum(zero: Val): (args: Val[]) => Result {
  return (args) => {
    const list = args[0] as CelList;
    if (list.size === 0) return zero;
    let total = list.get(0) as Val;
    for (let i = 1; i < list.size; i++) {
      const next = add(total, list.get(i) as Val);
      if (next instanceof ErrorVal) return next;
      total = next;
    }
    return total;
  };
}

function indexOf(last: boolean): (args: Val[], meter: Meter) => Result {
  return (args, meter) => {
    const list = args[0] as CelList;
    const visit = equalityMeter(meter);
    for (let k = 0; k < list.size; k++) {
      const i = last ? list.size - 1 - k : k;
      if (equals(list.get(i) as Val, args[1]!, visit)) return BigInt(i);
    }
    return -1n;
  };
}

const COMPARABLE: [string, Type][] = [
  ['int', INT],
  ['uint', UINT],
  ['double', DOUBLE],
  ['bool', BOOL],
  ['duration', DURATION],
  ['timestamp', TIMESTAMP],
  ['string', STRING],
  ['bytes', BYTES],
];

const SUMMABLE: [string, Type, Val][] = [
  ['int', INT, 0n],
  ['uint', UINT, celUint(0n)],
  ['double', DOUBLE, 0],
  ['duration', DURATION, new DurationValue(0n)],
];

export function listsOverloads(): Overload[] {
  const traverse = listTraversal(0);
  return members('lists', [
    ...COMPARABLE.flatMap(([name, type]) => [
      {
        id: `list_${name}_is_sorted_bool`,
        name: 'isSorted',
        params: [listOf(type)],
        result: BOOL,
        impl: isSorted,
        ...traverse,
      },
      {
        id: `list_${name}_min_${name}`,
        name: 'min',
        params: [listOf(type)],
        result: type,
        impl: extreme('min'),
        ...traverse,
      },
      {
        id: `list_${name}_max_${name}`,
        name: 'max',
        params: [listOf(type)],
        result: type,
        impl: extreme('max'),
        ...traverse,
      },
    ]),
    ...SUMMABLE.map(([name, type, zero]) => ({
      id: `list_${name}_sum_${name}`,
      name: 'sum',
      params: [listOf(type)],
      result: type,
      impl: sum(zero),
      ...traverse,
    })),
    {
      id: 'list_a_index_of_int',
      name: 'indexOf',
      params: [listOf(A), A],
      result: INT,
      impl: indexOf(false),
      ...traverse,
    },
    {
      id: 'list_a_last_index_of_int',
      name: 'lastIndexOf',
      params: [listOf(A), A],
      result: INT,
      impl: indexOf(true),
      ...traverse,
    },
  ]);
}

function regexOf(pattern: Val): CompiledRegex | ErrorVal {
  const regex = compileRegex(pattern as string);
  return typeof regex === 'string' ? new ErrorVal(regex, 0) : regex;
}

export function regexOverloads(): Overload[] {
  const cost = regexCost(0, 1);
  const all = (args: Val[], meter: Meter, limit: number): Result => {
    const regex = regexOf(args[1]!);
    if (regex instanceof ErrorVal) return regex;
    const input = args[0] as string;
    // A pattern whose empty-width loops make the one-pass search visit more than its size: the rest.
    if (regex.findAllSteps > regex.size)
      charge(meter, regexMatchCost(input.length, regex.findAllSteps) - regexMatchCost(input.length, regex.size));
    return newList(regex.findAll(input, limit));
  };
  return members('regex', [
    {
      id: 'string_find_string',
      name: 'find',
      params: [STRING, STRING],
      result: STRING,
      impl: (args) => {
        const regex = regexOf(args[1]!);
        if (regex instanceof ErrorVal) return regex;
        const match = regex.find(args[0] as string, 0);
        return match ? (args[0] as string).slice(match[0], match[1]) : '';
      },
      ...cost,
    },
    {
      id: 'string_find_all_string',
      name: 'findAll',
      params: [STRING, STRING],
      result: listOf(STRING),
      impl: (args, meter) => all(args, meter, -1),
      ...cost,
    },
    {
      id: 'string_find_all_string_int',
      name: 'findAll',
      params: [STRING, STRING, INT],
      result: listOf(STRING),
      impl: (args, meter) => all(args, meter, Number(args[2] as bigint)),
      ...cost,
    },
  ]);
}

function contains(haystack: CelList, needle: Val, visit: () => void): boolean {
  for (const item of haystack) if (equals(item as Val, needle, visit)) return true;
  return false;
}

export function setsOverloads(): Overload[] {
  const LIST_A = listOf(A);
  const every = (items: CelList, within: CelList, visit: () => void) =>
    [...items].every((item) => contains(within, item as Val, visit));
  return globals('sets', [
    {
      id: 'list_sets_contains_list',
      name: 'sets.contains',
      params: [LIST_A, LIST_A],
      result: BOOL,
      impl: (args, meter) => every(args[1] as CelList, args[0] as CelList, equalityMeter(meter)),
      ...setsCost(1),
    },
    {
      id: 'list_sets_equivalent_list',
      name: 'sets.equivalent',
      params: [LIST_A, LIST_A],
      result: BOOL,
      impl: (args, meter) => {
        const [a, b] = args as [CelList, CelList];
        const visit = equalityMeter(meter);
        return every(b, a, visit) && every(a, b, visit);
      },
      ...setsCost(2),
    },
    {
      id: 'list_sets_intersects_list',
      name: 'sets.intersects',
      params: [LIST_A, LIST_A],
      result: BOOL,
      impl: (args, meter) => {
        const visit = equalityMeter(meter);
        return [...(args[0] as CelList)].some((item) => contains(args[1] as CelList, item as Val, visit));
      },
      ...setsCost(1),
    },
  ]);
}
