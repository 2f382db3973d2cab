import { own } from '../core/lookup.js';

/*
 * The wording helpers behind upstream's messages. Details must match upstream to the character
 * (users grep for them, and tools compare them), so quoting, plurals and ordering follow Go.
 */

/** `"a"` — a name as upstream quotes it, without escaping. */
export function quote(item: string): string {
  return `"${item}"`;
}

/** `"a", "b"` — items wrapped in quotes as they are, without escaping (upstream's joinQuote). */
export function quoteList(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function plural(singular: string, pluralForm: string, count: number): string {
  return count === 1 ? singular : pluralForm;
}

/** `container "a"`, `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${plural('container', 'containers', names.length)} ${quoteList(names)}`;
}

/** The sorted members of a set, in Go's order for strings (UTF-8 bytes, i.e. code points). */
export function sortedList(values: Iterable<string>): string[] {
  return [...values].sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** UTF-16 order differs from code point order only where a surrogate meets U+E000..U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

const ESCAPES: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** A string quoted the way Go's `%q` quotes it, for the annotation values upstream prints. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const escaped = own(ESCAPES, char);
    if (escaped) {
      out += escaped;
      continue;
    }
    const code = char.codePointAt(0) as number;
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
