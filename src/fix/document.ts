import { isDeepStrictEqual } from 'node:util';
import { type Path, valueAt } from '../core/path.js';
import type { FixOperation } from '../core/rule.js';
import { parseYaml } from '../load/index.js';
import { editDocument } from './edit-document.js';
import {
  asFragmentValue,
  cutFragment,
  type Fragment,
  fragmentPath,
  insideFragment,
  joinFragments,
  type ParsedChunk,
  parseChunk,
} from './fragments.js';
import type { Layout } from './render.js';
import { editAround } from './skeleton.js';
import { applyShared, setAt } from './values.js';

/** The fixes for one resource: a whole document, or one item of a `List` document. */
export interface DocumentRequest {
  /** 0-based document index in the file, as the loader counts them (`Origin.document`). */
  document: number;
  /** Index in the `List`'s items (`Origin.item`). */
  item?: number;
  /** Each fix is applied whole or not at all, in this order. */
  fixes: readonly { operations: readonly FixOperation[] }[];
}

/** What became of one fix: changed the text, found nothing left to change, or could not be applied. */
export type FixStatus = { status: 'applied' } | { status: 'unchanged' } | { status: 'failed'; reason: string };

const APPLIED: FixStatus = Object.freeze({ status: 'applied' });
const UNCHANGED: FixStatus = Object.freeze({ status: 'unchanged' });

export interface DocumentOutcome {
  text: string;
  value: unknown;
  statuses: FixStatus[][];
  /** Some edit waits for the file's final check (see applyOperations). */
  deferred: boolean;
}

/**
 * Applies the fixes of one document's resources to its text (`value` is how the loader reads
 * it), one fix at a time; a fix whose edit fails or does not read back as `applyFix` says is left
 * out. Fixes inside one list item are edited and checked on that item alone (see fragments.ts),
 * the others on the whole document after them — or, when they lie outside every edited item, on
 * the document with those items left out (skeleton.ts). `alone`: the document is the whole file,
 * so it reads on its own as it read in the file.
 */
export function fixDocument(
  text: string,
  value: unknown,
  requests: readonly DocumentRequest[],
  options: { defer: boolean; alone: boolean },
): DocumentOutcome {
  const alone = options.alone ? { ok: true as const, value } : readAlone(text);
  if (!alone.ok || !isDeepStrictEqual(alone.value, value))
    return {
      text,
      value,
      statuses: requests.map((request) =>
        failAll(request, 'the document does not read the same on its own (YAML directives?)'),
      ),
      deferred: false,
    };
  const editor = new DocumentEditor(text, value, options.defer);
  const fixes = requests.flatMap((request, r) => {
    const prefix: Path = request.item === undefined ? [] : ['items', request.item];
    return request.fixes.map((fix, f) => ({
      r,
      f,
      whole: fix.operations.some((op) => op.path.length === 0),
      operations:
        prefix.length === 0
          ? fix.operations
          : fix.operations.map((op) => ({ ...op, path: [...prefix, ...op.path] }) as FixOperation),
    }));
  });
  const statuses: FixStatus[][] = requests.map((request) => new Array(request.fixes.length));
  // Fixes apply in order, except that a run of fixes inside list items is applied item by item:
  // items are independent, and an item's edits then follow each other (they stay short-lived).
  for (let k = 0; k < fixes.length; ) {
    const inside = new Map<Fragment, number[]>();
    let end = k;
    for (; end < fixes.length; end++) {
      const fix = fixes[end] as (typeof fixes)[number];
      const fragment = fix.whole ? undefined : editor.fragmentFor(fix.operations);
      if (!fragment) break;
      const run = inside.get(fragment);
      if (run) run.push(end);
      else inside.set(fragment, [end]);
    }
    inside.forEach((run, fragment) => {
      for (let i = 0; i < run.length; i++) {
        const fix = fixes[run[i] as number] as (typeof fixes)[number];
        (statuses[fix.r] as FixStatus[])[fix.f] = editor.applyInside(fragment, fix.operations);
      }
    });
    if (end === fixes.length) break;
    const fix = fixes[end] as (typeof fixes)[number];
    k = end + 1;
    if (fix.whole) {
      (statuses[fix.r] as FixStatus[])[fix.f] = {
        status: 'failed',
        reason: 'a fix cannot replace or remove the whole object',
      };
      continue;
    }
    const status = editor.applyOutside(fix.operations);
    if ('problem' in status) {
      const { problem } = status;
      return { text, value, statuses: requests.map((each) => failAll(each, problem)), deferred: editor.deferred };
    }
    (statuses[fix.r] as FixStatus[])[fix.f] = status;
  }
  const problem = editor.flush();
  if (problem)
    return { text, value, statuses: requests.map((each) => failAll(each, problem)), deferred: editor.deferred };
  return { text: editor.current, value: editor.value, statuses, deferred: editor.deferred };
}

/**
 * One document being edited. `current` holds the list items that are cut out as they were cut,
 * until flush puts them back; `value` is what the document reads as with every fix so far.
 */
class DocumentEditor {
  value: unknown;
  deferred = false;
  private chunk: ParsedChunk | null | undefined; // null: `current` cannot be read
  /** How the document is written, as read when its items were cut (or after editAround). */
  private layout: Layout | undefined;
  private readonly fragments = new Map<string, Fragment>();

  constructor(
    public current: string,
    value: unknown,
    private readonly defer: boolean,
  ) {
    this.value = structuredClone(value);
  }

  /**
   * The list item every operation lies inside, cut out, or undefined when the fix is edited on
   * the whole document (no such item, an item that is not a mapping or a list, a layout the cut
   * cannot take).
   */
  fragmentFor(operations: readonly FixOperation[]): Fragment | undefined {
    const path = fragmentPath(operations, 0);
    if (!path) return undefined;
    const item = valueAt(this.value, path);
    // an item that is not a mapping or a list (`null`, a scalar) is edited with the whole document
    if (item === null || typeof item !== 'object') return undefined;
    const key = JSON.stringify(path);
    let fragment = this.fragments.get(key);
    if (!fragment) {
      if (this.chunk === undefined) {
        this.chunk = parseChunk(this.current) ?? null;
        if (this.fragments.size === 0) this.layout = this.chunk?.layout;
      }
      fragment = this.chunk ? cutFragment(this.chunk, path) : undefined;
      if (fragment) this.fragments.set(key, fragment);
    }
    return fragment;
  }

  /** A fix inside the item of `fragment`, edited on the item alone. */
  applyInside(fragment: Fragment, operations: readonly FixOperation[]): FixStatus {
    const item = valueAt(this.value, fragment.path);
    const inside = operations.map((op) => ({ ...op, path: insideFragment(fragment, op.path) }) as FixOperation);
    const outcome = applyOperations(fragment.text, asFragmentValue(fragment, item), inside, this.defer, this.layout);
    if ('error' in outcome) return { status: 'failed', reason: outcome.error };
    this.deferred ||= outcome.deferred;
    const status = outcome.text === fragment.text ? UNCHANGED : APPLIED;
    fragment.text = outcome.text;
    setAt(this.value, fragment.path, fragment.block ? (outcome.value as unknown[])[0] : outcome.value);
    return status;
  }

  /** A fix outside the cut items: around them when editAround can, else on the whole document. */
  applyOutside(operations: readonly FixOperation[]): FixStatus | { problem: string } {
    const around =
      this.defer && this.fragments.size > 0
        ? editAround(this.current, [...this.fragments.values()], this.value, operations)
        : undefined;
    if (around) {
      this.deferred = true;
      const status = around.text === this.current ? UNCHANGED : APPLIED;
      this.current = around.text;
      this.value = around.value;
      this.layout = around.layout;
      this.chunk = undefined; // its offsets are stale; a new item is cut from a fresh read
      return status;
    }
    const problem = this.flush();
    if (problem) return { problem };
    const outcome = applyOperations(this.current, this.value, operations, this.defer);
    if ('error' in outcome) return { status: 'failed', reason: outcome.error };
    this.deferred ||= outcome.deferred;
    const status = outcome.text === this.current ? UNCHANGED : APPLIED;
    this.current = outcome.text;
    this.value = outcome.value;
    return status;
  }

  /** Puts the cut items back, or says why one cannot go back. */
  flush(): string | undefined {
    this.chunk = undefined;
    this.layout = undefined;
    if (this.fragments.size === 0) return undefined;
    const joined = joinFragments(this.current, this.fragments.values());
    this.fragments.clear();
    if ('error' in joined) return joined.error;
    this.current = joined.text;
    return undefined;
  }
}

/**
 * One fix's operations on a text that reads as `value`; the result must read back as `applyFix`
 * says. With `defer`, when every edit was of plain block YAML (outline.ts), that check waits for
 * the file's final read (`deferred`): one parse of the file instead of one per fix.
 */
export function applyOperations(
  text: string,
  value: unknown,
  operations: readonly FixOperation[],
  defer: boolean,
  layout?: Layout,
): { text: string; value: unknown; deferred: boolean } | { error: string } {
  const want = applyShared(value, operations);
  let next = text;
  let outlined = defer;
  // what the text reads as before each operation: `value`, then as the operations before it say
  // (each edit is checked only once, at the end, against `want`)
  let now = value;
  for (let i = 0; i < operations.length; i++) {
    if (i > 0) now = applyShared(value, operations.slice(0, i));
    const result = editDocument(next, now, operations[i] as FixOperation, layout);
    if ('error' in result) return result;
    outlined &&= result.outlined === true || result.text === next;
    next = result.text;
  }
  if (outlined) return { text: next, value: want, deferred: true };
  const check = readAlone(next);
  if (!check.ok || !isDeepStrictEqual(check.value, want))
    return { error: 'the edited text would not read back as the fix intends; edit it by hand' };
  return { text: next, value: want, deferred: false };
}

export function failAll(request: DocumentRequest, reason: string): FixStatus[] {
  return request.fixes.map(() => ({ status: 'failed', reason }));
}

function readAlone(text: string): { ok: true; value: unknown } | { ok: false } {
  const parsed = parseYaml(text);
  const [document, ...rest] = parsed.documents;
  if (parsed.problems.length > 0 || !document || rest.length > 0) return { ok: false };
  return { ok: true, value: document.value };
}
