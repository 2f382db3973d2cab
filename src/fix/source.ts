import type { SourceNode, SourcePair, SourceSeq } from './tree.js';

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
export function contentEnd(text: string, node: SourceNode | SourcePair | null | undefined): number {
  switch (node?.kind) {
    case 'scalar': {
      let end = node.end;
      if (node.style === 'block') {
        while (end > node.start && /\s/.test(text[end - 1] as string)) end--;
      }
      return end;
    }
    case 'alias':
      return node.end;
    case 'map':
    case 'seq': {
      if (node.flow || node.items.length === 0) return node.end;
      const last = node.items[node.items.length - 1];
      return last?.kind === 'pair' ? pairEnd(text, last) : contentEnd(text, last);
    }
    default:
      return 0;
  }
}

export function pairEnd(text: string, pair: SourcePair): number {
  return pair.value ? contentEnd(text, pair.value) : contentEnd(text, pair.key);
}

export function entryStart(entry: SourceNode | SourcePair | null | undefined): number {
  const node = entry?.kind === 'pair' ? entry.key : entry;
  return node?.start ?? 0;
}

/** Offset of the `-` that opens item `index` of a block sequence. */
export function dashOffset(seq: SourceSeq, index: number): number | undefined {
  return seq.dashes[index];
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
