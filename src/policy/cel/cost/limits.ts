import type { CostBudget } from '../index.js';

/** The API server's per-expression runtime limit (k8s.io/apiserver/pkg/apis/cel: PerCallLimit). */
export const DEFAULT_PER_CALL_LIMIT = 1_000_000;
/** The API server's budget for all the expressions of one admission evaluation (RuntimeCELCostBudget). */
export const DEFAULT_POLICY_BUDGET = 10_000_000;

/** A fresh budget for one policy evaluation. */
export function newCostBudget(units: number = DEFAULT_POLICY_BUDGET): CostBudget {
  return { remaining: units };
}
