/**
 * Macros as loops. Results, error absorption and short-circuiting are those of the folds cel-go
 * expands them into (`all`: false wins over an error; `exists`: true wins; `exists_one`, `map`,
 * `filter`, `transform*`: any error is the result), and each iteration is charged what the fold's
 * loop condition and step cost in cel-go, so runaway nesting stops at the cost limit.
 */

import { MACRO_COST, sortCost } from '../functions/costs.js';
import { sortByKeys } from '../libraries/lists-ext.js';
import type { LoopNode } from '../parser/ast.js';
import {
  asCelMap,
  type CelList,
  type CelMap,
  ErrorVal,
  isCelList,
  isCelMap,
  isError,
  keyText,
  mapGet,
  newList,
  OptionalValue,
  typeName,
  type Val,
  ValueMap,
} from '../values.js';
import { charge, type Eval, type Frame } from './frame.js';
import type { Planner } from './plan.js';

type Step = (frame: Frame, first: Val, second: Val) => ErrorVal | typeof STOP | undefined;
const STOP = Symbol('stop');
const NO_LITERALS = { literal: [] };

export function planLoop(planner: Planner, expr: LoopNode): Eval {
  const range = planner.node(expr.range);
  const names = [expr.var1, ...(expr.var2 !== undefined ? [expr.var2] : [])];
  const slots = planner.pushScope(names);
  const predicate = expr.predicate ? planner.node(expr.predicate) : undefined;
  const transform = expr.transform ? planner.node(expr.transform) : undefined;
  planner.popScope();
  const [slot1, slot2] = [slots[0]!, slots[1]];
  const id = expr.id;

  if (expr.macro === 'bind') {
    return (frame) => {
      const value = range(frame);
      if (isError(value)) return value;
      frame.slots[slot1] = value;
      return transform!(frame);
    };
  }
  if (expr.macro === 'optMap' || expr.macro === 'optFlatMap') {
    const flat = expr.macro === 'optFlatMap';
    return (frame) => {
      const value = range(frame);
      if (isError(value)) return value;
      if (!(value instanceof OptionalValue))
        return new ErrorVal(`${expr.macro}() needs an optional, found ${typeName(value)}`, id);
      if (value.value === undefined) return value;
      frame.slots[slot1] = value.value;
      const result = transform!(frame);
      if (isError(result) || !flat) return isError(result) ? result : OptionalValue.of(result);
      return result instanceof OptionalValue
        ? result
        : new ErrorVal(`optFlatMap() must produce an optional, found ${typeName(result)}`, id);
    };
  }

  const { iteration: perIteration, completion } = MACRO_COST[expr.macro];
  const twoVars = slot2 !== undefined;
  const iterate = (frame: Frame, value: Val, step: Step): ErrorVal | undefined => {
    if (isCelList(value)) {
      const list = value as CelList;
      for (let i = 0; i < list.size; i++) {
        charge(frame, perIteration);
        const element = list.get(i) as Val;
        const first: Val = twoVars ? BigInt(i) : element;
        frame.slots[slot1] = first;
        if (twoVars) frame.slots[slot2] = element;
        const outcome = step(frame, first, element);
        if (outcome !== undefined && outcome !== STOP) return outcome;
        if (outcome === STOP) return undefined;
      }
      return undefined;
    }
    if (isCelMap(value)) {
      for (const key of (value as CelMap).keys()) {
        charge(frame, perIteration);
        const entry = twoVars ? (mapGet(value as CelMap, key as Val) as Val) : null;
        if (isError(entry)) return entry;
        frame.slots[slot1] = key as Val;
        if (twoVars) frame.slots[slot2] = entry;
        const outcome = step(frame, key as Val, entry);
        if (outcome !== undefined && outcome !== STOP) return outcome;
        if (outcome === STOP) return undefined;
      }
      return undefined;
    }
    return new ErrorVal(`expression of type '${typeName(value)}' cannot be the range of a comprehension`, id);
  };

  const noBool = (value: Val) => new ErrorVal(`no such overload: expected bool, found ${typeName(value)}`, id);

  switch (expr.macro) {
    case 'all':
    case 'exists': {
      const decisive = expr.macro === 'exists';
      return (frame) => {
        const value = range(frame);
        if (isError(value)) return value;
        let error: ErrorVal | undefined;
        let decided = false;
        const failure = iterate(frame, value, (f) => {
          const result = predicate!(f);
          if (result === decisive) {
            decided = true;
            return STOP;
          }
          if (result !== !decisive && !error) error = isError(result) ? result : noBool(result);
          return undefined;
        });
        charge(frame, completion);
        if (decided) return decisive;
        if (failure) return failure;
        return error ?? !decisive;
      };
    }
    case 'exists_one':
      return (frame) => {
        const value = range(frame);
        if (isError(value)) return value;
        let count = 0;
        const failure = iterate(frame, value, (f) => {
          const result = predicate!(f);
          if (result === true) count++;
          else if (result !== false) return isError(result) ? result : noBool(result);
          return undefined;
        });
        charge(frame, completion);
        return failure ?? count === 1;
      };
    case 'map':
    case 'filter':
    case 'transformList':
      return (frame) => {
        const value = range(frame);
        if (isError(value)) return value;
        const out: Val[] = [];
        const failure = iterate(frame, value, (f, first) => {
          if (predicate) {
            const keep = predicate(f);
            if (keep === false) return undefined;
            if (keep !== true) return isError(keep) ? keep : noBool(keep);
          }
          if (!transform) {
            out.push(first);
            return undefined;
          }
          const mapped = transform(f);
          if (isError(mapped)) return mapped;
          out.push(mapped);
          return undefined;
        });
        charge(frame, completion);
        return failure ?? newList(out);
      };
    case 'sortBy': {
      const sortCharge = sortCost(0).cost;
      return (frame) => {
        const value = range(frame);
        if (isError(value)) return value;
        const keys: Val[] = [];
        const failure = iterate(frame, value, (f) => {
          const key = transform!(f);
          if (isError(key)) return key;
          keys.push(key);
          return undefined;
        });
        charge(frame, completion);
        if (failure) return failure;
        if (!isCelList(value))
          return new ErrorVal(`no such overload: '@sortByAssociatedKeys' applied to '${typeName(value)}.(list)'`, id);
        charge(frame, sortCharge([newList(keys)], NO_LITERALS));
        const sorted = sortByKeys(value as CelList, keys);
        return isError(sorted) ? new ErrorVal(sorted.message, id) : sorted;
      };
    }
    case 'transformMap':
    case 'transformMapEntry': {
      const entries = expr.macro === 'transformMapEntry';
      return (frame) => {
        const value = range(frame);
        if (isError(value)) return value;
        const out = new ValueMap();
        const failure = iterate(frame, value, (f, first) => {
          if (predicate) {
            const keep = predicate(f);
            if (keep === false) return undefined;
            if (keep !== true) return isError(keep) ? keep : noBool(keep);
          }
          const mapped = transform!(f);
          if (isError(mapped)) return mapped;
          if (!entries) {
            out.set(first as never, mapped);
            return undefined;
          }
          if (!isCelMap(mapped))
            return new ErrorVal(`transformMapEntry() must produce a map, found ${typeName(mapped)}`, id);
          for (const [key, entry] of mapped as CelMap) {
            if (!out.set(key, entry))
              return new ErrorVal(`insert failed: key ${keyText(key as Val)} already exists`, id);
          }
          return undefined;
        });
        charge(frame, completion);
        return failure ?? asCelMap(out);
      };
    }
  }
  return () => new ErrorVal(`unsupported macro ${expr.macro}`, id);
}
