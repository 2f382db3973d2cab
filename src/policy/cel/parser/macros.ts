/**
 * Node construction and macro expansion. Macros stay in their own form (`loop` nodes) rather than
 * cel-go's generic fold, which lets the planner run them as plain loops; the results and the error
 * behaviour are those of the fold they stand for (see interpreter/loops.ts).
 */
import type { CallNode, Constant, Expr, LoopMacro, LoopNode, MapEntry, StructField } from './ast.js';
import { CelSyntaxError } from './lexer.js';

export class MacroBuilder {
  lastId = 0;

  nextId(_offset: number): number {
    return ++this.lastId;
  }

  constant(offset: number, value: Constant): Expr {
    return { kind: 'const', id: this.nextId(offset), offset, value };
  }

  ident(offset: number, name: string): Expr {
    return { kind: 'ident', id: this.nextId(offset), offset, name };
  }

  select(offset: number, operand: Expr, field: string, optional: boolean, test = false): Expr {
    return { kind: 'select', id: this.nextId(offset), offset, operand, field, optional, test };
  }

  index(offset: number, operand: Expr, index: Expr, optional: boolean): Expr {
    return { kind: 'index', id: this.nextId(offset), offset, operand, index, optional };
  }

  call(offset: number, fn: string, args: Expr[]): Expr {
    return { kind: 'call', id: this.nextId(offset), offset, fn, args };
  }

  global(offset: number, fn: string, args: Expr[]): Expr {
    return this.call(offset, fn, args);
  }

  member(offset: number, fn: string, target: Expr, args: Expr[]): CallNode {
    return { kind: 'call', id: this.nextId(offset), offset, fn, target, args };
  }

  list(offset: number, elements: Expr[], optional: boolean[]): Expr {
    return { kind: 'list', id: this.nextId(offset), offset, elements, optional };
  }

  map(offset: number, entries: MapEntry[]): Expr {
    return { kind: 'map', id: this.nextId(offset), offset, entries };
  }

  struct(offset: number, typeName: string, fields: StructField[]): Expr {
    return { kind: 'struct', id: this.nextId(offset), offset, typeName, fields };
  }

  loop(offset: number, spec: Omit<LoopNode, 'kind' | 'id' | 'offset'>): Expr {
    return { kind: 'loop', id: this.nextId(offset), offset, ...spec };
  }
}

/** Receiver macros by name and argument count: the shape of their arguments. */
const RECEIVER_MACROS: Record<
  string,
  Partial<Record<number, { macro: LoopMacro; vars: 1 | 2; predicate: boolean; transform: boolean }>>
> = {
  all: {
    2: { macro: 'all', vars: 1, predicate: true, transform: false },
    3: { macro: 'all', vars: 2, predicate: true, transform: false },
  },
  exists: {
    2: { macro: 'exists', vars: 1, predicate: true, transform: false },
    3: { macro: 'exists', vars: 2, predicate: true, transform: false },
  },
  exists_one: {
    2: { macro: 'exists_one', vars: 1, predicate: true, transform: false },
    3: { macro: 'exists_one', vars: 2, predicate: true, transform: false },
  },
  existsOne: {
    2: { macro: 'exists_one', vars: 1, predicate: true, transform: false },
    3: { macro: 'exists_one', vars: 2, predicate: true, transform: false },
  },
  map: {
    2: { macro: 'map', vars: 1, predicate: false, transform: true },
    3: { macro: 'map', vars: 1, predicate: true, transform: true },
  },
  filter: { 2: { macro: 'filter', vars: 1, predicate: true, transform: false } },
  transformList: {
    3: { macro: 'transformList', vars: 2, predicate: false, transform: true },
    4: { macro: 'transformList', vars: 2, predicate: true, transform: true },
  },
  transformMap: {
    3: { macro: 'transformMap', vars: 2, predicate: false, transform: true },
    4: { macro: 'transformMap', vars: 2, predicate: true, transform: true },
  },
  transformMapEntry: {
    3: { macro: 'transformMapEntry', vars: 2, predicate: false, transform: true },
    4: { macro: 'transformMapEntry', vars: 2, predicate: true, transform: true },
  },
  optMap: { 2: { macro: 'optMap', vars: 1, predicate: false, transform: true } },
  optFlatMap: { 2: { macro: 'optFlatMap', vars: 1, predicate: false, transform: true } },
  sortBy: { 2: { macro: 'sortBy', vars: 1, predicate: false, transform: true } },
};

/** Expands `name(args)` or `target.name(args)` when it is a macro; undefined when it is a plain call. */
export function expandMacro(
  builder: MacroBuilder,
  offset: number,
  name: string,
  target: Expr | undefined,
  args: Expr[],
): Expr | undefined {
  if (!target) {
    if (name !== 'has' || args.length !== 1) return undefined;
    const arg = args[0]!;
    if (arg.kind !== 'select' || arg.optional || arg.test) {
      throw new CelSyntaxError(
        'invalid argument to has() macro: expected a field selection such as has(a.b)',
        arg.offset,
      );
    }
    return builder.select(offset, arg.operand, arg.field, false, true);
  }
  if (name === 'bind' && target.kind === 'ident' && target.name === 'cel' && args.length === 3) {
    const variable = simpleName(args[0]!);
    return builder.loop(offset, { macro: 'bind', var1: variable, range: args[1]!, transform: args[2]! });
  }
  const shape = RECEIVER_MACROS[name]?.[args.length];
  if (!shape) return undefined;
  if (shape.macro === 'sortBy' && (target.kind === 'const' || target.kind === 'map' || target.kind === 'struct')) {
    throw new CelSyntaxError(
      'sortBy can only be applied to a list, identifier, comprehension, call or select expression',
      target.offset,
    );
  }
  const var1 = simpleName(args[0]!);
  const var2 = shape.vars === 2 ? simpleName(args[1]!) : undefined;
  if (var2 !== undefined && var2 === var1) {
    throw new CelSyntaxError(`duplicate variable name '${var1}' in ${name}()`, args[1]!.offset);
  }
  const rest = args.slice(shape.vars);
  const predicate = shape.predicate ? rest[0] : undefined;
  const transform = shape.transform ? rest[rest.length - 1] : undefined;
  return builder.loop(offset, {
    macro: shape.macro,
    var1,
    ...(var2 !== undefined ? { var2 } : {}),
    range: target,
    ...(predicate ? { predicate } : {}),
    ...(transform ? { transform } : {}),
  });
}

function simpleName(expr: Expr): string {
  if (expr.kind === 'ident' && !expr.name.startsWith('.')) return expr.name;
  throw new CelSyntaxError('argument must be a simple name', expr.offset);
}
