/** The state of one evaluation: variables, comprehension slots and the cost counter. */
import type { Result, Val } from '../values.js';

export interface Frame {
  vars: Readonly<Record<string, Val | undefined>>;
  /** Comprehension variables, by slot assigned at planning. */
  slots: Result[];
  cost: number;
  /** The evaluation stops when `cost` exceeds this: the smaller of the per-call limit and the budget left. */
  limit: number;
}

/** A planned node. */
export type Eval = (frame: Frame) => Result;

/** Thrown (never returned) so that `||`, `&&` and macros cannot absorb it. */
export class CostExceeded extends Error {
  constructor(readonly cost: number) {
    super('cost exceeded');
  }
}

export function charge(frame: Frame, units: number): void {
  frame.cost += units;
  if (frame.cost > frame.limit) throw new CostExceeded(frame.cost);
}
