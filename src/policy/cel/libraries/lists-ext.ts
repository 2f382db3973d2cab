/**
 * cel-go's lists extension at version 3 (Kubernetes 1.34+): `slice`, `flatten`, `sort`, `sortBy`
 * (a macro, planned in interpreter/loops.ts), `lists.range`, `reverse`, `distinct`; and Kubernetes'
 * lists library at version 1 (1.37+), which adds `includes`. Error messages are cel-go's.
 */
import {
  A,
  BOOL,
  BYTES,
  DOUBLE,
  DURATION,
  DYN,
  INT,
  listOf,
  STRING,
  TIMESTAMP,
  type Type,
  UINT,
} from '../checker/types.js';
import {
  distinctCost,
  doubleTraversal,
  equalityMeter,
  flattenCost,
  listTraversal,
  MAX_RANGE_SIZE,
  rangeCost,
  reverseCost,
  sliceCost,
  sortCost,
} from '../functions/costs.js';
import { globals, type Meter, members, type Overload } from '../functions/registry.js';
import { type CelList, ErrorVal, equals, isCelList, newList, type Result, typeName, type Val } from '../values.js';
import { compare } from './lists.js';

/** The element types `sort()` and `sortBy()` keys accept (cel-go's comparableTypes). */
export const SORTABLE: readonly Type[] = [INT, UINT, DOUBLE, BOOL, DURATION, TIMESTAMP, STRING, BYTES];
const COMPARABLE = new Set([
  'int',
  'uint',
  'double',
  'bool',
  'google.protobuf.Duration',
  'google.protobuf.Timestamp',
  'string',
  'bytes',
]);

function slice(args: Val[]): Result {
  const [list, start, end] = args as [CelList, bigint, bigint];
  if (start < 0n || end < 0n) return new ErrorVal(`cannot slice(${start}, ${end}), negative indexes not supported`, 0);
  if (start > end)
    return new ErrorVal(`cannot slice(${start}, ${end}), start index must be less than or equal to end index`, 0);
  if (BigInt(list.size) < end) return new ErrorVal(`cannot slice(${start}, ${end}), list is length ${list.size}`, 0);
  const out: Val[] = [];
  for (let i = Number(start); i < Number(end); i++) out.push(list.get(i) as Val);
  return newList(out);
}

/** Without recursion, so that no nesting of the data can overflow the stack. */
function flatten(list: CelList, depth: bigint): Result {
  if (depth < 0n) return new ErrorVal('level must be non-negative', 0);
  const out: Val[] = [];
  const stack: { items: CelList; at: number; left: bigint }[] = [{ items: list, at: 0, left: depth }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.at >= top.items.size) {
      stack.pop();
      continue;
    }
    const item = top.items.get(top.at++) as Val;
    if (top.left > 0n && isCelList(item)) stack.push({ items: item, at: 0, left: top.left - 1n });
    else out.push(item);
  }
  return newList(out);
}

/**
 * Orders `list` by `keys` (the list itself for `sort()`), as cel-go's sortByAssociatedKeys: the keys
 * must be comparable and of one type. Equal keys keep their order; cel-go's sort (Go's sort.Slice)
 * keeps it too up to twelve elements (an insertion sort) and leaves it unspecified beyond.
 */
export function sortByKeys(list: CelList, keys: readonly Val[]): Result {
  if (list.size !== keys.length) {
    return new ErrorVal(
      `@sortByAssociatedKeys() expected a list of the same size as the associated keys list, but got ${list.size} and ${keys.length} elements respectively`,
      0,
    );
  }
  if (keys.length === 0) return list;
  const type = typeName(keys[0]!);
  if (!COMPARABLE.has(type)) return new ErrorVal('list elements must be comparable', 0);
  if (keys.some((key) => typeName(key) !== type)) return new ErrorVal('list elements must have the same type', 0);
  const order = keys.map((_, i) => i);
  // NaN compares as equal to everything, as in cel-go, where its comparison is an error, not -1.
  order.sort((a, b) => compare(keys[a]!, keys[b]!) ?? 0);
  return newList(order.map((i) => list.get(i) as Val));
}

function distinct(args: Val[], meter: Meter): Result {
  const list = args[0] as CelList;
  const visit = equalityMeter(meter);
  const unique: Val[] = [];
  for (const item of list) {
    if (!unique.some((seen) => equals(item as Val, seen, visit))) unique.push(item as Val);
  }
  return unique.length === list.size ? list : newList(unique);
}

function range(args: Val[]): Result {
  const n = args[0] as bigint;
  if (n < 0n) return new ErrorVal(`lists.range: size must be non-negative, got ${n}`, 0);
  if (n > BigInt(MAX_RANGE_SIZE))
    return new ErrorVal(`lists.range: size ${n} exceeds maximum allowed (${MAX_RANGE_SIZE})`, 0);
  const out: Val[] = new Array(Number(n));
  for (let i = 0; i < out.length; i++) out[i] = BigInt(i);
  return newList(out);
}

/** `<dyn>.includes(<dyn>)`: membership for a list, equality for anything else. */
function includes(args: Val[], meter: Meter): Result {
  const [target, item] = args as [Val, Val];
  const visit = equalityMeter(meter);
  if (!isCelList(target)) return equals(target, item, visit);
  for (const element of target) if (equals(element as Val, item, visit)) return true;
  return false;
}

const LIST_A = listOf(A);

export function listsExtOverloads(): Overload[] {
  const sort = sortCost(0);
  return [
    ...members('lists-ext', [
      { id: 'list_slice', name: 'slice', params: [LIST_A, INT, INT], result: LIST_A, impl: slice, ...sliceCost },
      {
        id: 'list_flatten',
        name: 'flatten',
        params: [listOf(LIST_A)],
        result: LIST_A,
        impl: (args) => flatten(args[0] as CelList, 1n),
        ...flattenCost,
      },
      {
        id: 'list_flatten_int',
        name: 'flatten',
        params: [listOf(DYN), INT],
        result: listOf(DYN),
        impl: (args) => flatten(args[0] as CelList, args[1] as bigint),
        ...flattenCost,
      },
      ...SORTABLE.map((type) => ({
        id: `list_${type.kind === 'primitive' ? type.name : 'dyn'}_sort`,
        name: 'sort',
        params: [listOf(type)],
        result: listOf(type),
        impl: (args: Val[]) => sortByKeys(args[0] as CelList, [...(args[0] as CelList)] as Val[]),
        ...sort,
      })),
      { id: 'list_reverse', name: 'reverse', params: [LIST_A], result: LIST_A, impl: reverse, ...reverseCost },
      { id: 'list_distinct', name: 'distinct', params: [LIST_A], result: LIST_A, impl: distinct, ...distinctCost },
    ]),
    ...globals('lists-ext', [
      { id: 'lists_range', name: 'lists.range', params: [INT], result: listOf(INT), impl: range, ...rangeCost },
    ]),
    ...members('lists-includes', [
      {
        id: 'list_includes_dyn_dyn',
        name: 'includes',
        params: [DYN, DYN],
        result: BOOL,
        impl: includes,
        ...listTraversal(0),
      },
    ]),
  ];
}

function reverse(args: Val[]): Result {
  const list = args[0] as CelList;
  const out: Val[] = new Array(list.size);
  for (let i = 0; i < list.size; i++) out[i] = list.get(list.size - 1 - i) as Val;
  return newList(out);
}

/** `jsonpatch.escapeKey(key)`: `~` → `~0`, `/` → `~1` (RFC 6901), in MutatingAdmissionPolicy mutations. */
export function jsonPatchOverloads(): Overload[] {
  return globals('jsonpatch', [
    {
      id: 'string_jsonpatch_escapeKey_string',
      name: 'jsonpatch.escapeKey',
      params: [STRING],
      result: STRING,
      impl: (args) => (args[0] as string).replaceAll('~', '~0').replaceAll('/', '~1'),
      ...doubleTraversal(0),
    },
  ]);
}
