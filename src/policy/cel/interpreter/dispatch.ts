/**
 * Calls: static dispatch when the checker left one overload whose parameters the arguments are
 * known to satisfy, runtime dispatch over the candidates otherwise (arguments typed `dyn`).
 * Arguments are strict: the first error among them is the result.
 */
import type { Checked } from '../checker/checker.js';
import { isDyn, type Type } from '../checker/types.js';
import { type CallSite, matchesType, type Overload } from '../functions/registry.js';
import type { CallNode } from '../parser/ast.js';
import { ErrorVal, isError, type Result, typeName, type Val } from '../values.js';
import { CostExceeded, charge, type Eval, type Frame, thrownMessage } from './frame.js';
import type { Planner } from './plan.js';

function staticallyResolved(overload: Overload, argTypes: (Type | undefined)[]): boolean {
  return overload.params.every((param, i) => {
    if (param.kind === 'dyn' || param.kind === 'param') return true;
    const arg = argTypes[i];
    return arg !== undefined && !isDyn(arg);
  });
}

function describeArgs(name: string, member: boolean, args: Val[]): string {
  const types = args.map(typeName);
  return member
    ? `'${name}' applied to '${types[0]}.(${types.slice(1).join(', ')})'`
    : `'${name}' applied to '(${types.join(', ')})'`;
}

/** Charges the call's cost, then runs it: a call the limit cannot pay for does no work. */
function invoke(overload: Overload, args: Val[], id: number, frame: Frame, site: CallSite): Result {
  charge(frame, overload.cost ? overload.cost(args, site) : 1);
  let result: Result;
  try {
    result = overload.impl(args, frame);
  } catch (error) {
    if (error instanceof CostExceeded) throw error;
    return new ErrorVal(thrownMessage(error, overload.name), id);
  }
  if (isError(result) && result.id === 0) return new ErrorVal(result.message, id, result.kind);
  return result;
}

export function planCall(planner: Planner, expr: CallNode): Eval {
  const checked: Checked | undefined = planner.context.checked;
  let name = expr.fn;
  let member = expr.target !== undefined;
  let target = expr.target;
  const namespaced = checked?.namespaced.get(expr.id) ?? uncheckedNamespace(planner, expr);
  if (namespaced) {
    name = namespaced;
    member = false;
    target = undefined;
  }
  const argNodes = target ? [target, ...expr.args] : expr.args;
  const args = argNodes.map((node) => planner.node(node));
  const candidates = planner.candidates(expr, name, member);
  const id = expr.id;
  const n = args.length;
  if (candidates.length === 0) {
    return () => new ErrorVal(`no such function: ${name}`, id);
  }
  const argTypes = argNodes.map((node) => checked?.types.get(node.id));
  const only = candidates.length === 1 && staticallyResolved(candidates[0]!, argTypes) ? candidates[0]! : undefined;

  const evaluateArgs = (frame: Parameters<Eval>[0]): Val[] | ErrorVal => {
    const values = new Array<Val>(n);
    for (let i = 0; i < n; i++) {
      const value = args[i]!(frame);
      if (isError(value)) return value;
      values[i] = value;
    }
    return values;
  };

  const site: CallSite = { literal: argNodes.map((node) => node.kind === 'const') };
  if (only) {
    // The checker's types hold for the values, except where a declaration says more than the data
    // holds (namespaceObject's creationTimestamp is a string): cel-go's type guards, then, say so.
    const guarded = only.params.flatMap((param, i) => (param.kind === 'dyn' || param.kind === 'param' ? [] : [i]));
    return (frame) => {
      const values = evaluateArgs(frame);
      if (isError(values)) return values;
      for (const i of guarded) {
        if (!matchesType(values[i]!, only.params[i]!))
          return new ErrorVal(`no such overload: ${describeArgs(name, member, values)}`, id);
      }
      return invoke(only, values, id, frame, site);
    };
  }
  return (frame) => {
    const values = evaluateArgs(frame);
    if (isError(values)) return values;
    for (const overload of candidates) {
      if (overload.params.length !== n) continue;
      let ok = true;
      for (let i = 0; i < n; i++) {
        if (!matchesType(values[i]!, overload.params[i]!)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      return invoke(overload, values, id, frame, site);
    }
    return new ErrorVal(`no such overload: ${describeArgs(name, member, values)}`, id);
  };
}

/** Without a checker: `optional.of(x)` is the function `optional.of` when `optional` is no variable. */
function uncheckedNamespace(planner: Planner, expr: CallNode): string | undefined {
  if (planner.context.checked || !expr.target) return undefined;
  const namespace = planner.qualifiedName(expr.target);
  if (namespace === undefined) return undefined;
  const full = `${namespace}.${expr.fn}`;
  if (!planner.context.table.has(full) || planner.context.variables.has(namespace.split('.')[0]!)) return undefined;
  return full;
}
