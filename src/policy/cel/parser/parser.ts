/**
 * A recursive-descent parser for CEL (cel-spec langdef.md), including the optional syntax
 * (`a.?b`, `a[?i]`, `[?x]`, `{?k: v}`) and backquoted field names, which @bufbuild/cel's parser
 * lacks. Errors carry the offset of the offending token.
 */
import type { Constant, Expr, MapEntry, StructField } from './ast.js';
import { CelSyntaxError, type Token, tokenize } from './lexer.js';
import { expandMacro, MacroBuilder } from './macros.js';

export { CelSyntaxError } from './lexer.js';

const LITERAL_WORDS = new Set(['true', 'false', 'null', 'in']);

const RESERVED = new Set([
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** cel-go's default parser limits (MaxRecursionDepth, ExpressionSizeCodePointLimit), which Kubernetes keeps. */
const MAX_DEPTH = 250;
const MAX_CODE_POINTS = 100_000;
const INT64_MAX = 0x7fffffffffffffffn;

export interface ParsedExpression {
  expr: Expr;
  /** Number of node ids handed out; ids are 1..maxId. */
  maxId: number;
}

/** Parses one expression; throws `CelSyntaxError` with the offset of the problem. */
export function parse(text: string): ParsedExpression {
  // Checked before tokenizing, so that an oversized expression costs nothing more than this count.
  if (text.length > MAX_CODE_POINTS) {
    const size = codePoints(text);
    if (size > MAX_CODE_POINTS)
      throw new CelSyntaxError(`expression is ${size} code points long; the limit is ${MAX_CODE_POINTS}`, 0);
  }
  const parser = new Parser(text);
  const expr = parser.parseWhole();
  return { expr, maxId: parser.builder.lastId };
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  private depth = 0;
  readonly builder = new MacroBuilder();

  constructor(text: string) {
    this.tokens = tokenize(text);
  }

  parseWhole(): Expr {
    const expr = this.expression();
    const next = this.peek();
    if (next.kind !== 'eof') throw new CelSyntaxError(`unexpected ${describe(next)}`, next.offset);
    return expr;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  private isPunct(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.text === text;
  }

  private accept(text: string): Token | undefined {
    return this.isPunct(text) ? this.next() : undefined;
  }

  private expect(text: string, what?: string): Token {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === text) return this.next();
    throw new CelSyntaxError(`expected ${what ?? `'${text}'`}, found ${describe(token)}`, token.offset);
  }

  private enter(offset: number): void {
    if (++this.depth > MAX_DEPTH)
      throw new CelSyntaxError(`expression nested more than ${MAX_DEPTH} levels deep`, offset);
  }

  private expression(): Expr {
    this.enter(this.peek().offset);
    try {
      const condition = this.conditionalOr();
      const question = this.accept('?');
      if (!question) return condition;
      const truthy = this.conditionalOr();
      this.expect(':', "':' of the conditional");
      const falsy = this.expression();
      return this.builder.call(question.offset, '_?_:_', [condition, truthy, falsy]);
    } finally {
      this.depth--;
    }
  }

  private conditionalOr(): Expr {
    return this.logical('||', '_||_', () => this.conditionalAnd());
  }

  private conditionalAnd(): Expr {
    return this.logical('&&', '_&&_', () => this.relation());
  }

  /** Chains of && and || become balanced trees, so that long chains do not nest deeply. */
  private logical(op: string, fn: string, operand: () => Expr): Expr {
    const first = operand();
    if (!this.isPunct(op)) return first;
    const terms = [first];
    const offsets: number[] = [];
    while (this.isPunct(op)) {
      offsets.push(this.next().offset);
      terms.push(operand());
    }
    const build = (lo: number, hi: number): Expr => {
      if (lo === hi) return terms[lo]!;
      const mid = (lo + hi + 1) >> 1;
      return this.builder.call(offsets[mid - 1]!, fn, [build(lo, mid - 1), build(mid, hi)]);
    };
    return build(0, terms.length - 1);
  }

  /**
   * A left-associative chain (`a + b + c`, `a.b.c`, `a[0][1]`) nests one level per link, like the
   * tree it builds; each link counts towards the depth limit, so that no later pass over the tree
   * (checker, estimator, planner, evaluation) recurses deeper than MAX_DEPTH.
   */
  private chain(first: () => Expr, linked: () => boolean, link: (left: Expr) => Expr): Expr {
    let left = first();
    let links = 0;
    try {
      while (linked()) {
        this.enter(this.peek().offset);
        links++;
        left = link(left);
      }
      return left;
    } finally {
      this.depth -= links;
    }
  }

  private relationOf(token: Token): string | undefined {
    return RELATIONS[token.kind === 'punct' ? token.text : token.kind === 'ident' ? `@${token.text}` : ''];
  }

  private relation(): Expr {
    return this.chain(
      () => this.addition(),
      () => this.relationOf(this.peek()) !== undefined,
      (left) => {
        const token = this.next();
        return this.builder.call(token.offset, this.relationOf(token)!, [left, this.addition()]);
      },
    );
  }

  private addition(): Expr {
    return this.chain(
      () => this.multiplication(),
      () => this.isPunct('+') || this.isPunct('-'),
      (left) => {
        const token = this.next();
        return this.builder.call(token.offset, `_${token.text}_`, [left, this.multiplication()]);
      },
    );
  }

  private multiplication(): Expr {
    return this.chain(
      () => this.unary(),
      () => this.isPunct('*') || this.isPunct('/') || this.isPunct('%'),
      (left) => {
        const token = this.next();
        return this.builder.call(token.offset, `_${token.text}_`, [left, this.unary()]);
      },
    );
  }

  private unary(): Expr {
    const token = this.peek();
    if (token.kind === 'punct' && (token.text === '!' || token.text === '-')) {
      this.enter(token.offset);
      try {
        this.next();
        if (token.text === '-') {
          const literal = this.peek();
          // A negated literal is one constant, so that -9223372036854775808 is in range.
          if ((literal.kind === 'int' || literal.kind === 'double') && !this.startsMember(1)) {
            this.next();
            if (literal.kind === 'int') {
              if (literal.value > INT64_MAX + 1n) throw new CelSyntaxError('int literal out of range', literal.offset);
              return this.builder.constant(token.offset, { type: 'int', value: -literal.value });
            }
            return this.builder.constant(token.offset, { type: 'double', value: -literal.value });
          }
          return this.builder.call(token.offset, '-_', [this.unary()]);
        }
        return this.builder.call(token.offset, '!_', [this.unary()]);
      } finally {
        this.depth--;
      }
    }
    return this.member();
  }

  /** Whether the token after the literal at `ahead` continues a member expression (`-1.foo()`). */
  private startsMember(ahead: number): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && (token.text === '.' || token.text === '[');
  }

  private member(): Expr {
    return this.chain(
      () => this.primary(),
      () => this.isPunct('.') || this.isPunct('[') || this.isPunct('{'),
      (operand) => {
        const token = this.next();
        if (token.text === '.') {
          const optional = Boolean(this.accept('?'));
          const name = this.fieldName();
          if (!optional && this.isPunct('(')) {
            this.next();
            const args = this.argumentList(')');
            return (
              expandMacro(this.builder, name.offset, name.text, operand, args) ??
              this.builder.member(name.offset, name.text, operand, args)
            );
          }
          return this.builder.select(name.offset, operand, name.text, optional);
        }
        if (token.text === '[') {
          const optional = Boolean(this.accept('?'));
          const index = this.expression();
          this.expect(']');
          return this.builder.index(token.offset, operand, index, optional);
        }
        if (!isQualifiedName(operand)) throw new CelSyntaxError(`unexpected '{'`, token.offset);
        return this.structLiteral(qualifiedName(operand), operand.offset, token);
      },
    );
  }

  private fieldName(): { text: string; offset: number } {
    const token = this.next();
    // true, false, null and in are tokens of CEL's grammar, never a field name (`self.true`).
    if (token.kind === 'ident' && LITERAL_WORDS.has(token.text))
      throw new CelSyntaxError(`mismatched input '${token.text}' expecting IDENTIFIER`, token.offset);
    if (token.kind === 'ident' || token.kind === 'quoted') return { text: token.text, offset: token.offset };
    throw new CelSyntaxError(`expected a field name, found ${describe(token)}`, token.offset);
  }

  private primary(): Expr {
    const token = this.next();
    switch (token.kind) {
      case 'int':
        if (token.value > INT64_MAX) throw new CelSyntaxError(`int literal out of range: ${token.text}`, token.offset);
        return this.builder.constant(token.offset, { type: 'int', value: token.value });
      case 'uint':
        return this.builder.constant(token.offset, { type: 'uint', value: token.value });
      case 'double':
        return this.builder.constant(token.offset, { type: 'double', value: token.value });
      case 'string':
        return this.builder.constant(token.offset, { type: 'string', value: token.value });
      case 'bytes':
        return this.builder.constant(token.offset, { type: 'bytes', value: token.value });
      case 'ident':
        return this.identifier(token.text, token.offset, false);
      case 'eof':
        throw new CelSyntaxError('unexpected end of expression', token.offset);
      case 'punct':
        break;
    }
    switch (token.text) {
      case '.': {
        const name = this.next();
        if (name.kind !== 'ident')
          throw new CelSyntaxError(`expected an identifier after '.', found ${describe(name)}`, name.offset);
        return this.identifier(`.${name.text}`, token.offset, true);
      }
      case '(': {
        const inner = this.expression();
        this.expect(')');
        return inner;
      }
      case '[':
        return this.listLiteral(token.offset);
      case '{':
        return this.mapLiteral(token.offset);
      default:
        throw new CelSyntaxError(`unexpected ${describe(token)}`, token.offset);
    }
  }

  private identifier(name: string, offset: number, leadingDot: boolean): Expr {
    const bare = leadingDot ? name.slice(1) : name;
    if (bare === 'true' || bare === 'false') {
      if (leadingDot) throw new CelSyntaxError(`unexpected '${bare}' after '.'`, offset);
      return this.builder.constant(offset, { type: 'bool', value: bare === 'true' });
    }
    if (bare === 'null') {
      if (leadingDot) throw new CelSyntaxError(`unexpected 'null' after '.'`, offset);
      return this.builder.constant(offset, { type: 'null' } as Constant);
    }
    if (bare === 'in') throw new CelSyntaxError(`unexpected 'in'`, offset);
    if (RESERVED.has(bare)) throw new CelSyntaxError(`reserved identifier '${bare}'`, offset);
    if (this.isPunct('(')) {
      this.next();
      const args = this.argumentList(')');
      return expandMacro(this.builder, offset, name, undefined, args) ?? this.builder.global(offset, name, args);
    }
    return this.builder.ident(offset, name);
  }

  private argumentList(close: string): Expr[] {
    const args: Expr[] = [];
    if (this.accept(close)) return args;
    for (;;) {
      args.push(this.expression());
      if (this.accept(close)) return args;
      this.expect(',', `',' or '${close}'`);
    }
  }

  private listLiteral(offset: number): Expr {
    this.enter(offset);
    try {
      const elements: Expr[] = [];
      const optional: boolean[] = [];
      while (!this.isPunct(']')) {
        optional.push(Boolean(this.accept('?')));
        elements.push(this.expression());
        if (!this.accept(',')) break;
      }
      this.expect(']', "',' or ']'");
      return this.builder.list(offset, elements, optional);
    } finally {
      this.depth--;
    }
  }

  private mapLiteral(offset: number): Expr {
    this.enter(offset);
    try {
      const entries: MapEntry[] = [];
      while (!this.isPunct('}')) {
        const start = this.peek().offset;
        const optional = Boolean(this.accept('?'));
        const key = this.expression();
        const colon = this.expect(':', "':' after the map key");
        const value = this.expression();
        entries.push({ id: this.builder.nextId(colon.offset), offset: start, key, value, optional });
        if (!this.accept(',')) break;
      }
      this.expect('}', "',' or '}'");
      return this.builder.map(offset, entries);
    } finally {
      this.depth--;
    }
  }

  private structLiteral(typeName: string, offset: number, open: Token): Expr {
    this.enter(open.offset);
    try {
      const fields: StructField[] = [];
      while (!this.isPunct('}')) {
        const optional = Boolean(this.accept('?'));
        const name = this.fieldName();
        const colon = this.expect(':', "':' after the field name");
        const value = this.expression();
        fields.push({ id: this.builder.nextId(colon.offset), offset: name.offset, name: name.text, value, optional });
        if (!this.accept(',')) break;
      }
      this.expect('}', "',' or '}'");
      return this.builder.struct(offset, typeName, fields);
    } finally {
      this.depth--;
    }
  }
}

const RELATIONS: Record<string, string> = {
  '<': '_<_',
  '<=': '_<=_',
  '>': '_>_',
  '>=': '_>=_',
  '==': '_==_',
  '!=': '_!=_',
  '@in': '@in',
};

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function isQualifiedName(expr: Expr): boolean {
  if (expr.kind === 'ident') return true;
  return expr.kind === 'select' && !expr.optional && !expr.test && isQualifiedName(expr.operand);
}

function qualifiedName(expr: Expr): string {
  if (expr.kind === 'ident') return expr.name;
  if (expr.kind === 'select') return `${qualifiedName(expr.operand)}.${expr.field}`;
  return '';
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of expression';
  if (token.kind === 'punct') return `'${token.text}'`;
  if (token.kind === 'ident') return `'${token.text}'`;
  if (token.kind === 'quoted') return `\`${token.text}\``;
  return `${token.kind} literal ${token.text}`;
}
