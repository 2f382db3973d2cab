/**
 * The planner turns a (checked) syntax tree into nested closures, once per expression. Each closure
 * charges its cost in the API server's units (identifier and field access 1, literals 0, list
 * creation 10, map creation 30, calls per their overload) so that a runaway expression stops at the
 * limit; `&&`, `||` and `?:` cost nothing themselves, like cel-go.
 */
import type { Checked } from '../checker/checker.js';
import { boundValue } from '../conversion.js';
import { LIST_CREATE_COST, MAP_CREATE_COST, STRUCT_CREATE_COST } from '../functions/costs.js';
import type { FunctionTable, Overload } from '../functions/registry.js';
import {
  type CallNode,
  type Constant,
  type Expr,
  isLiteral,
  type ListNode,
  type MapNode,
  type StructNode,
} from '../parser/ast.js';
import {
  asCelMap,
  celUint,
  ErrorVal,
  isCelUint,
  isError,
  keyText,
  newList,
  OptionalValue,
  TypeValue,
  typeName,
  type Val,
  ValueMap,
} from '../values.js';
import type { CelLibraryName } from '../versions.js';
import { hasField, indexValue, optionalIndex, optionalSelect, selectField } from './access.js';
import { planCall } from './dispatch.js';
import { charge, type Eval, type Frame } from './frame.js';
import { planLoop } from './loops.js';

export interface PlanContext {
  checked: Checked | undefined;
  table: FunctionTable;
  enabled: ReadonlySet<CelLibraryName>;
  /** Declared variable names (for unchecked planning). */
  variables: ReadonlySet<string>;
  typeNames: ReadonlySet<string>;
}

export interface Plan {
  root: Eval;
  slots: number;
}

export function plan(expr: Expr, context: PlanContext): Plan {
  const planner = new Planner(context);
  const root = planner.node(expr);
  return { root, slots: planner.slotCount };
}

export class Planner {
  slotCount = 0;
  private readonly scopes: Map<string, number>[] = [];

  constructor(readonly context: PlanContext) {}

  /** Opens a scope for comprehension variables; returns their slots. */
  pushScope(names: string[]): number[] {
    const scope = new Map<string, number>();
    const slots = names.map((name) => {
      const slot = this.slotCount++;
      scope.set(name, slot);
      return slot;
    });
    this.scopes.push(scope);
    return slots;
  }

  popScope(): void {
    this.scopes.pop();
  }

  private local(name: string): number | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const slot = this.scopes[i]!.get(name);
      if (slot !== undefined) return slot;
    }
    return undefined;
  }

  node(expr: Expr): Eval {
    switch (expr.kind) {
      case 'const': {
        const value = constantValue(expr.value);
        return () => value;
      }
      case 'ident':
        return this.ident(expr.id, expr.name);
      case 'select':
        return this.select(expr);
      case 'index': {
        const operand = this.node(expr.operand);
        const index = this.node(expr.index);
        const id = expr.id;
        const literal = expr.index.kind === 'const';
        return (frame) => {
          const value = operand(frame);
          if (isError(value)) return value;
          const key = index(frame);
          if (isError(key)) return key;
          charge(frame, 1);
          return expr.optional ? optionalIndex(value, key, id) : indexValue(value, key, id, literal);
        };
      }
      case 'call':
        return this.call(expr);
      case 'list':
        return this.list(expr);
      case 'map':
        return this.map(expr);
      case 'struct':
        return this.struct(expr);
      case 'loop':
        return planLoop(this, expr);
    }
  }

  private reference(id: number): { kind: 'variable' | 'type'; name: string } | undefined {
    return this.context.checked?.refs.get(id);
  }

  private variable(name: string, id: number): Eval {
    return (frame) => {
      charge(frame, 1);
      const value = frame.vars[name];
      return value === undefined ? new ErrorVal(`no value bound to variable '${name}'`, id) : boundValue(value);
    };
  }

  private ident(id: number, rawName: string): Eval {
    const name = rawName.replace(/^\./, '');
    const slot = rawName.startsWith('.') ? undefined : this.local(name);
    if (slot !== undefined) {
      return (frame) => {
        charge(frame, 1);
        return frame.slots[slot]!;
      };
    }
    const ref = this.reference(id);
    if (ref?.kind === 'type' || (!ref && !this.context.variables.has(name) && this.context.typeNames.has(name))) {
      const type = new TypeValue(name);
      return () => type;
    }
    return this.variable(name, id);
  }

  /** The dotted name of an ident/select chain not rooted in a comprehension variable. */
  qualifiedName(expr: Expr): string | undefined {
    if (expr.kind === 'ident') return this.local(expr.name) !== undefined ? undefined : expr.name.replace(/^\./, '');
    if (expr.kind === 'select' && !expr.test && !expr.optional) {
      const operand = this.qualifiedName(expr.operand);
      return operand === undefined ? undefined : `${operand}.${expr.field}`;
    }
    return undefined;
  }

  private select(expr: Extract<Expr, { kind: 'select' }>): Eval {
    const ref = this.reference(expr.id);
    if (ref?.kind === 'variable') return this.variable(ref.name, expr.id);
    if (ref?.kind === 'type') {
      const type = new TypeValue(ref.name);
      return () => type;
    }
    if (!this.context.checked && !expr.test && !expr.optional) {
      const qualified = this.qualifiedName(expr);
      if (qualified && this.context.variables.has(qualified)) return this.variable(qualified, expr.id);
    }
    const operand = this.node(expr.operand);
    const { field, id } = expr;
    const access = expr.test ? hasField : expr.optional ? optionalSelect : selectField;
    // has() costs nothing in Kubernetes (PresenceTestHasCost(false)); its operand is still charged.
    const units = expr.test ? 0 : 1;
    return (frame) => {
      const value = operand(frame);
      if (isError(value)) return value;
      if (units) charge(frame, units);
      return access(value, field, id);
    };
  }

  private call(expr: CallNode): Eval {
    switch (expr.fn) {
      case '_&&_':
      case '_||_':
        if (!expr.target && expr.args.length === 2) return this.logical(expr, expr.fn === '_&&_');
        break;
      case '_?_:_':
        if (!expr.target && expr.args.length === 3) return this.conditional(expr);
        break;
    }
    return planCall(this, expr);
  }

  private logical(expr: CallNode, isAnd: boolean): Eval {
    const left = this.node(expr.args[0]!);
    const right = this.node(expr.args[1]!);
    const id = expr.id;
    const stop = !isAnd;
    return (frame) => {
      const a = left(frame);
      if (a === stop) return stop;
      const b = right(frame);
      if (b === stop) return stop;
      if (a !== !stop) return isError(a) ? a : noBool(a, id);
      if (b !== !stop) return isError(b) ? b : noBool(b, id);
      return !stop;
    };
  }

  private conditional(expr: CallNode): Eval {
    const condition = this.node(expr.args[0]!);
    const truthy = this.node(expr.args[1]!);
    const falsy = this.node(expr.args[2]!);
    const id = expr.id;
    return (frame) => {
      const c = condition(frame);
      if (c === true) return truthy(frame);
      if (c === false) return falsy(frame);
      return isError(c) ? c : noBool(c, id);
    };
  }

  /**
   * A list or map literal of literals is built once, when the program is planned, and costs nothing
   * when evaluated: cel-go's OptOptimize folds it so, and the API server charges it nothing.
   */
  private folded(expr: ListNode | MapNode, build: Eval): Eval {
    if (!isLiteral(expr)) return build;
    const value = build({ vars: {}, slots: [], cost: 0, limit: Number.POSITIVE_INFINITY });
    return () => value;
  }

  private list(expr: ListNode): Eval {
    return this.folded(expr, this.buildList(expr));
  }

  private buildList(expr: ListNode): Eval {
    const elements = expr.elements.map((element) => this.node(element));
    const optional = expr.optional.some(Boolean) ? expr.optional : undefined;
    const id = expr.id;
    return (frame) => {
      charge(frame, LIST_CREATE_COST);
      const values: Val[] = [];
      for (let i = 0; i < elements.length; i++) {
        const value = elements[i]!(frame);
        if (isError(value)) return value;
        if (optional?.[i]) {
          if (!(value instanceof OptionalValue))
            return new ErrorVal(`expected an optional, found ${typeName(value)}`, id);
          if (value.value !== undefined) values.push(value.value);
          continue;
        }
        values.push(value);
      }
      return newList(values);
    };
  }

  private map(expr: MapNode): Eval {
    return this.folded(expr, this.buildMap(expr));
  }

  private buildMap(expr: MapNode): Eval {
    const entries = expr.entries.map((entry) => ({
      key: this.node(entry.key),
      value: this.node(entry.value),
      optional: entry.optional,
      id: entry.id,
    }));
    const id = expr.id;
    return (frame) => {
      charge(frame, MAP_CREATE_COST);
      const out = new ValueMap();
      for (const entry of entries) {
        const key = entry.key(frame);
        if (isError(key)) return key;
        const value = entry.value(frame);
        if (isError(value)) return value;
        if (typeof key !== 'string' && typeof key !== 'bigint' && typeof key !== 'boolean' && !isCelUint(key)) {
          return new ErrorVal(`unsupported key type '${typeName(key)}'`, entry.id);
        }
        if (entry.optional) {
          if (!(value instanceof OptionalValue))
            return new ErrorVal(`expected an optional, found ${typeName(value)}`, entry.id);
          if (value.value === undefined) continue;
          if (!out.set(key, value.value)) return repeated(key, id);
          continue;
        }
        if (!out.set(key, value)) return repeated(key, id);
      }
      return asCelMap(out);
    };
  }

  private struct(expr: StructNode): Eval {
    const fields = expr.fields.map((field) => ({
      name: field.name,
      value: this.node(field.value),
      optional: field.optional,
    }));
    return (frame) => {
      charge(frame, STRUCT_CREATE_COST);
      const out = new ValueMap();
      for (const field of fields) {
        const value = field.value(frame);
        if (isError(value)) return value;
        if (field.optional) {
          if (value instanceof OptionalValue && value.value !== undefined) out.set(field.name, value.value);
          continue;
        }
        out.set(field.name, value);
      }
      return asCelMap(out);
    };
  }

  /** Candidate overloads of a call: from the checker, or by name when unchecked. */
  candidates(expr: CallNode, name: string, member: boolean): readonly Overload[] {
    const checked = this.context.checked?.calls.get(expr.id);
    if (checked) return checked;
    return this.context.table
      .named(name)
      .filter((overload) => overload.member === member && this.context.enabled.has(overload.library));
  }
}

function repeated(key: Val, id: number): ErrorVal {
  return new ErrorVal(`Failed with repeated key: ${keyText(key)}`, id);
}

function noBool(value: Val, id: number): ErrorVal {
  return new ErrorVal(`no such overload: expected bool, found ${typeName(value)}`, id);
}

export function constantValue(constant: Constant): Val {
  switch (constant.type) {
    case 'null':
      return null;
    case 'uint':
      return celUint(constant.value);
    default:
      return constant.value;
  }
}

export type { Frame };
