import type { Path } from '../core/path.js';
import type { FixOperation } from '../core/rule.js';
import { editDocument } from './edit-document.js';
import type { Fragment } from './fragments.js';
import { readLayout } from './layout.js';
import { readOutline } from './outline.js';
import type { Layout } from './render.js';
import { applyShared } from './values.js';

/*
 * Why a skeleton: a fix outside the list items being edited (a pod-level setting, between fixes
 * of its 10,000 containers) would otherwise put every edited item back and read the whole
 * document again, twice: to edit it and to cut the items anew. When the fix's paths stay clear of
 * the lists that hold the items, it is edited on the document with each item replaced by a
 * one-line `- <token>` (a run of items by one): the editor then reads a few lines, and the items
 * stay cut. This
 * gives the whole-document edit exactly when the editor sees the same thing on both texts, which
 * is checked, not assumed: the skeleton is plain block YAML, its layout is decided before the
 * first item (as the whole document's is, then), and the edit's characters stay clear of every
 * placeholder and the indentation before it. Otherwise the caller edits the whole document.
 */

export interface AroundOutcome {
  /** The document with the edit, the items still as they were cut (their fragments moved with it). */
  text: string;
  value: unknown;
  /** The document's layout after the edit. */
  layout: Layout;
}

/**
 * A run of cut items, one after the other in a list: where they sit in the document, where their
 * placeholder sits in the skeleton, and how far the edits moved them.
 */
interface Spot {
  fragments: Fragment[];
  from: number;
  to: number;
  /** The first item's indentation: its line belongs to the items. */
  pad: number;
  skeletonFrom: number;
  skeletonTo: number;
  moved: number;
}

/**
 * Applies one fix whose operations lie outside the lists of `fragments` to `text` (where the
 * fragments' items sit as they were cut), the items left out; moves the fragments along. Undefined
 * when it cannot show that the result is the whole-document edit's.
 */
export function editAround(
  text: string,
  fragments: readonly Fragment[],
  value: unknown,
  operations: readonly FixOperation[],
): AroundOutcome | undefined {
  if (fragments.some((fragment) => !fragment.block)) return undefined;
  const lists = new Map<string, Path>();
  for (const fragment of fragments) {
    const list = fragment.path.slice(0, -1);
    lists.set(JSON.stringify(list), list);
  }
  for (const { path } of operations)
    for (const list of lists.values()) if (startsWith(path, list) || startsWith(list, path)) return undefined;

  const token = placeholderToken(operations);
  const spots: Spot[] = [];
  for (const fragment of [...fragments].sort((a, b) => a.from - b.from)) {
    const last = spots[spots.length - 1];
    // the next item of the same run: only a line break and its indentation lie between
    if (last && text.charCodeAt(last.to) === 10 && last.to + 1 + fragment.pad === fragment.from) {
      last.fragments.push(fragment);
      last.to = fragment.to;
    } else
      spots.push({
        fragments: [fragment],
        from: fragment.from,
        to: fragment.to,
        pad: fragment.pad,
        skeletonFrom: 0,
        skeletonTo: 0,
        moved: 0,
      });
  }
  const parts: string[] = [];
  let at = 0;
  let length = 0;
  for (const spot of spots) {
    const before = text.slice(at, spot.from);
    parts.push(before, token);
    spot.skeletonFrom = length + before.length;
    spot.skeletonTo = spot.skeletonFrom + token.length;
    length = spot.skeletonTo;
    at = spot.to;
  }
  parts.push(text.slice(at));
  let skeleton = parts.join('');
  let current = text;

  for (const [i, operation] of operations.entries()) {
    const layout = layoutBefore(skeleton, spots);
    if (!layout) return undefined;
    const now = i === 0 ? value : applyShared(value, operations.slice(0, i));
    const result = editDocument(skeleton, now, operation, layout);
    if ('error' in result || (!result.outlined && result.text !== skeleton)) return undefined;
    const edit = changedRange(skeleton, result.text);
    if (edit) {
      const { from, to, insert } = edit;
      for (const { skeletonFrom, skeletonTo, pad } of spots) {
        // the placeholder and the indentation before it are the items': the edit must not touch them
        if (from === to ? from > skeletonFrom - pad && from < skeletonTo : from < skeletonTo && to > skeletonFrom - pad)
          return undefined;
      }
      // clear of every placeholder, the range spans as many characters in the document
      const shift = spots.reduce(
        (sum, spot) => (spot.skeletonTo <= from ? sum + spot.to - spot.from - token.length : sum),
        0,
      );
      current = current.slice(0, from + shift) + insert + current.slice(to + shift);
      const delta = insert.length - (to - from);
      for (const spot of spots) {
        if (spot.skeletonFrom < to) continue;
        spot.skeletonFrom += delta;
        spot.skeletonTo += delta;
        spot.from += delta;
        spot.to += delta;
        spot.moved += delta;
      }
      skeleton = result.text;
    }
  }
  const layout = layoutBefore(skeleton, spots);
  if (!layout) return undefined;
  for (const spot of spots)
    for (const fragment of spot.fragments) {
      fragment.from += spot.moved;
      fragment.to += spot.moved;
    }
  return { text: current, value: applyShared(value, operations), layout };
}

/**
 * The skeleton's layout when the skeleton is plain block YAML and its layout (line endings
 * included) is decided before the first placeholder, where the whole document reads the same.
 */
function layoutBefore(skeleton: string, spots: readonly Spot[]): Layout | undefined {
  const first = spots.reduce((min, spot) => Math.min(min, spot.skeletonFrom), Number.POSITIVE_INFINITY);
  const root = readOutline(skeleton);
  if (!root) return undefined;
  const newline = skeleton.indexOf('\n');
  const { layout, decidedAt } = readLayout(root, skeleton);
  return decidedAt < first && newline !== -1 && newline < first ? layout : undefined;
}

/** `- <token>`, a plain scalar that no value or key of the operations holds, so no edit writes it. */
function placeholderToken(operations: readonly FixOperation[]): string {
  const written = JSON.stringify(operations);
  let token = 'rampart-item';
  while (written.includes(token)) token += '-x';
  return `- ${token}`;
}

/** The one range `[from, to)` of `before` that `after` replaces with `insert`, or undefined when they are equal. */
function changedRange(before: string, after: string): { from: number; to: number; insert: string } | undefined {
  if (before === after) return undefined;
  const shortest = Math.min(before.length, after.length);
  let from = 0;
  while (from < shortest && before.charCodeAt(from) === after.charCodeAt(from)) from++;
  let tail = 0;
  while (
    tail < shortest - from &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  )
    tail++;
  return { from, to: before.length - tail, insert: after.slice(from, after.length - tail) };
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}
