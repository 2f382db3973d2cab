/**
 * Cost formulas shared by runtime accounting and the static estimate, in the API server's units
 * (cel-go's interpreter/runtimecost.go and checker/cost.go, Kubernetes' library/cost.go):
 * a string traversal costs 0.1 per character, a regex 0.25 per pattern character times the input.
 */
import { add, type CostEstimate, fixed, multiply, ONE, type SizeEstimate, scale } from '../cost/estimate-types.js';
import { costSize, type Result, type Val } from '../values.js';
import type { RuntimeCost, StaticCost } from './registry.js';

export const STRING_TRAVERSAL_FACTOR = 0.1;
export const REGEX_LENGTH_FACTOR = 0.25;
export const LIST_CREATE_COST = 10;
export const MAP_CREATE_COST = 30;
export const STRUCT_CREATE_COST = 40;

const traverse = (n: number) => Math.ceil(n * STRING_TRAVERSAL_FACTOR);

/** Cost of traversing argument `i` once. */
export function traversal(i: number): { cost: RuntimeCost; estimate: StaticCost } {
  return {
    cost: (args) => traverse(costSize(args[i] as Val)),
    estimate: (sizes) => ({ cost: scale(sizes[i]!, STRING_TRAVERSAL_FACTOR) }),
  };
}

/** Cost of traversing argument `i` twice (parse and build, or parse and compare). */
export function doubleTraversal(i: number): { cost: RuntimeCost; estimate: StaticCost } {
  return {
    cost: (args) => traverse(2 * costSize(args[i] as Val)),
    estimate: (sizes) => ({ cost: scale(sizes[i]!, 2 * STRING_TRAVERSAL_FACTOR) }),
  };
}

/** Equality and ordering of strings, bytes, lists: the shorter operand is traversed. */
export const compareCost: { cost: RuntimeCost; estimate: StaticCost } = {
  cost: (args) => traverse(Math.min(costSize(args[0] as Val), costSize(args[1] as Val))),
  estimate: (sizes) => ({
    cost: scale(
      { min: Math.min(sizes[0]!.min, sizes[1]!.min), max: Math.min(sizes[0]!.max, sizes[1]!.max) },
      STRING_TRAVERSAL_FACTOR,
    ),
  }),
};

/** Concatenation: both operands are copied. */
export const concatCost: { cost: RuntimeCost; estimate: StaticCost } = {
  cost: (args) => traverse(costSize(args[0] as Val) + costSize(args[1] as Val)),
  estimate: (sizes) => ({
    cost: scale(add(sizes[0]!, sizes[1]!), STRING_TRAVERSAL_FACTOR),
    resultSize: add(sizes[0]!, sizes[1]!),
  }),
};

/** `contains`: input length × substring length. */
export const containsCost: { cost: RuntimeCost; estimate: StaticCost } = {
  cost: (args) => traverse(costSize(args[0] as Val)) * traverse(costSize(args[1] as Val)),
  estimate: (sizes) => ({
    cost: multiply(scale(sizes[0]!, STRING_TRAVERSAL_FACTOR), scale(sizes[1]!, STRING_TRAVERSAL_FACTOR)),
  }),
};

/** RE2 is linear in input × pattern; a pattern is guessed to hold one state per four characters. */
export function regexCost(input: number, pattern: number): { cost: RuntimeCost; estimate: StaticCost } {
  return {
    cost: (args) =>
      traverse(1 + costSize(args[input] as Val)) * Math.ceil(costSize(args[pattern] as Val) * REGEX_LENGTH_FACTOR),
    estimate: (sizes) => ({
      cost: multiply(
        scale(add(sizes[input]!, ONE), STRING_TRAVERSAL_FACTOR),
        scale(sizes[pattern]!, REGEX_LENGTH_FACTOR),
      ),
      resultSize: { min: 0, max: sizes[input]!.max },
    }),
  };
}

/** One pass over a list argument (`in`, `indexOf`, `sum`, …). */
export function listTraversal(i: number): { cost: RuntimeCost; estimate: StaticCost } {
  return {
    cost: (args) => costSize(args[i] as Val),
    estimate: (sizes, infos) => {
      const elem = infos[i]?.elemSize;
      const perElement: CostEstimate = elem ? add(ONE, scale(elem, STRING_TRAVERSAL_FACTOR)) : ONE;
      return { cost: multiply(sizes[i]!, perElement) };
    },
  };
}

export const nominal = (units: number): { cost: RuntimeCost; estimate: StaticCost } => ({
  cost: () => units,
  estimate: () => ({ cost: fixed(units) }),
});

export const resultSize = (result: Result): number => costSize(result);

export type { SizeEstimate };
