/** CEL's lexical grammar (cel-spec langdef.md, "Syntax"): literals, identifiers, operators, comments. */

export type Token =
  | { kind: 'ident'; text: string; offset: number }
  | { kind: 'int'; value: bigint; offset: number; text: string }
  | { kind: 'uint'; value: bigint; offset: number; text: string }
  | { kind: 'double'; value: number; offset: number; text: string }
  | { kind: 'string'; value: string; offset: number; text: string }
  | { kind: 'bytes'; value: Uint8Array; offset: number; text: string }
  | { kind: 'punct'; text: string; offset: number }
  /** A backquoted field name: a.`content-type`. */
  | { kind: 'quoted'; text: string; offset: number }
  | { kind: 'eof'; offset: number; text: '' };

export class CelSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const PUNCTUATION = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '!',
  '+',
  '-',
  '*',
  '/',
  '%',
  '?',
  ':',
  '.',
  ',',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
];

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i]!)) i++;
      const word = text.slice(start, i);
      const quote = text[i];
      if ((quote === '"' || quote === "'") && /^(r|R|b|B|rb|rB|Rb|RB|br|bR|Br|BR)$/.test(word)) {
        i = readString(text, start, i, word, tokens);
        continue;
      }
      tokens.push({ kind: 'ident', text: word, offset: start });
      continue;
    }
    if (c === '"' || c === "'") {
      i = readString(text, start, i, '', tokens);
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw new CelSyntaxError('unterminated quoted field name', start);
      const name = text.slice(i + 1, end);
      if (!/^[a-zA-Z0-9_./-]+$/.test(name)) throw new CelSyntaxError(`invalid quoted field name \`${name}\``, start);
      tokens.push({ kind: 'quoted', text: name, offset: start });
      i = end + 1;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      i = readNumber(text, start, tokens);
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (!punct) throw new CelSyntaxError(`unexpected character '${c}'`, start);
    tokens.push({ kind: 'punct', text: punct, offset: start });
    i += punct.length;
  }
  tokens.push({ kind: 'eof', offset: text.length, text: '' });
  return tokens;
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isHex(c: string): boolean {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

function readNumber(text: string, start: number, tokens: Token[]): number {
  let i = start;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    i += 2;
    const digitsStart = i;
    while (i < text.length && isHex(text[i]!)) i++;
    if (i === digitsStart) throw new CelSyntaxError('invalid hexadecimal literal', start);
    const value = BigInt(`0x${text.slice(digitsStart, i)}`);
    return finishInteger(text, start, i, value, tokens);
  }
  while (i < text.length && isDigit(text[i]!)) i++;
  let isDouble = false;
  if (text[i] === '.' && isDigit(text[i + 1] ?? '')) {
    isDouble = true;
    i++;
    while (i < text.length && isDigit(text[i]!)) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    if (isDigit(text[j] ?? '')) {
      isDouble = true;
      i = j;
      while (i < text.length && isDigit(text[i]!)) i++;
    }
  }
  const literal = text.slice(start, i);
  if (isDouble) {
    if (isIdentPart(text[i] ?? '')) throw new CelSyntaxError(`invalid number literal '${literal}${text[i]}'`, start);
    tokens.push({ kind: 'double', value: Number(literal), offset: start, text: literal });
    return i;
  }
  return finishInteger(text, start, i, BigInt(literal), tokens);
}

function finishInteger(text: string, start: number, end: number, value: bigint, tokens: Token[]): number {
  let i = end;
  if (text[i] === 'u' || text[i] === 'U') {
    i++;
    if (isIdentPart(text[i] ?? ''))
      throw new CelSyntaxError(`invalid number literal '${text.slice(start, i + 1)}'`, start);
    if (value > 0xffffffffffffffffn)
      throw new CelSyntaxError(`uint literal out of range: ${text.slice(start, i)}`, start);
    tokens.push({ kind: 'uint', value, offset: start, text: text.slice(start, i) });
    return i;
  }
  if (isIdentPart(text[i] ?? ''))
    throw new CelSyntaxError(`invalid number literal '${text.slice(start, i + 1)}'`, start);
  // The range check happens in the parser: -9223372036854775808 is valid only after unary minus.
  tokens.push({ kind: 'int', value, offset: start, text: text.slice(start, i) });
  return i;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  "'": 39,
  '"': 34,
  '`': 96,
  '?': 63,
};

/** Reads a string or bytes literal starting at `quoteAt` (after its prefix) and returns the index after it. */
function readString(text: string, start: number, quoteAt: number, prefix: string, tokens: Token[]): number {
  const raw = /r/i.test(prefix);
  const bytes = /b/i.test(prefix);
  const quote = text[quoteAt]!;
  const triple = text.startsWith(quote.repeat(3), quoteAt);
  const delimiter = triple ? quote.repeat(3) : quote;
  let i = quoteAt + delimiter.length;
  // Code points for strings; byte values (≥ 0) and code points (encoded as UTF-8) for bytes.
  const units: { byte?: number; codePoint?: number }[] = [];
  for (;;) {
    if (i >= text.length) throw new CelSyntaxError('unterminated string literal', start);
    if (text.startsWith(delimiter, i)) {
      i += delimiter.length;
      break;
    }
    const c = text[i]!;
    if (!triple && (c === '\n' || c === '\r')) throw new CelSyntaxError('newline in string literal', i);
    if (c === '\\' && !raw) {
      const [unit, next] = readEscape(text, i, bytes);
      units.push(unit);
      i = next;
      continue;
    }
    const codePoint = text.codePointAt(i)!;
    units.push({ codePoint });
    i += codePoint > 0xffff ? 2 : 1;
  }
  const literal = text.slice(start, i);
  if (bytes) {
    const out: number[] = [];
    const encoder = new TextEncoder();
    for (const unit of units) {
      if (unit.byte !== undefined) out.push(unit.byte);
      else out.push(...encoder.encode(String.fromCodePoint(unit.codePoint!)));
    }
    tokens.push({ kind: 'bytes', value: Uint8Array.from(out), offset: start, text: literal });
  } else {
    let value = '';
    for (const unit of units) value += String.fromCodePoint(unit.codePoint ?? unit.byte!);
    tokens.push({ kind: 'string', value, offset: start, text: literal });
  }
  return i;
}

function readEscape(text: string, at: number, bytes: boolean): [{ byte?: number; codePoint?: number }, number] {
  const c = text[at + 1];
  if (c === undefined) throw new CelSyntaxError('unterminated escape sequence', at);
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return [{ codePoint: simple }, at + 2];
  if (c === 'x' || c === 'X') {
    const hex = text.slice(at + 2, at + 4);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new CelSyntaxError('invalid \\x escape sequence', at);
    const value = Number.parseInt(hex, 16);
    return [bytes ? { byte: value } : { codePoint: value }, at + 4];
  }
  if (c === 'u' || c === 'U') {
    const length = c === 'u' ? 4 : 8;
    const hex = text.slice(at + 2, at + 2 + length);
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex))
      throw new CelSyntaxError(`invalid \\${c} escape sequence`, at);
    const value = Number.parseInt(hex, 16);
    if (bytes) throw new CelSyntaxError(`\\${c} escape sequences are not allowed in bytes literals`, at);
    if (value > 0x10ffff || (value >= 0xd800 && value < 0xe000)) {
      throw new CelSyntaxError(`invalid code point in \\${c} escape sequence`, at);
    }
    return [{ codePoint: value }, at + 2 + length];
  }
  if (c >= '0' && c <= '3') {
    const octal = text.slice(at + 1, at + 4);
    if (!/^[0-3][0-7]{2}$/.test(octal)) throw new CelSyntaxError('invalid octal escape sequence', at);
    const value = Number.parseInt(octal, 8);
    return [bytes ? { byte: value } : { codePoint: value }, at + 4];
  }
  throw new CelSyntaxError(`invalid escape sequence '\\${c}'`, at);
}
