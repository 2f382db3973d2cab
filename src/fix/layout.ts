import type { Layout } from './render.js';
import { column, dashOffset, entryStart } from './source.js';
import type { SourceNode, SourcePair } from './tree.js';

/**
 * Reads how a document is written — indent step, whether block sequences are indented under
 * their key, line endings, JSON or YAML — so inserted lines match their neighbours.
 */
export function detectLayout(root: SourceNode | null, text: string): Layout {
  return readLayout(root, text).layout;
}

/**
 * detectLayout, and the offset of the key whose pair decided it (Infinity when the document
 * leaves it to the defaults): a text that is the same up to there gets the same layout.
 */
export function readLayout(root: SourceNode | null, text: string): { layout: Layout; decidedAt: number } {
  const newline = text.indexOf('\n');
  const eol = newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
  const layout: Layout = { indent: 2, indentSequences: true, eol };
  if ((root?.kind === 'map' || root?.kind === 'seq') && root.flow && isJson(text)) {
    const first = root.items[0];
    const nested = first === undefined ? 0 : column(text, entryStart(first));
    const multiLine = text.slice(root.start, entryStart(first ?? root)).includes('\n');
    layout.json = { indent: multiLine ? Math.max(nested - column(text, root.start), 1) : 0 };
    return { layout, decidedAt: Number.POSITIVE_INFINITY };
  }
  let indent: number | undefined;
  let indentSequences: boolean | undefined;
  let decidedAt = Number.POSITIVE_INFINITY;
  // the first block mapping and the first block sequence under a key, in document order
  eachPair(root, (pair) => {
    const value = pair.value;
    if (!pair.key || (value?.kind !== 'map' && value?.kind !== 'seq') || value.flow || value.items.length === 0)
      return false;
    const keyColumn = column(text, entryStart(pair));
    if (value.kind === 'map' && indent === undefined) {
      const step = column(text, entryStart(value.items[0])) - keyColumn;
      if (step > 0) indent = step;
    }
    if (value.kind === 'seq' && indentSequences === undefined) {
      const dash = dashOffset(value, 0);
      if (dash !== undefined) indentSequences = column(text, dash) > keyColumn;
    }
    if (indent === undefined || indentSequences === undefined) return false;
    decidedAt = entryStart(pair);
    return true;
  });
  if (indent !== undefined) layout.indent = indent;
  if (indentSequences !== undefined) layout.indentSequences = indentSequences;
  return { layout, decidedAt };
}

/** Calls `visit` on every pair, depth first in document order, until it returns true; says whether it did. */
function eachPair(node: SourceNode | SourcePair | null, visit: (pair: SourcePair) => boolean): boolean {
  if (node?.kind === 'pair') return visit(node) || eachPair(node.key, visit) || eachPair(node.value, visit);
  if (node?.kind === 'map' || node?.kind === 'seq') {
    for (const item of node.items) if (eachPair(item, visit)) return true;
  }
  return false;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
