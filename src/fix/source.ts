import { isAlias, isCollection, isPair, isScalar, type Node, type Pair, Scalar, type YAMLSeq } from 'yaml';

/** Offsets and lines in the source text; every edit is a splice of the original characters. */

export function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Offset just past the line break of the line holding `at` (or the end of the text). */
export function lineEnd(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline === -1 ? text.length : newline + 1;
}

export function column(text: string, at: number): number {
  return at - lineStart(text, at);
}

/** Whether only indentation precedes `at` on its line (false for `- name: x`'s key, after the dash). */
export function startsLine(text: string, at: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, at), at));
}

/** Indentation of the line holding `at`. */
export function lineIndent(text: string, at: number): number {
  const start = lineStart(text, at);
  let end = start;
  while (text[end] === ' ') end++;
  return end - start;
}

export function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

/** Removes whole lines `[from, to)`; when they end the file without a final line break, so does the result. */
export function removeLines(text: string, from: number, to: number): string {
  if (to < text.length || text.endsWith('\n') || from === 0) return splice(text, from, to, '');
  const breakAt = text[from - 2] === '\r' ? from - 2 : from - 1;
  return splice(text, breakAt, to, '');
}

/**
 * Offset just past a node's last character of content: after a scalar's value or closing quote,
 * a flow collection's bracket, a block collection's last entry. Trailing comments, blank lines and
 * the line break are not content, so edits that end here leave them in place.
 */
export function contentEnd(text: string, node: unknown): number {
  if (isScalar(node)) {
    let end = node.range?.[1] ?? 0;
    if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
      while (end > (node.range?.[0] ?? 0) && /\s/.test(text[end - 1] as string)) end--;
    }
    return end;
  }
  if (isAlias(node)) return node.range?.[1] ?? 0;
  if (isCollection(node)) {
    if (node.flow || node.items.length === 0) return node.range?.[1] ?? 0;
    const last = node.items[node.items.length - 1];
    return isPair(last) ? pairEnd(text, last) : contentEnd(text, last);
  }
  return 0;
}

export function pairEnd(text: string, pair: Pair): number {
  return pair.value ? contentEnd(text, pair.value) : contentEnd(text, pair.key);
}

export function entryStart(entry: unknown): number {
  const node = isPair(entry) ? entry.key : entry;
  return (node as Node | null)?.range?.[0] ?? 0;
}

/** Offset of a pair's `:` (absent for a key without a value indicator). */
export function colonOffset(pair: Pair): number | undefined {
  const token = pair.srcToken as { sep?: { type: string; offset: number }[] } | undefined;
  return token?.sep?.find((t) => t.type === 'map-value-ind')?.offset;
}

/** Offset of the `-` that opens item `index` of a block sequence. */
export function dashOffset(seq: YAMLSeq, index: number): number | undefined {
  const token = seq.srcToken as { items?: { start: { type: string; offset: number }[] }[] } | undefined;
  return token?.items?.[index]?.start.find((t) => t.type === 'seq-item-ind')?.offset;
}

/**
 * Extends `from` over the comment lines that follow it when they are indented deeper than
 * `column`: they sit inside the block being removed, so they go with it.
 */
export function nestedCommentsEnd(text: string, from: number, indent: number): number {
  let at = from;
  while (at < text.length) {
    const end = lineEnd(text, at);
    const line = text.slice(at, end);
    const match = /^( *)#/.exec(line);
    if (!match || (match[1] as string).length <= indent) break;
    at = end;
  }
  return at;
}
