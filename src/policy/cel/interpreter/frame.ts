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

export function charge(frame: Pick<Frame, 'cost' | 'limit'>, units: number): void {
  frame.cost += units;
  if (frame.cost > frame.limit) throw new CostExceeded(frame.cost);
}

/**
 * What an evaluation error says when JavaScript itself threw (a value nested deeper than the stack,
 * a string or number too large to build): the kind of limit reached, never the engine's own text.
 */
export function thrownMessage(error: unknown, where: string): string {
  const text = error instanceof Error ? error.message : '';
  if (error instanceof RangeError) {
    if (/call stack/i.test(text)) return `${where}: a value is nested too deeply to evaluate`;
    if (/length|size|allocation|too large/i.test(text)) return `${where}: the result is too large`;
  }
  return `${where}: evaluation failed on this input`;
}
