/** Ranges for the static estimate; `max` may be Infinity when an input is unbounded. */
export interface CostEstimate {
  min: number;
  max: number;
}

export type SizeEstimate = CostEstimate;

export const ZERO: CostEstimate = { min: 0, max: 0 };
export const ONE: CostEstimate = { min: 1, max: 1 };

export const fixed = (n: number): CostEstimate => ({ min: n, max: n });

export function add(a: CostEstimate, b: CostEstimate): CostEstimate {
  return { min: a.min + b.min, max: a.max + b.max };
}

export function multiply(a: CostEstimate, b: CostEstimate): CostEstimate {
  return { min: a.min * b.min, max: timesMax(a.max, b.max) };
}

/** Cost of traversing `size` units at `factor` per unit, rounded up like cel-go. */
export function scale(size: SizeEstimate, factor: number): CostEstimate {
  return { min: Math.ceil(size.min * factor), max: size.max === Infinity ? Infinity : Math.ceil(size.max * factor) };
}

/** Either branch: the smaller minimum and the larger maximum. */
export function union(a: CostEstimate, b: CostEstimate): CostEstimate {
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

function timesMax(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return a * b;
}
