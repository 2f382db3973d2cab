import { type Document, isCollection, isMap, isSeq, visit } from 'yaml';
import type { Layout } from './render.js';
import { column, dashOffset, entryStart } from './source.js';

/**
 * Reads how a document is written — indent step, whether block sequences are indented under
 * their key, line endings, JSON or YAML — so inserted lines match their neighbours.
 */
export function detectLayout(doc: Document, text: string): Layout {
  const newline = text.indexOf('\n');
  const eol = newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
  const layout: Layout = { indent: 2, indentSequences: true, eol };
  const root = doc.contents;
  if (isCollection(root) && root.flow && isJson(text)) {
    const first = root.items[0];
    const nested = first === undefined ? 0 : column(text, entryStart(first));
    const multiLine = text.slice(root.range?.[0] ?? 0, entryStart(first ?? root)).includes('\n');
    layout.json = { indent: multiLine ? Math.max(nested - column(text, root.range?.[0] ?? 0), 1) : 0 };
    return layout;
  }
  let indent: number | undefined;
  let indentSequences: boolean | undefined;
  visit(doc, {
    Pair(_, pair) {
      const value = pair.value;
      if (!pair.key || (!isMap(value) && !isSeq(value)) || value.flow || value.items.length === 0) return;
      const keyColumn = column(text, entryStart(pair));
      if (isMap(value) && indent === undefined) {
        const step = column(text, entryStart(value.items[0])) - keyColumn;
        if (step > 0) indent = step;
      }
      if (isSeq(value) && indentSequences === undefined) {
        const dash = dashOffset(value, 0);
        if (dash !== undefined) indentSequences = column(text, dash) > keyColumn;
      }
      if (indent !== undefined && indentSequences !== undefined) return visit.BREAK;
    },
  });
  if (indent !== undefined) layout.indent = indent;
  if (indentSequences !== undefined) layout.indentSequences = indentSequences;
  return layout;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
