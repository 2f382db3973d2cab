import type { Path } from '../core/path.js';
import type { FixOperation } from '../core/rule.js';
import { detectLayout } from './layout.js';
import type { Layout } from './render.js';
import { column, contentEnd, dashOffset, lineStart } from './source.js';
import { readTree, type SourceNode } from './tree.js';

/*
 * Why fragments: a fix is checked by reading its document back, and reading a document costs its
 * size. A pod with 10,000 containers has 10,000 fixes, so checking each against the whole
 * document is quadratic (over a minute). Nearly every fix lies inside one item of a list — a
 * container, a `List` item — and the item can be edited and checked as a text of its own, with
 * its columns kept (it is padded with the spaces that preceded it), then put back once. Fixes
 * that are not inside one item still go through the whole document.
 */

/** One list item of a document, cut out to be edited alone. */
export interface Fragment {
  /** Path of the item in the document. */
  path: Path;
  /** The item's characters in the document: `[from, to)`. */
  from: number;
  to: number;
  /** Spaces that stand for what precedes `from` on its line, so columns stay the same. */
  pad: number;
  /** A block item is cut with its `- `, so it reads as a list of one; a flow item reads as itself. */
  block: boolean;
  /** The fragment's current text (`pad` spaces, then the item). */
  text: string;
}

/** A document read once for the positions of its items. */
export interface ParsedChunk {
  root: SourceNode | null;
  layout: Layout;
  text: string;
}

export function parseChunk(text: string): ParsedChunk | undefined {
  const tree = readTree(text);
  return tree && { root: tree.root, layout: detectLayout(tree.root, text), text };
}

/**
 * The path of the list item every operation lies strictly inside — the first list index on the
 * paths, so two fragments never nest — or undefined when there is none.
 */
export function fragmentPath(operations: readonly FixOperation[], from: number): Path | undefined {
  const first = operations[0]?.path;
  if (!first) return undefined;
  let at = -1;
  for (let i = from; i < first.length; i++) {
    if (typeof first[i] === 'number') {
      at = i;
      break;
    }
  }
  if (at === -1) return undefined;
  const prefix = first.slice(0, at + 1);
  for (const { path } of operations) {
    if (path.length <= prefix.length) return undefined;
    for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return undefined;
  }
  return prefix;
}

/** Cuts the item at `path` out of the chunk, or undefined when its layout does not allow it. */
export function cutFragment(chunk: ParsedChunk, path: Path): Fragment | undefined {
  const parent = nodeAt(chunk.root, path.slice(0, -1));
  const index = path[path.length - 1] as number;
  if (parent?.kind !== 'seq') return undefined;
  const item = parent.items[index];
  if (!item || item.kind === 'pair') return undefined;
  const { text } = chunk;
  if (parent.flow) {
    const from = item.start;
    const to = contentEnd(text, item);
    const pad = column(text, from);
    return { path, from, to, pad, block: false, text: ' '.repeat(pad) + text.slice(from, to) };
  }
  const dash = dashOffset(parent, index);
  if (dash === undefined) return undefined;
  const start = lineStart(text, dash);
  if (!/^ *$/.test(text.slice(start, dash))) return undefined; // `- - x`: the dash follows another
  // to the end of the item's last line, comment included, without the line break
  const end = contentEnd(text, item);
  const newline = text.indexOf('\n', end);
  let to = newline === -1 ? text.length : newline;
  if (to > end && text[to - 1] === '\r') to--;
  return {
    path,
    from: dash,
    to,
    pad: dash - start,
    block: true,
    text: ' '.repeat(dash - start) + text.slice(dash, to),
  };
}

/** The fragment's path for an operation path inside it. */
export function insideFragment(fragment: Fragment, path: Path): Path {
  const rest = path.slice(fragment.path.length);
  return fragment.block ? [0, ...rest] : rest;
}

/** What the fragment's text reads as, for a value of the item. */
export function asFragmentValue(fragment: Fragment, value: unknown): unknown {
  return fragment.block ? [value] : value;
}

/** Puts edited fragments back into the chunk's text, or says why one cannot go back. */
export function joinFragments(text: string, fragments: Iterable<Fragment>): { text: string } | { error: string } {
  const sorted = [...fragments].sort((a, b) => a.from - b.from);
  const parts: string[] = [];
  let at = 0;
  for (const fragment of sorted) {
    if (!/^ *$/.test(fragment.text.slice(0, fragment.pad)))
      return { error: 'an edit changed the indentation before a list item' };
    parts.push(text.slice(at, fragment.from), fragment.text.slice(fragment.pad));
    at = fragment.to;
  }
  parts.push(text.slice(at));
  return { text: parts.join('') };
}

function nodeAt(root: SourceNode | null, path: Path): SourceNode | undefined {
  let node: SourceNode | undefined = root ?? undefined;
  for (const segment of path) {
    if (node?.kind === 'map') {
      const pair = node.items.find((p) => p.key?.kind === 'scalar' && p.key.value === segment);
      node = pair?.value ?? undefined;
    } else if (node?.kind === 'seq' && typeof segment === 'number') {
      const item = node.items[segment];
      node = item?.kind === 'pair' ? undefined : (item ?? undefined);
    } else return undefined;
  }
  return node;
}
