/**
 * The type checker: resolves names and overloads, infers a type for every node, and reports the
 * first problem with its offset. Gradual like cel-go: anything touching `dyn` checks and is left
 * to runtime dispatch. The results feed the planner (overload candidates, resolved names) and the
 * cost estimator (types with size bounds).
 */

import type { Overload } from '../functions/registry.js';
import { compileRegex } from '../libraries/regex-engine.js';
import {
  MAX_TIMESTAMP_SECONDS,
  MIN_TIMESTAMP_SECONDS,
  parseDuration,
  parseTimestamp,
} from '../libraries/time-values.js';
import type { CallNode, Expr, IndexNode, ListNode, LoopNode, MapNode, SelectNode } from '../parser/ast.js';
import { reservedFieldAlias } from '../schema-types.js';
import type { CelLibraryName } from '../versions.js';
import { formatCallError, literalConversionError } from './literals.js';
import { checkLoop } from './loops.js';
import { CheckError, type ResolveContext, resolveCall, versionError } from './resolve.js';
import {
  BOOL,
  BYTES,
  conditionalJoin,
  DOUBLE,
  DYN,
  FREE,
  formatType,
  homogeneousWith,
  INT,
  isAssignable,
  isDyn,
  join,
  listOf,
  mapOf,
  NULL,
  optionalOf,
  STRING,
  sameType,
  type Type,
  typeOf,
  UINT,
} from './types.js';

export { CheckError } from './resolve.js';

export interface CheckOptions extends ResolveContext {
  variables: ReadonlyMap<string, Type>;
  /** Type names `Name{…}` may construct (prefix match on dotted names). */
  structTypes: readonly string[];
  /** Type names usable as values (`int`, `string`, …). */
  typeNames: ReadonlySet<string>;
  homogeneousLiterals: boolean;
  validateLiterals: boolean;
}

/** What the planner and the estimator need to know about a checked expression. */
export interface Checked {
  type: Type;
  types: Map<number, Type>;
  /** Overloads a call may dispatch to, best first. */
  calls: Map<number, Overload[]>;
  /** Nodes that name a declared variable (possibly dotted, `a.b.c`) or a type. */
  refs: Map<number, { kind: 'variable' | 'type'; name: string }>;
  /** Calls whose target is a namespace (`optional.of(x)`): the function's full name. */
  namespaced: Map<number, string>;
}

export function check(expr: Expr, options: CheckOptions): Checked {
  const checker = new Checker(options);
  const type = checker.visit(expr);
  return { type, types: checker.types, calls: checker.calls, refs: checker.refs, namespaced: checker.namespaced };
}

const OPTIONAL_NAME = 'optional_type';

export class Checker {
  readonly types = new Map<number, Type>();
  readonly calls = new Map<number, Overload[]>();
  readonly refs = new Map<number, { kind: 'variable' | 'type'; name: string }>();
  readonly namespaced = new Map<number, string>();
  readonly scopes: Map<string, Type>[] = [];
  /** How many format() calls enclose the node being checked. */
  private formatDepth = 0;

  constructor(private readonly options: CheckOptions) {}

  visit(expr: Expr): Type {
    const type = this.infer(expr);
    this.types.set(expr.id, type);
    return type;
  }

  require(library: CelLibraryName, what: string, offset: number): void {
    if (!this.options.enabled.has(library)) throw versionError(this.options, what, library, offset);
  }

  private local(name: string): Type | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const type = this.scopes[i]!.get(name);
      if (type) return type;
    }
    return undefined;
  }

  private infer(expr: Expr): Type {
    switch (expr.kind) {
      case 'const':
        switch (expr.value.type) {
          case 'null':
            return NULL;
          case 'bool':
            return BOOL;
          case 'int':
            return INT;
          case 'uint':
            return UINT;
          case 'double':
            return DOUBLE;
          case 'string':
            return { kind: 'primitive', name: 'string', maxSize: expr.value.value.length };
          case 'bytes':
            return { kind: 'primitive', name: 'bytes', maxSize: expr.value.value.length };
        }
        break;
      case 'ident':
        return this.ident(expr.id, expr.name, expr.offset);
      case 'select':
        return this.select(expr);
      case 'index':
        return this.index(expr);
      case 'call':
        if (expr.fn !== 'format') return this.call(expr);
        // Literals inside format() are exempt from the homogeneous-literal validation.
        this.formatDepth++;
        try {
          return this.call(expr);
        } finally {
          this.formatDepth--;
        }
      case 'list':
        return this.list(expr);
      case 'map':
        return this.map(expr);
      case 'struct':
        return this.struct(expr);
      case 'loop':
        return this.loop(expr);
    }
    return DYN;
  }

  private ident(id: number, rawName: string, offset: number): Type {
    const name = rawName.startsWith('.') ? rawName.slice(1) : rawName;
    if (!rawName.startsWith('.')) {
      const local = this.local(name);
      if (local) return local;
    }
    const variable = this.options.variables.get(name);
    if (variable) {
      this.refs.set(id, { kind: 'variable', name });
      return variable;
    }
    if (this.options.typeNames.has(name)) {
      this.refs.set(id, { kind: 'type', name });
      return typeOf(DYN);
    }
    throw new CheckError('type', `undeclared reference to '${name}'`, offset);
  }

  /** `a.b.c` as one dotted name when it is not rooted in a comprehension variable. */
  private qualifiedName(expr: Expr): string | undefined {
    if (expr.kind === 'ident') return this.local(expr.name) ? undefined : expr.name.replace(/^\./, '');
    if (expr.kind === 'select' && !expr.test && !expr.optional) {
      const operand = this.qualifiedName(expr.operand);
      return operand === undefined ? undefined : `${operand}.${expr.field}`;
    }
    return undefined;
  }

  private select(expr: SelectNode): Type {
    const qualified = !expr.test && !expr.optional ? this.qualifiedName(expr) : undefined;
    if (qualified !== undefined) {
      const variable = this.options.variables.get(qualified);
      if (variable) {
        this.refs.set(expr.id, { kind: 'variable', name: qualified });
        return variable;
      }
      if (this.options.typeNames.has(qualified)) {
        this.refs.set(expr.id, { kind: 'type', name: qualified });
        return typeOf(DYN);
      }
    }
    if (expr.optional) this.require('optional', '.?', expr.offset);
    const operand = this.visit(expr.operand);
    if (expr.test) {
      const inner = operand.kind === 'opaque' && operand.name === OPTIONAL_NAME ? operand.params[0]! : operand;
      this.fieldType(inner, expr.field, expr.offset);
      return BOOL;
    }
    if (operand.kind === 'opaque' && operand.name === OPTIONAL_NAME) {
      return optionalOf(this.fieldType(operand.params[0]!, expr.field, expr.offset));
    }
    const field = this.fieldType(operand, expr.field, expr.offset);
    return expr.optional ? optionalOf(field) : field;
  }

  private fieldType(operand: Type, field: string, offset: number): Type {
    if (isDyn(operand)) return DYN;
    if (operand.kind === 'map') {
      if (!isAssignable(operand.key, STRING, new Map())) {
        throw new CheckError('type', `type '${formatType(operand)}' does not support field selection`, offset);
      }
      return operand.value;
    }
    if (operand.kind === 'object') {
      if (!operand.fields) return DYN;
      const alias = this.options.minor >= 31 ? reservedFieldAlias(field) : undefined;
      const type = operand.fields.get(field) ?? (alias === undefined ? undefined : operand.fields.get(alias));
      if (!type) throw new CheckError('type', `undefined field '${field}' in type '${operand.name}'`, offset);
      return type;
    }
    throw new CheckError('type', `type '${formatType(operand)}' does not support field selection`, offset);
  }

  private index(expr: IndexNode): Type {
    if (expr.optional) this.require('optional', '[?', expr.offset);
    let operand = this.visit(expr.operand);
    const index = this.visit(expr.index);
    let optional = expr.optional;
    if (operand.kind === 'opaque' && operand.name === OPTIONAL_NAME) {
      operand = operand.params[0]!;
      optional = true;
    }
    let element: Type;
    if (isDyn(operand)) element = DYN;
    else if (operand.kind === 'list') {
      if (!isDyn(index) && !sameType(index, INT) && !sameType(index, UINT)) {
        throw new CheckError(
          'type',
          `found no matching overload for '_[_]' applied to '(${formatType(operand)}, ${formatType(index)})'`,
          expr.offset,
        );
      }
      element = operand.elem;
    } else if (operand.kind === 'map') {
      if (!isAssignable(operand.key, index, new Map()) && !isNumeric(operand.key, index)) {
        throw new CheckError(
          'type',
          `found no matching overload for '_[_]' applied to '(${formatType(operand)}, ${formatType(index)})'`,
          expr.offset,
        );
      }
      element = operand.value;
    } else {
      // cel-go's words: indexing is the '_[_]' function, which has no overload for other types.
      throw new CheckError(
        'type',
        `found no matching overload for '_[_]' applied to '(${formatType(operand)}, ${formatType(index)})'`,
        expr.offset,
      );
    }
    return optional ? optionalOf(element) : element;
  }

  private call(expr: CallNode): Type {
    if (expr.target) {
      const namespace = this.qualifiedName(expr.target);
      const full = namespace !== undefined ? `${namespace}.${expr.fn}` : undefined;
      if (full && this.options.table.has(full) && !this.options.variables.has(namespace!.split('.')[0]!)) {
        this.namespaced.set(expr.id, full);
        return this.resolve(
          expr,
          full,
          false,
          expr.args.map((arg) => this.visit(arg)),
        );
      }
    }
    switch (expr.fn) {
      case '_&&_':
      case '_||_':
        for (const arg of expr.args) this.expectBool(arg);
        return BOOL;
      case '_?_:_': {
        this.expectBool(expr.args[0]!);
        const [a, b] = [this.visit(expr.args[1]!), this.visit(expr.args[2]!)];
        const type = conditionalJoin(a, b);
        if (!type) {
          throw new CheckError(
            'type',
            `found no matching overload for '_?_:_' applied to '(bool, ${formatType(a)}, ${formatType(b)})'`,
            expr.offset,
          );
        }
        return type;
      }
    }
    const args = expr.args.map((arg) => this.visit(arg));
    if (expr.target) return this.resolve(expr, expr.fn, true, [this.visit(expr.target), ...args]);
    return this.resolve(expr, expr.fn, false, args);
  }

  private resolve(expr: CallNode, name: string, member: boolean, args: Type[]): Type {
    const resolution = resolveCall(this.options, name, member, args, expr.offset);
    this.calls.set(expr.id, resolution.overloads);
    if (this.options.validateLiterals) this.validateLiteral(expr, name);
    return resolution.result;
  }

  /** Kubernetes 1.29+ rejects literal arguments that can never be valid. */
  private validateLiteral(expr: CallNode, name: string): void {
    const list = expr.args[0];
    if (
      name === 'format' &&
      expr.target?.kind === 'const' &&
      expr.target.value.type === 'string' &&
      list?.kind === 'list'
    ) {
      const problem = formatCallError(expr.target.value.value, list.elements, (e) => this.types.get(e.id));
      if (problem) throw new CheckError('type', problem, expr.offset);
    }
    if (!expr.target && expr.args.length === 1 && expr.args[0]?.kind === 'const') {
      // The API server builds the program when it stores the policy, and converts literals then.
      const problem = literalConversionError(name, expr.args[0].value);
      if (problem) throw new CheckError('type', problem, expr.offset);
    }
    const literalAt = (i: number) => {
      const arg = expr.args[i];
      return arg?.kind === 'const' && arg.value.type === 'string' ? arg.value.value : undefined;
    };
    if (name === 'duration' || name === 'timestamp') {
      const arg = expr.args[0];
      // timestamp(<seconds>) out of the range of timestamps (years 1 to 9999) cannot succeed either.
      if (name === 'timestamp' && arg?.kind === 'const' && arg.value.type === 'int') {
        const seconds = arg.value.value;
        if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS)
          throw new CheckError('type', 'invalid timestamp argument: timestamp out of range', arg.offset);
      }
      const text = literalAt(0);
      if (text === undefined) return;
      const parsed = name === 'duration' ? parseDuration(text) : parseTimestamp(text);
      if (typeof parsed === 'string')
        throw new CheckError('type', `invalid ${name} argument: ${parsed}`, expr.args[0]!.offset);
    }
    if (name === 'matches' || name === 'find' || name === 'findAll') {
      const pattern = literalAt(expr.target ? 0 : 1);
      if (pattern === undefined) return;
      const regex = compileRegex(pattern);
      if (typeof regex === 'string') {
        // The API server's validator of matches() literals says 'invalid matches argument'.
        const message = name === 'matches' ? `invalid matches argument: ${regex}` : regex;
        throw new CheckError('type', message, expr.args[expr.target ? 0 : 1]!.offset);
      }
    }
  }

  expectBool(arg: Expr): void {
    const type = this.visit(arg);
    if (!isAssignable(BOOL, type, new Map())) {
      throw new CheckError('type', `expected type 'bool' but found '${formatType(type)}'`, arg.offset);
    }
  }

  private homogeneous(types: { type: Type; offset: number }[]): Type {
    let result: Type | undefined;
    for (const { type, offset } of types) {
      if (result === undefined) {
        result = type;
        continue;
      }
      // Before 1.29 the checker joins elements with dyn as a wildcard; from 1.29 a validator wants
      // equivalent types, dyn being a type of its own, except in format()'s arguments, which it skips
      // (cel.ValidateHomogeneousAggregateLiterals with the strings extension's exemption).
      const agrees = !this.options.validateLiterals
        ? isDyn(type) || isDyn(result) || sameType(type, result)
        : this.formatDepth > 0 || homogeneousWith(result, type);
      if (this.options.homogeneousLiterals && !agrees) {
        throw new CheckError('type', `expected type '${formatType(result)}' but found '${formatType(type)}'`, offset);
      }
      result = join(result, type);
    }
    return result ?? FREE;
  }

  private elementOf(type: Type, optional: boolean, offset: number): Type {
    if (!optional) return type;
    this.require('optional', '?', offset);
    if (isDyn(type)) return DYN;
    if (type.kind === 'opaque' && type.name === OPTIONAL_NAME) return type.params[0]!;
    throw new CheckError('type', `expected type 'optional_type' but found '${formatType(type)}'`, offset);
  }

  private list(expr: ListNode): Type {
    const elements = expr.elements.map((element, i) => ({
      type: this.elementOf(this.visit(element), expr.optional[i]!, element.offset),
      offset: element.offset,
    }));
    return listOf(this.homogeneous(elements));
  }

  private map(expr: MapNode): Type {
    const keys: { type: Type; offset: number }[] = [];
    const values: { type: Type; offset: number }[] = [];
    for (const entry of expr.entries) {
      const key = this.visit(entry.key);
      if (!isDyn(key) && !(key.kind === 'primitive' && ['int', 'uint', 'bool', 'string'].includes(key.name))) {
        throw new CheckError('type', `unsupported map key type '${formatType(key)}'`, entry.key.offset);
      }
      keys.push({ type: key, offset: entry.key.offset });
      values.push({
        type: this.elementOf(this.visit(entry.value), entry.optional, entry.value.offset),
        offset: entry.value.offset,
      });
    }
    return mapOf(this.homogeneous(keys), this.homogeneous(values));
  }

  private struct(expr: Extract<Expr, { kind: 'struct' }>): Type {
    const name = expr.typeName.replace(/^\./, '');
    const allowed = this.options.structTypes.some((prefix) => name === prefix || name.startsWith(`${prefix}.`));
    if (!allowed) throw new CheckError('type', `undeclared reference to type '${name}'`, expr.offset);
    for (const field of expr.fields) this.elementOf(this.visit(field.value), field.optional, field.value.offset);
    return { kind: 'object', name };
  }

  private loop(expr: LoopNode): Type {
    return checkLoop(this, expr);
  }
}

function isNumeric(a: Type, b: Type): boolean {
  const numeric = (t: Type) => t.kind === 'primitive' && (t.name === 'int' || t.name === 'uint' || t.name === 'double');
  return numeric(a) && numeric(b);
}

export { BYTES, STRING };
