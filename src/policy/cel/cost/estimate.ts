/**
 * Static cost estimate over the checked tree, in the units the runtime charges (plan.ts, loops.ts,
 * functions/costs.ts). Sizes come from the declared types' bounds (OpenAPI maxItems, maxLength,
 * maxProperties); without a bound, the API server's assumption applies: nothing in a request is
 * larger than the 3 MiB request limit, and a list or map element takes at least 2 bytes.
 */
import type { Checked } from '../checker/checker.js';
import type { Type } from '../checker/types.js';
import { LIST_CREATE_COST, MACRO_COST, MAP_CREATE_COST, STRUCT_CREATE_COST, sortCost } from '../functions/costs.js';
import type { ArgInfo } from '../functions/registry.js';
import { type Expr, isLiteral, type LoopNode } from '../parser/ast.js';
import { add, type CostEstimate, fixed, multiply, ONE, type SizeEstimate, union, ZERO } from './estimate-types.js';

/** kube-apiserver's maximum request body (3 MiB). */
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;
const UNBOUNDED_STRING: SizeEstimate = { min: 0, max: MAX_REQUEST_BYTES };
const UNBOUNDED_COLLECTION: SizeEstimate = { min: 0, max: Math.floor((MAX_REQUEST_BYTES - 2) / 2) };

interface Estimate {
  cost: CostEstimate;
  size: SizeEstimate;
  /** Size of the elements, for lists. */
  elemSize?: SizeEstimate;
}

function sizeOfType(type: Type | undefined): SizeEstimate {
  if (!type) return UNBOUNDED_COLLECTION;
  switch (type.kind) {
    case 'primitive':
      if (type.name === 'string' || type.name === 'bytes') {
        return type.maxSize !== undefined ? { min: 0, max: type.maxSize } : UNBOUNDED_STRING;
      }
      return ONE;
    case 'list':
    case 'map':
      return type.maxSize !== undefined ? { min: 0, max: type.maxSize } : UNBOUNDED_COLLECTION;
    case 'dyn':
    case 'error':
      return UNBOUNDED_STRING;
    default:
      return ONE;
  }
}

export function estimateCost(expr: Expr, checked: Checked): CostEstimate {
  const estimator = new Estimator(checked);
  const { cost } = estimator.visit(expr);
  return { min: cost.min, max: cost.max };
}

class Estimator {
  private readonly locals: Map<string, SizeEstimate>[] = [];

  constructor(private readonly checked: Checked) {}

  private typeOf(expr: Expr): Type | undefined {
    return this.checked.types.get(expr.id);
  }

  private sized(expr: Expr, cost: CostEstimate): Estimate {
    const type = this.typeOf(expr);
    const elem = type?.kind === 'list' ? sizeOfType(type.elem) : undefined;
    return { cost, size: sizeOfType(type), ...(elem ? { elemSize: elem } : {}) };
  }

  visit(expr: Expr): Estimate {
    switch (expr.kind) {
      case 'const': {
        const value = expr.value;
        const size = value.type === 'string' || value.type === 'bytes' ? fixed(value.value.length) : ONE;
        return { cost: ZERO, size };
      }
      case 'ident': {
        for (let i = this.locals.length - 1; i >= 0; i--) {
          const local = this.locals[i]!.get(expr.name);
          if (local) return { cost: ONE, size: local };
        }
        return this.sized(expr, this.checked.refs.get(expr.id)?.kind === 'type' ? ZERO : ONE);
      }
      case 'select': {
        if (this.checked.refs.has(expr.id)) return this.sized(expr, ONE);
        const operand = this.visit(expr.operand);
        return this.sized(expr, add(operand.cost, expr.test ? ZERO : ONE));
      }
      case 'index': {
        const operand = this.visit(expr.operand);
        const index = this.visit(expr.index);
        const size = operand.elemSize;
        const result = this.sized(expr, add(add(operand.cost, index.cost), ONE));
        return size ? { ...result, size } : result;
      }
      case 'call':
        return this.call(expr);
      case 'list': {
        // A literal of literals is built once (plan.ts): nothing at runtime, the API server's 10 at most.
        let cost = isLiteral(expr) ? { min: 0, max: LIST_CREATE_COST } : fixed(LIST_CREATE_COST);
        let elem: SizeEstimate | undefined;
        for (const element of expr.elements) {
          const e = this.visit(element);
          cost = add(cost, e.cost);
          elem = elem ? union(elem, e.size) : e.size;
        }
        return { cost, size: fixed(expr.elements.length), ...(elem ? { elemSize: elem } : {}) };
      }
      case 'map': {
        let cost = isLiteral(expr) ? { min: 0, max: MAP_CREATE_COST } : fixed(MAP_CREATE_COST);
        for (const entry of expr.entries)
          cost = add(add(cost, this.visit(entry.key).cost), this.visit(entry.value).cost);
        return { cost, size: fixed(expr.entries.length) };
      }
      case 'struct': {
        let cost = fixed(STRUCT_CREATE_COST);
        for (const field of expr.fields) cost = add(cost, this.visit(field.value).cost);
        return { cost, size: fixed(expr.fields.length) };
      }
      case 'loop':
        return this.loop(expr);
    }
  }

  private call(expr: Extract<Expr, { kind: 'call' }>): Estimate {
    const argNodes = expr.target && !this.checked.namespaced.has(expr.id) ? [expr.target, ...expr.args] : expr.args;
    const args = argNodes.map((node) => this.visit(node));
    if (expr.fn === '_&&_' || expr.fn === '_||_') {
      const [left, right] = args as [Estimate, Estimate];
      // The left side decides alone, or fails part way and the right side decides (the error is absorbed).
      const min = Math.min(left.cost.min, right.cost.min);
      return { cost: { min, max: left.cost.max + right.cost.max }, size: ONE };
    }
    if (expr.fn === '_?_:_') {
      const [condition, truthy, falsy] = args as [Estimate, Estimate, Estimate];
      return { cost: add(condition.cost, union(truthy.cost, falsy.cost)), size: union(truthy.size, falsy.size) };
    }
    let argsCost = ZERO;
    for (const arg of args) argsCost = add(argsCost, arg.cost);
    const overloads = this.checked.calls.get(expr.id) ?? [];
    const sizes = args.map((arg) => arg.size);
    const infos: ArgInfo[] = argNodes.map((node, i) => ({
      type: this.typeOf(node) ?? { kind: 'dyn' },
      ...(node.kind === 'const' ? { constant: 'value' in node.value ? node.value.value : null } : {}),
      ...(args[i]!.elemSize ? { elemSize: args[i]!.elemSize } : {}),
    }));
    let callCost: CostEstimate | undefined;
    let resultSize: SizeEstimate | undefined;
    for (const overload of overloads) {
      const estimate = overload.estimate ? overload.estimate(sizes, infos) : { cost: ONE };
      callCost = callCost ? union(callCost, estimate.cost) : estimate.cost;
      if (estimate.resultSize) resultSize = resultSize ? union(resultSize, estimate.resultSize) : estimate.resultSize;
    }
    const result = this.sized(expr, add(argsCost, callCost ?? ONE));
    return resultSize ? { ...result, size: resultSize } : result;
  }

  private loop(expr: LoopNode): Estimate {
    const range = this.visit(expr.range);
    const single = expr.macro === 'bind' || expr.macro === 'optMap' || expr.macro === 'optFlatMap';
    const scope = new Map<string, SizeEstimate>();
    const rangeType = this.typeOf(expr.range);
    const elemSize = range.elemSize ?? (rangeType?.kind === 'map' ? sizeOfType(rangeType.key) : UNBOUNDED_STRING);
    scope.set(expr.var1, single ? range.size : expr.var2 !== undefined && rangeType?.kind === 'list' ? ONE : elemSize);
    if (expr.var2 !== undefined)
      scope.set(expr.var2, rangeType?.kind === 'map' ? sizeOfType(rangeType.value) : elemSize);
    this.locals.push(scope);
    const { iteration, completion } = MACRO_COST[expr.macro];
    let body = fixed(iteration);
    if (expr.predicate) body = add(body, this.visit(expr.predicate).cost);
    let transform: Estimate | undefined;
    if (expr.transform) {
      transform = this.visit(expr.transform);
      body = add(body, transform.cost);
    }
    this.locals.pop();
    const iterations = single ? ONE : range.size;
    // A loop may stop at its first element (all, exists) or run none: the minimum is the range alone.
    const loopCost = multiply(iterations, body);
    let cost = { min: range.cost.min + completion, max: range.cost.max + loopCost.max + completion };
    if (expr.macro === 'sortBy') {
      const keys = { kind: 'list', elem: (transform && this.typeOf(expr.transform!)) ?? { kind: 'dyn' } } as const;
      cost = add(cost, sortCost(0).estimate([range.size], [{ type: keys }]).cost);
    }
    const lists = ['map', 'filter', 'transformList', 'sortBy'];
    const size = lists.includes(expr.macro) ? range.size : ONE;
    return {
      cost,
      size: single && transform ? transform.size : size,
      ...(expr.macro === 'map' && transform ? { elemSize: transform.size } : {}),
      ...(expr.macro === 'sortBy' && range.elemSize ? { elemSize: range.elemSize } : {}),
    };
  }
}
