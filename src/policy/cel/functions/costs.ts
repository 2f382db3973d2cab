/**
 * The cost table: every charge the runtime makes (interpreter/, libraries/) and its static
 * counterpart (cost/estimate.ts) are defined here, side by side, in the API server's units
 * (cel-go's interpreter/runtimecost.go and checker/cost.go, Kubernetes' library/cost.go): a string
 * traversal costs 0.1 per character, a regex 0.25 per unit of its size times the input.
 *
 * A runtime cost is computed from the arguments and charged BEFORE the function runs, so that a
 * call the limit cannot pay for does no work: where the work depends on the result (`replace`,
 * `join`), the result's size is counted first. Where Rampart's figure differs from the API server's
 * it is because the API server's undercounts work that grows with the input (see docs/security.md).
 */

import {
  add,
  type CostEstimate,
  fixed,
  multiply,
  ONE,
  type SizeEstimate,
  scale,
  union,
  ZERO,
} from '../cost/estimate-types.js';
import { charge } from '../interpreter/frame.js';
import { precisionWidth } from '../libraries/format-string.js';
import { regexSize } from '../libraries/regex-engine.js';
import type { LoopMacro } from '../parser/ast.js';
import { type CelList, costSize, isCelList, isCelMap, OpaqueValue, type Val } from '../values.js';
import type { Meter, RuntimeCost, StaticCost } from './registry.js';

export const STRING_TRAVERSAL_FACTOR = 0.1;
export const REGEX_LENGTH_FACTOR = 0.25;
/**
 * Compiling a pattern from the data, per unit of its size. Kubernetes charges no compilation
 * (Go compiles a pattern in about a microsecond per character); @bufbuild/re2 takes 10–30 µs, so
 * at the API server's rate a list of distinct patterns would compile for minutes within the limit.
 */
export const REGEX_COMPILE_FACTOR = 20;
export const LIST_CREATE_COST = 10;
export const MAP_CREATE_COST = 30;
export const STRUCT_CREATE_COST = 40;

/**
 * Macros, as the folds cel-go expands them into: what each iteration costs besides the predicate
 * and transform (accumulator reads, the loop condition, the list append), and what reading the
 * result at the end costs.
 */
export const MACRO_COST: Record<LoopMacro, { iteration: number; completion: number }> = {
  all: { iteration: 3, completion: 1 },
  exists: { iteration: 3, completion: 1 },
  exists_one: { iteration: 2, completion: 2 },
  map: { iteration: 2 + LIST_CREATE_COST, completion: 1 },
  filter: { iteration: 3 + LIST_CREATE_COST, completion: 1 },
  transformList: { iteration: 2 + LIST_CREATE_COST, completion: 1 },
  transformMap: { iteration: 3, completion: 1 },
  transformMapEntry: { iteration: 3, completion: 1 },
  optMap: { iteration: 0, completion: 0 },
  optFlatMap: { iteration: 0, completion: 0 },
  // The keys are a map() over the list; sorting them is charged as sort() (sortCost).
  sortBy: { iteration: 2 + LIST_CREATE_COST, completion: 1 },
  bind: { iteration: 0, completion: 0 },
};

type Cost = { cost: RuntimeCost; estimate: StaticCost };

const traverse = (n: number) => Math.ceil(n * STRING_TRAVERSAL_FACTOR);
const size = (args: Val[], i: number) => costSize(args[i] as Val);

/** Cost of traversing argument `i` once. */
export function traversal(i: number): Cost {
  return {
    cost: (args) => traverse(size(args, i)),
    estimate: (sizes) => ({ cost: scale(sizes[i]!, STRING_TRAVERSAL_FACTOR) }),
  };
}

/** Cost of traversing argument `i` twice (parse and build, or parse and compare). */
export function doubleTraversal(i: number): Cost {
  return {
    cost: (args) => traverse(2 * size(args, i)),
    estimate: (sizes) => ({ cost: scale(sizes[i]!, 2 * STRING_TRAVERSAL_FACTOR) }),
  };
}

/** Equality and ordering of strings, bytes, lists: the shorter operand is traversed. */
export const compareCost: Cost = {
  cost: (args) => traverse(Math.min(size(args, 0), size(args, 1))),
  estimate: (sizes) => ({
    cost: scale(
      { min: Math.min(sizes[0]!.min, sizes[1]!.min), max: Math.min(sizes[0]!.max, sizes[1]!.max) },
      STRING_TRAVERSAL_FACTOR,
    ),
  }),
};

/** Concatenation of strings, bytes or lists: both operands are copied. */
export const concatCost: Cost = {
  cost: (args) => traverse(size(args, 0) + size(args, 1)),
  estimate: (sizes) => ({
    cost: scale(add(sizes[0]!, sizes[1]!), STRING_TRAVERSAL_FACTOR),
    resultSize: add(sizes[0]!, sizes[1]!),
  }),
};

/** `contains`: input length × substring length. */
export const containsCost: Cost = {
  cost: (args) => traverse(size(args, 0)) * traverse(size(args, 1)),
  estimate: (sizes) => ({
    cost: multiply(scale(sizes[0]!, STRING_TRAVERSAL_FACTOR), scale(sizes[1]!, STRING_TRAVERSAL_FACTOR)),
  }),
};

/**
 * `matches`, `find`, `findAll`: ceil((1 + input) × 0.1) × ceil(size × 0.25), where the size is the
 * pattern's length (Kubernetes) or the program counted repetition expands it to (`regexSize`),
 * plus, for a pattern that is not a literal of the expression, its compilation.
 */
export function regexCost(input: number, pattern: number): Cost {
  return {
    cost: (args, site) => {
      const units = regexSize(args[pattern] as string);
      const compile = site.literal[pattern] ? 0 : Math.ceil(units * REGEX_COMPILE_FACTOR);
      return regexMatchCost(size(args, input), units) + compile;
    },
    estimate: (sizes, infos) => {
      const literal = infos[pattern]?.constant;
      const units = typeof literal === 'string' ? fixed(regexSize(literal)) : sizes[pattern]!;
      const compile = typeof literal === 'string' ? ZERO : scale(units, REGEX_COMPILE_FACTOR);
      return {
        cost: add(
          multiply(scale(add(sizes[input]!, ONE), STRING_TRAVERSAL_FACTOR), scale(units, REGEX_LENGTH_FACTOR)),
          compile,
        ),
        resultSize: { min: 0, max: sizes[input]!.max },
      };
    },
  };
}

export function regexMatchCost(inputSize: number, units: number): number {
  return traverse(1 + inputSize) * Math.ceil(units * REGEX_LENGTH_FACTOR);
}

/** One pass over a list argument (`in`, `indexOf`, `sum`, …), or over a string (`indexOf`). */
export function listTraversal(i: number): Cost {
  return {
    cost: (args) => (typeof args[i] === 'string' ? traverse(size(args, i)) : size(args, i)),
    estimate: (sizes, infos) => {
      if (infos[i]?.type.kind === 'primitive') return { cost: scale(sizes[i]!, STRING_TRAVERSAL_FACTOR) };
      const elem = infos[i]?.elemSize;
      const perElement: CostEstimate = elem ? add(ONE, scale(elem, STRING_TRAVERSAL_FACTOR)) : ONE;
      return { cost: multiply(sizes[i]!, perElement) };
    },
  };
}

/** `sets.contains`, `sets.intersects` (factor 1) and `sets.equivalent` (2): every pair may be compared. */
export function setsCost(factor: number): Cost {
  return {
    cost: (args) => 1 + factor * size(args, 0) * size(args, 1),
    estimate: (sizes) => ({ cost: add(ONE, scale(multiply(sizes[0]!, sizes[1]!), factor)) }),
  };
}

/** `replace`: the input traversed and the result built, the result's size counted before it is. */
export const replaceCost: Cost = {
  cost: (args) => {
    const [text, from, to] = args as [string, string, string];
    const limit = args.length > 3 ? Number(args[3] as bigint) : -1;
    return traverse(text.length + text.length + occurrences(text, from, limit) * (to.length - from.length));
  },
  estimate: (sizes) => {
    const [text, from, to] = sizes as [SizeEstimate, SizeEstimate, SizeEstimate];
    // The API server's bounds: the most replacements of the shortest text by the longest replacement.
    const most = from.min === 0 ? text.max + 1 : to.max <= from.min ? 0 : Math.ceil(text.max / from.min);
    const fewest = from.max === 0 ? text.min + 1 : from.max <= to.min ? 0 : Math.ceil(text.min / from.max);
    const result = {
      min: to.max <= from.min && from.min > 0 ? fewest * to.min : text.min + fewest * to.min,
      max: text.max + most * to.max,
    };
    return { cost: scale(add(text, result), STRING_TRAVERSAL_FACTOR), resultSize: result };
  },
};

/** How many times `replace` replaces: at most `limit` (all when negative); an empty text matches at every rune. */
export function occurrences(text: string, from: string, limit: number): number {
  if (limit === 0) return 0;
  let count = 0;
  if (from === '') {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) count++;
    }
    count++;
  } else {
    for (let at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + from.length)) count++;
  }
  return limit < 0 ? count : Math.min(count, limit);
}

/** `split`: traversal and construction of the parts, as the API server charges it. */
export const splitCost: Cost = {
  cost: (args) => traverse(2 * size(args, 0)),
  estimate: (sizes) => ({
    cost: scale(sizes[0]!, 2 * STRING_TRAVERSAL_FACTOR),
    resultSize: { min: 0, max: sizes[0]!.max },
  }),
};

/** `join`: the result built and traversed, its size the parts' and separators' (counted first). */
export const joinCost: Cost = {
  cost: (args) => {
    const list = args[0] as CelList;
    let length = 0;
    for (const item of list) length += typeof item === 'string' ? item.length : 0;
    if (args.length > 1 && list.size > 1) length += (args[1] as string).length * (list.size - 1);
    return traverse(2 * length);
  },
  estimate: (sizes, infos) => {
    const elem = infos[0]?.elemSize ?? { min: 0, max: Infinity };
    let result = multiply(sizes[0]!, elem);
    if (sizes.length > 1) {
      const separators = { min: Math.max(0, sizes[0]!.min - 1), max: Math.max(0, sizes[0]!.max - 1) };
      result = add(result, multiply(sizes[1]!, separators));
    }
    return { cost: scale(result, 2 * STRING_TRAVERSAL_FACTOR), resultSize: result };
  },
};

/**
 * `format`: the format string, the characters the arguments print and the padding their precisions
 * ask for (0.1 each), and 1 per value printed (formatting a number or a list entry is work of its
 * own), sized before printing.
 */
export const formatCost: Cost = {
  cost: (args) => {
    const printed = printedSize(args[1] as Val);
    return traverse(size(args, 0) + printed.characters + precisionWidth(args[0] as string)) + printed.values;
  },
  estimate: (sizes, infos) => {
    const elem = infos[1]?.elemSize ?? { min: 1, max: Infinity };
    const format = infos[0]?.constant;
    // A precision pads what it prints: known for a literal format string, unbounded for another.
    const padding = typeof format === 'string' ? fixed(precisionWidth(format)) : { min: 0, max: Infinity };
    const characters = scale(add(add(sizes[0]!, padding), multiply(sizes[1]!, elem)), STRING_TRAVERSAL_FACTOR);
    return { cost: add(characters, add(ONE, sizes[1]!)) };
  },
};

/** What `%s` prints of a value: the values in it, and the characters of its strings and bytes. */
function printedSize(value: Val): { values: number; characters: number } {
  const stack: Val[] = [value];
  let values = 0;
  let characters = 0;
  while (stack.length) {
    const item = stack.pop()!;
    values++;
    if (isCelList(item)) for (const element of item) stack.push(element as Val);
    else if (isCelMap(item)) for (const [key, entry] of item) stack.push(key as Val, entry as Val);
    else characters += item instanceof OpaqueValue ? item.costSize() : costSize(item);
  }
  return { values, characters };
}

export const nominal = (units: number): Cost => ({
  cost: () => units,
  estimate: () => ({ cost: fixed(units) }),
});

/**
 * Deep equality (`==` of lists and maps, `in`, `indexOf`, `sets.*`) is charged, beyond the call's
 * own cost, 0.25 per nested value it compares, 256 units at a time as it compares them. cel-go
 * charges only the top level (0.1 per element), not what comparing nested maps and lists costs.
 */
export const EQUALITY_NODE_FACTOR = 0.25;

export function equalityMeter(meter: Meter): () => void {
  let nodes = 0;
  return () => {
    if (++nodes % 1024 === 0) charge(meter, 1024 * EQUALITY_NODE_FACTOR);
  };
}

export { union };

/**
 * The lists extension (cel-go ext/lists.go, version 3) charges what a call allocates: one per
 * element of the list it builds, plus the call and the list. The size is known from the arguments
 * before the list is built.
 */
const ALLOCATION = 1 + LIST_CREATE_COST;
const allocating = (elements: SizeEstimate): CostEstimate => add(elements, fixed(ALLOCATION));
const intArg = (args: Val[], i: number, fallback: bigint) =>
  typeof args[i] === 'bigint' ? (args[i] as bigint) : fallback;
const constantInt = (infos: readonly { constant?: unknown }[], i: number) =>
  typeof infos[i]?.constant === 'bigint' ? Number(infos[i]!.constant) : undefined;

/** `slice(start, end)`: the sub-list's size (an invalid range builds nothing: 1, as cel-go counts an error). */
export const sliceCost: Cost = {
  cost: (args) => {
    const [start, end] = [intArg(args, 1, 0n), intArg(args, 2, 0n)];
    const valid = start >= 0n && end >= start && end <= BigInt(size(args, 0));
    return ALLOCATION + (valid ? Number(end - start) : 1);
  },
  estimate: (sizes, infos) => {
    const start = Math.max(0, constantInt(infos, 1) ?? 0);
    const end = Math.max(start, constantInt(infos, 2) ?? sizes[0]!.max);
    const result = { min: 0, max: end - start };
    return { cost: allocating(result), resultSize: result };
  },
};

/** `reverse()`: the list's size. */
export const reverseCost: Cost = {
  cost: (args) => ALLOCATION + size(args, 0),
  estimate: (sizes) => ({ cost: allocating(sizes[0]!), resultSize: sizes[0]! }),
};

/** What `lists.range(n)` builds at most (cel-go's default ListsMaxRangeSize, which Kubernetes keeps). */
export const MAX_RANGE_SIZE = 1_000_000;

/** `lists.range(n)`: n elements; a size it refuses builds nothing. */
export const rangeCost: Cost = {
  cost: (args) => {
    const n = intArg(args, 0, 0n);
    return ALLOCATION + (n >= 0n && n <= BigInt(MAX_RANGE_SIZE) ? Number(n) : 1);
  },
  estimate: (_sizes, infos) => {
    const n = constantInt(infos, 0);
    const result = n === undefined ? { min: 0, max: MAX_RANGE_SIZE } : fixed(Math.min(Math.max(n, 1), MAX_RANGE_SIZE));
    return { cost: allocating(result), resultSize: result };
  },
};

/**
 * `flatten(depth)`: depth × size, as cel-go charges it, or the number of values the flattened list
 * holds when that is more (`[[1, 2, 3]].flatten()` copies three values from a list of one): the
 * values are counted before the list is built.
 */
export const flattenCost: Cost = {
  cost: (args) => {
    const depth = intArg(args, 1, 1n);
    const n = size(args, 0);
    const byDepth = depth < 0n ? n : Number(depth) * n;
    return ALLOCATION + Math.max(byDepth, depth < 0n ? 0 : flattenedSize(args[0] as CelList, Number(depth)));
  },
  estimate: (sizes, infos) => {
    const depth = infos.length > 1 ? constantInt(infos, 1) : 1;
    const n = sizes[0]!;
    const inner = depth === 1 && infos[0]?.elemSize ? Math.max(1, infos[0].elemSize.max) : UNBOUNDED_VALUES;
    const result = { min: 0, max: timesMax(n.max, Math.max(depth ?? Infinity, inner)) };
    return { cost: allocating(result), resultSize: result };
  },
};

/** The most values a request can hold (3 MiB, two bytes a value): the bound of anything unbounded. */
const UNBOUNDED_VALUES = Math.floor((3 * 1024 * 1024 - 2) / 2);

function timesMax(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

/** How many values `list.flatten(depth)` holds, counted without building it. */
export function flattenedSize(list: CelList, depth: number): number {
  let count = 0;
  const stack: [CelList, number][] = [[list, depth]];
  while (stack.length) {
    const [items, left] = stack.pop()!;
    for (const item of items) {
      if (left > 0 && isCelList(item)) stack.push([item as CelList, left - 1]);
      else count++;
    }
  }
  return count;
}

/** `distinct()`: every pair may be compared, twice the square of the size, as cel-go charges it. */
export const distinctCost: Cost = {
  cost: (args) => ALLOCATION + 2 * size(args, 0) ** 2,
  estimate: (sizes) => ({ cost: allocating(scale(multiply(sizes[0]!, sizes[0]!), 2)), resultSize: sizes[0]! }),
};

/**
 * `sort()` and the key list of `sortBy()`: a comparison sort's n⌈log₂n⌉ comparisons and the copy.
 * cel-go's estimate is quadratic (2 per pair, 2.1 for strings and bytes) and its runtime charge a
 * flat 1; Rampart estimates as cel-go does and charges the work, which stays below the estimate.
 */
export function sortCost(keys: number): Cost {
  return {
    cost: (args) => {
      const n = size(args, keys);
      return ALLOCATION + n + n * Math.ceil(Math.log2(Math.max(n, 1)));
    },
    estimate: (sizes, infos) => {
      const elem = infos[keys]?.type.kind === 'list' ? infos[keys].type.elem : undefined;
      const stringLike = elem?.kind === 'primitive' && (elem.name === 'string' || elem.name === 'bytes');
      const pairs = multiply(sizes[keys]!, sizes[keys]!);
      return { cost: allocating(scale(pairs, stringLike ? 2 + STRING_TRAVERSAL_FACTOR : 2)), resultSize: sizes[0]! };
    },
  };
}
