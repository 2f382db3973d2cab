import { isDeepStrictEqual } from 'node:util';
import { includeAsSet } from '../core/fix.js';
import { type Path, valueAt } from '../core/path.js';
import type { FixOperation } from '../core/rule.js';
import { detectLayout } from './layout.js';
import {
  blockLines,
  flowText,
  inlineText,
  isInline,
  itemLines,
  jsonText,
  type Layout,
  pairLines,
  type ScalarStyle,
  scalar,
} from './render.js';
import {
  column,
  contentEnd,
  dashOffset,
  entryStart,
  lineEnd,
  lineIndent,
  lineStart,
  nestedCommentsEnd,
  pairEnd,
  removeLines,
  splice,
  startsLine,
} from './source.js';
import { readTree, type SourceMap, type SourceNode, type SourcePair, type SourceSeq } from './tree.js';

/*
 * Why a syntax tree with source offsets (tree.ts: the `yaml` package's, or the outline reader's)
 * and plain string splices: its nodes carry exact source ranges and the offsets of `:` and `-`,
 * so every edit can touch only the characters it changes and the rest of the text stays
 * byte-identical. Re-stringifying a
 * document (yaml's Document.toString, or js-yaml) would reflow quoting, indentation and
 * comments. Each operation is applied to freshly parsed text, so an operation never works
 * on stale offsets; the failsafe schema keeps every scalar a string, so keys are compared by
 * their text exactly like the loader's EventIndex does, and values are judged by the loader.
 */

/** `outlined`: the text was plain block YAML, read by the outline reader (see fix-text.ts for what that allows). */
export type EditResult = { text: string; outlined?: boolean } | { error: string };

/** Where a node sits: its parent collection and its place there (root has none). */
type Holder =
  | { kind: 'root' }
  | { kind: 'pair'; map: SourceMap; pair: SourcePair; index: number; up: Holder }
  | { kind: 'item'; seq: SourceSeq; index: number; up: Holder };

type Located =
  | { kind: 'found'; node: SourceNode; holder: Holder }
  /** `path[depth]` is absent from `container`. */
  | { kind: 'missing'; container: SourceMap | SourceSeq; holder: Holder; depth: number }
  /** `path[0..depth)` leads to a scalar (often null) where the path needs a collection. */
  | { kind: 'scalar'; node: SourceNode; holder: Holder; depth: number }
  /** The path asks a list for a key: `set` cannot make that, `remove` finds nothing there. */
  | { kind: 'mismatch'; reason: string }
  | { kind: 'error'; reason: string };

interface Editing {
  text: string;
  layout: Layout;
}

/**
 * Applies one fix operation to the text of one YAML or JSON document (`current` is the
 * document as the loader reads it). Operations keep `applyFix`'s semantics: `set` creates
 * missing parents, `remove` of something absent changes nothing, `include` is the `set` of the
 * list's next index (or of a new list) that the current document calls for.
 */
export function editDocument(text: string, current: unknown, operation: FixOperation, layout?: Layout): EditResult {
  if (operation.op === 'include') {
    const set = includeAsSet(current, operation);
    return set ? editDocument(text, current, set, layout) : { text };
  }
  const tree = readTree(text);
  if (!tree) return { error: 'the document cannot be edited: the YAML editor cannot read it' };
  const result = editTree(tree.root, text, current, operation, layout ?? detectLayout(tree.root, text));
  return tree.outlined && 'text' in result ? { ...result, outlined: true } : result;
}

function editTree(
  root: SourceNode | null,
  text: string,
  current: unknown,
  operation: Exclude<FixOperation, { op: 'include' }>,
  layout: Layout,
): EditResult {
  const editing: Editing = { text, layout };
  const located = locate(root, operation.path);
  if (located.kind === 'error') return { error: located.reason };
  if (operation.op === 'remove') return located.kind === 'found' ? remove(editing, located.holder) : { text };
  if (located.kind === 'mismatch') return { error: located.reason };
  const { value, path } = operation;
  switch (located.kind) {
    case 'found':
      if (isDeepStrictEqual(valueAt(current, path), value)) return { text };
      return replace(editing, located.node, located.holder, value);
    case 'missing':
      return insert(editing, located.container, located.holder, path.slice(located.depth), value);
    case 'scalar': {
      const built = nest(path.slice(located.depth), value);
      return 'error' in built ? built : replace(editing, located.node, located.holder, built.value);
    }
  }
}

function locate(root: SourceNode | null, path: Path): Located {
  if (!root) return { kind: 'error', reason: 'the document is empty' };
  let node: SourceNode = root;
  let holder: Holder = { kind: 'root' };
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth] as string | number;
    if (node.kind === 'alias')
      return { kind: 'error', reason: 'the path goes through an alias (*name); edit it by hand' };
    if (node.kind === 'map') {
      const index = node.items.findIndex(
        (pair) => pair.key?.kind === 'scalar' && String(pair.key.value) === String(segment),
      );
      if (index === -1) return { kind: 'missing', container: node, holder, depth };
      const pair = node.items[index] as SourcePair;
      if (!pair.value) return { kind: 'error', reason: `key ${String(segment)} has no value indicator` };
      holder = { kind: 'pair', map: node, pair, index, up: holder };
      node = pair.value;
    } else if (node.kind === 'seq') {
      if (typeof segment !== 'number') return { kind: 'mismatch', reason: `a list has no key "${segment}"` };
      if (segment >= node.items.length) return { kind: 'missing', container: node, holder, depth };
      const item = node.items[segment];
      if (!item || item.kind === 'pair') return { kind: 'error', reason: 'a flow list holds a key: value pair' };
      holder = { kind: 'item', seq: node, index: segment, up: holder };
      node = item;
    } else {
      return { kind: 'scalar', node, holder, depth };
    }
  }
  return { kind: 'found', node, holder };
}

/** The value `set` creates below a missing segment: `['a', 0]` with v gives `{a: [v]}`. */
function nest(path: Path, value: unknown): { value: unknown } | { error: string } {
  let built = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i] as string | number;
    if (typeof segment === 'number') {
      if (segment !== 0) return { error: `setting list index ${segment} of a new list would leave a gap` };
      built = [built];
    } else built = { [segment]: built };
  }
  return { value: built };
}

function isFlow(holder: Holder): boolean {
  return holder.kind === 'pair' ? holder.map.flow : holder.kind === 'item' && holder.seq.flow;
}

function preferredStyle(node: SourceNode | SourcePair | null): ScalarStyle {
  if (node?.kind !== 'scalar') return 'plain';
  return node.style === 'single' || node.style === 'double' ? node.style : 'plain';
}

/** Replaces the value of `node` with `value`, in the style of the collection that holds it. */
function replace(editing: Editing, node: SourceNode, holder: Holder, value: unknown): EditResult {
  const { text, layout } = editing;
  if (node.anchor) return { error: `the value carries an anchor (&${node.anchor}) that aliases may share` };
  if (node.tag) return { error: `the value carries an explicit tag (${node.tag})` };
  const start = node.start;
  const end = contentEnd(text, node);
  const style = preferredStyle(node);
  if (layout.json) return { text: splice(text, start, end, jsonText(value, lineIndent(text, start), layout)) };
  if (isFlow(holder)) {
    const rendered = value !== null && typeof value === 'object' ? flowText(value) : scalar(value, 'flow', style);
    return { text: splice(text, start, end, rendered) };
  }
  const empty = node.kind === 'scalar' && start === end && node.style === 'plain';
  if (holder.kind !== 'pair') {
    // a block sequence item or the root: the first line goes where the old value began
    const dash = holder.kind === 'item' ? dashOffset(holder.seq, holder.index) : undefined;
    const at = empty && dash !== undefined ? column(text, dash) + 2 : column(text, start);
    const rendered = isInline(value)
      ? inlineText(value, style)
      : blockLines(value, at, layout).join(layout.eol).slice(at);
    return { text: spaced(text, start, end, rendered) };
  }
  const colon = holder.pair.colon;
  if (colon === undefined) return { error: 'the key has no value indicator' };
  const onKeyLine = empty || start < lineEnd(text, colon);
  if (isInline(value)) {
    const rendered = inlineText(value, style);
    if (onKeyLine && !empty) return { text: spaced(text, start, end, rendered) };
    // `key:` (maybe a comment after it), or `key:` with its old value on the lines below
    const cleared = empty ? text : removeLines(text, lineStart(text, start), lineEnd(text, end));
    return { text: spaced(cleared, colon + 1, colon + 1, rendered) };
  }
  const keyColumn = column(text, holder.pair.key ? entryStart(holder.pair) : colon);
  const child = Array.isArray(value) && !layout.indentSequences ? keyColumn : keyColumn + layout.indent;
  const lines = blockLines(value, child, layout);
  if (onKeyLine) {
    // drop the inline value, keep what follows it on the line (a comment), put the block below
    const cleared = empty ? text : splice(text, colon + 1, end, '');
    const at = lineEnd(cleared, colon);
    return { text: replaceLines(cleared, at, at, lines, layout) };
  }
  return { text: replaceLines(text, lineStart(text, start), lineEnd(text, end), lines, layout) };
}

/** Splices `insert` in, with a space before it after `:` or `-`, and one before a comment that follows. */
function spaced(text: string, from: number, to: number, insert: string): string {
  const before = from > 0 && !/\s/.test(text[from - 1] as string) ? ' ' : '';
  const after = text[to] === '#' ? ' ' : '';
  return splice(text, from, to, `${before}${insert}${after}`);
}

/**
 * Replaces whole lines `[from, to)` with `lines`. At the end of a file without a final line
 * break, none is added after them (and one is added before them when they would join a line).
 */
function replaceLines(text: string, from: number, to: number, lines: readonly string[], layout: Layout): string {
  const body = lines.join(layout.eol);
  if (to === text.length && !text.endsWith('\n')) {
    const joins = from === text.length && from > 0 && !text.endsWith('\n');
    return splice(text, from, to, joins ? `${layout.eol}${body}` : body);
  }
  return splice(text, from, to, `${body}${layout.eol}`);
}

/** Adds the missing `rest[0]` (a key or the next list index) to `container`, with what lies below it. */
function insert(
  editing: Editing,
  container: SourceMap | SourceSeq,
  holder: Holder,
  rest: Path,
  value: unknown,
): EditResult {
  const { text, layout } = editing;
  const segment = rest[0] as string | number;
  const below = nest(rest.slice(1), value);
  if ('error' in below) return below;
  if (container.kind === 'map') {
    const key = String(segment);
    if (container.items.length === 0) return replace(editing, container, holder, { [key]: below.value });
    if (container.flow) {
      return insertFlow(editing, container, (at) =>
        layout.json
          ? `${JSON.stringify(key)}:${layout.json.indent ? ' ' : ''}${jsonText(below.value, at, layout)}`
          : `${scalar(key, 'flow')}: ${flowText(below.value)}`,
      );
    }
    const first = container.items[0] as SourcePair;
    const at = column(text, first.key ? entryStart(first) : 0);
    const last = container.items[container.items.length - 1] as SourcePair;
    const after = lineEnd(text, pairEnd(text, last));
    return { text: replaceLines(text, after, after, pairLines(key, below.value, at, layout), layout) };
  }
  if (typeof segment !== 'number' || segment !== container.items.length)
    return { error: `setting index ${String(segment)} of a list of ${container.items.length} would leave a gap` };
  const entry = below.value;
  if (container.items.length === 0) return replace(editing, container, holder, [entry]);
  // a new string takes the quotes of the entry before it: `drop: ["NET_RAW"]` gains `"ALL"`
  const last = container.items[container.items.length - 1] ?? null;
  const style = typeof entry === 'string' ? preferredStyle(last) : 'plain';
  if (container.flow)
    return insertFlow(editing, container, (at) =>
      layout.json
        ? jsonText(entry, at, layout)
        : typeof entry === 'string'
          ? scalar(entry, 'flow', style)
          : flowText(entry),
    );
  const dash = dashOffset(container, 0);
  if (dash === undefined) return { error: 'cannot find the list item indicator' };
  const after = lineEnd(text, contentEnd(text, last));
  const lines =
    typeof entry === 'string'
      ? [`${' '.repeat(column(text, dash))}- ${scalar(entry, 'block', style)}`]
      : itemLines(entry, column(text, dash), layout);
  return { text: replaceLines(text, after, after, lines, layout) };
}

/** Adds an entry after the last one of a non-empty flow collection, on its own line when entries are. */
function insertFlow(
  editing: Editing,
  container: SourceMap | SourceSeq,
  render: (column: number) => string,
): EditResult {
  const { text, layout } = editing;
  const last = container.items[container.items.length - 1];
  const lastStart = entryStart(last);
  const lastEnd = last?.kind === 'pair' ? pairEnd(text, last) : contentEnd(text, last);
  const close = container.end - 1;
  const trailingComma = text.slice(lastEnd, close).indexOf(',');
  const ownLines = lineStart(text, lastStart) > container.start;
  const at = ownLines ? column(text, lastStart) : 0;
  const gap = ownLines ? `${layout.eol}${' '.repeat(at)}` : layout.json?.indent === 0 ? '' : ' ';
  const entry = render(ownLines ? at : lineIndent(text, lastStart));
  if (trailingComma === -1) return { text: splice(text, lastEnd, lastEnd, `,${gap}${entry}`) };
  const after = lastEnd + trailingComma + 1;
  return { text: splice(text, after, after, `${gap}${entry},`) };
}

/** Removes the node `holder` points at; a collection left empty becomes `{}` or `[]`. */
function remove(editing: Editing, holder: Holder): EditResult {
  const { text } = editing;
  if (holder.kind === 'root') return { error: 'a fix cannot remove the whole object' };
  const collection = holder.kind === 'pair' ? holder.map : holder.seq;
  const entries: (SourceNode | SourcePair | null)[] = collection.items;
  if (entries.length === 1) return replace(editing, collection, holder.up, holder.kind === 'pair' ? {} : []);
  const index = holder.index;
  const entry = entries[index];
  if (collection.flow) {
    if (index < entries.length - 1)
      return { text: splice(text, entryStart(entry), entryStart(entries[index + 1]), '') };
    const previous = entries[index - 1];
    const previousEnd = previous?.kind === 'pair' ? pairEnd(text, previous) : contentEnd(text, previous);
    const end = entry?.kind === 'pair' ? pairEnd(text, entry) : contentEnd(text, entry);
    return { text: splice(text, previousEnd, end, '') };
  }
  const start = holder.kind === 'pair' ? entryStart(entry) : dashOffset(holder.seq, index);
  if (start === undefined) return { error: 'cannot find the list item indicator' };
  if (!startsLine(text, start)) {
    // the first entry of a compact item (`- name: x`): the next entry moves up after the dash
    const next = holder.kind === 'pair' ? entryStart(entries[index + 1]) : dashOffset(holder.seq, index + 1);
    if (index !== 0 || next === undefined) return { error: 'unexpected layout around the removed entry' };
    return { text: splice(text, start, next, '') };
  }
  const end = entry?.kind === 'pair' ? pairEnd(text, entry) : contentEnd(text, entry);
  const to = nestedCommentsEnd(text, lineEnd(text, end), column(text, start));
  return { text: removeLines(text, lineStart(text, start), to) };
}
