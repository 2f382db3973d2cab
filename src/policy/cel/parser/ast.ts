/**
 * The syntax tree. Operators are calls with CEL's operator names (`_+_`, `!_`, `_?_:_`, `@in` …);
 * field selection and indexing are their own nodes because the planner and the checker treat them
 * apart. Macros (has, all, exists, map, …) are expanded by the parser into `test` and `loop` nodes.
 * Every node has an `id` (unique within one expression) and the offset of its token.
 */

export type Constant =
  | { type: 'null' }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'uint'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'string'; value: string }
  | { type: 'bytes'; value: Uint8Array };

interface NodeBase {
  id: number;
  offset: number;
}

export interface ConstNode extends NodeBase {
  kind: 'const';
  value: Constant;
}

export interface IdentNode extends NodeBase {
  kind: 'ident';
  name: string;
}

/** `a.b`, `a.?b` (optional), and `has(a.b)` (test). */
export interface SelectNode extends NodeBase {
  kind: 'select';
  operand: Expr;
  field: string;
  optional: boolean;
  test: boolean;
}

/** `a[i]` and `a[?i]`. */
export interface IndexNode extends NodeBase {
  kind: 'index';
  operand: Expr;
  index: Expr;
  optional: boolean;
}

export interface CallNode extends NodeBase {
  kind: 'call';
  fn: string;
  target?: Expr;
  args: Expr[];
}

export interface ListNode extends NodeBase {
  kind: 'list';
  elements: Expr[];
  /** Indices of `?elem` entries, included only when the optional has a value. */
  optional: boolean[];
}

export interface MapEntry {
  id: number;
  offset: number;
  key: Expr;
  value: Expr;
  optional: boolean;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  entries: MapEntry[];
}

export interface StructField {
  id: number;
  offset: number;
  name: string;
  value: Expr;
  optional: boolean;
}

/** `Name{field: value}`: MutatingAdmissionPolicy's `Object{…}`, `JSONPatch{…}`. */
export interface StructNode extends NodeBase {
  kind: 'struct';
  typeName: string;
  fields: StructField[];
}

export type LoopMacro =
  | 'all'
  | 'exists'
  | 'exists_one'
  | 'map'
  | 'filter'
  | 'transformList'
  | 'transformMap'
  | 'transformMapEntry'
  | 'optMap'
  | 'optFlatMap'
  | 'sortBy'
  | 'bind';

/**
 * A comprehension, kept in macro form: the planner runs each macro as a plain loop and the checker
 * and cost estimator know its shape. `var2` is set for the two-variable forms (`all(k, v, …)`).
 * For `bind`, `range` is the bound value; for optMap/optFlatMap it is the optional.
 */
export interface LoopNode extends NodeBase {
  kind: 'loop';
  macro: LoopMacro;
  var1: string;
  var2?: string;
  range: Expr;
  /** all/exists/exists_one predicate, or the filter of map/filter/transform*. */
  predicate?: Expr;
  /** map/transform* value, bind and optMap body, sortBy key. */
  transform?: Expr;
}

export type Expr =
  | ConstNode
  | IdentNode
  | SelectNode
  | IndexNode
  | CallNode
  | ListNode
  | MapNode
  | StructNode
  | LoopNode;

/** Children in evaluation order, for walkers that do not care about the node kind. */
export function children(node: Expr): Expr[] {
  switch (node.kind) {
    case 'const':
    case 'ident':
      return [];
    case 'select':
      return [node.operand];
    case 'index':
      return [node.operand, node.index];
    case 'call':
      return node.target ? [node.target, ...node.args] : node.args;
    case 'list':
      return node.elements;
    case 'map':
      return node.entries.flatMap((entry) => [entry.key, entry.value]);
    case 'struct':
      return node.fields.map((field) => field.value);
    case 'loop':
      return [node.range, ...(node.predicate ? [node.predicate] : []), ...(node.transform ? [node.transform] : [])];
  }
}

/**
 * A literal, or a list or map literal of literals without optional entries: cel-go folds such a
 * literal when it builds the program, so evaluating it costs nothing.
 */
export function isLiteral(expr: Expr): boolean {
  switch (expr.kind) {
    case 'const':
      return true;
    case 'list':
      return !expr.optional.some(Boolean) && expr.elements.every(isLiteral);
    case 'map':
      return expr.entries.every((entry) => !entry.optional && isLiteral(entry.key) && isLiteral(entry.value));
    default:
      return false;
  }
}
