import { isDeepStrictEqual } from 'node:util';
import { applyFix } from '../core/fix.js';
import { type Path, valueAt } from '../core/path.js';
import type { FixOperation } from '../core/rule.js';
import { parseYaml, splitDocuments } from '../load/index.js';
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
  setAt,
} from './fragments.js';
import type { Layout } from './render.js';

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

export type TextFix =
  /** `statuses[i][j]` belongs to `requests[i].fixes[j]`. */
  { text: string; statuses: FixStatus[][] } | { error: string };

const BOM = '\ufeff';

/**
 * Applies fixes to a YAML or JSON file's text with minimal edits: only the characters a fix
 * changes are touched, so comments, key order, quoting and every untouched document stay as
 * they were. Every fix is checked on its own (the edited document must read back as
 * `applyFix` says) and the whole file once more at the end; a fix that fails its check is
 * left out and reported, and a file that fails the final check is returned as an error.
 */
export function fixText(source: string, requests: readonly DocumentRequest[]): TextFix {
  const bom = source.startsWith(BOM) ? BOM : '';
  const text = source.slice(bom.length);
  const parsed = parseYaml(text);
  if (parsed.problems.length > 0) return { error: 'it does not parse; fix its syntax first' };
  const chunks = splitDocuments(text);
  const expected = new Map(parsed.documents.map((d) => [d.index, d.value]));
  const documents = new Map(parsed.documents.map((d) => [d.index, d]));
  // requests by chunk, in order: every request of one document is edited in one pass over it
  const byChunk = new Map<number, { document: number; requests: number[] }>();
  const statuses: FixStatus[][] = requests.map(() => []);
  requests.forEach((request, r) => {
    const document = documents.get(request.document);
    const chunkIndex = document ? chunkAt(chunks, document.offset) : -1;
    if (!document || chunkIndex === -1) {
      statuses[r] = failAll(request, `document ${request.document + 1} was not found in the file`);
      return;
    }
    const group = byChunk.get(chunkIndex) ?? { document: request.document, requests: [] };
    group.requests.push(r);
    byChunk.set(chunkIndex, group);
  });
  const edited = new Map<number, { start: number; end: number; text: string }>(); // by chunk index
  for (const [chunkIndex, group] of byChunk) {
    const chunk = chunks[chunkIndex] as { start: number; end: number };
    const chosen = group.requests.map((r) => requests[r] as DocumentRequest);
    const outcome = fixDocument(text.slice(chunk.start, chunk.end), expected.get(group.document), chosen);
    group.requests.forEach((r, i) => {
      statuses[r] = outcome.statuses[i] ?? [];
    });
    expected.set(group.document, outcome.value);
    edited.set(chunkIndex, { start: chunk.start, end: chunk.end, text: outcome.text });
  }

  const parts: string[] = [];
  let at = 0;
  for (const [, chunk] of [...edited].sort((a, b) => a[0] - b[0])) {
    parts.push(text.slice(at, chunk.start), chunk.text);
    at = chunk.end;
  }
  parts.push(text.slice(at));
  const out = parts.join('');
  const problem =
    verifyFile(out, parsed.documents.length, expected) ?? verifyUntouched(text, out, chunks, new Set(edited.keys()));
  if (problem) return { error: `the edited file failed its final check (${problem}); nothing was changed` };
  return { text: bom + out, statuses };
}

/** Index of the chunk holding `offset` (chunks are sorted and disjoint), or -1. */
function chunkAt(chunks: readonly { start: number; end: number }[], offset: number): number {
  let low = 0;
  let high = chunks.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const chunk = chunks[mid] as { start: number; end: number };
    if (offset < chunk.start) high = mid - 1;
    else if (offset >= chunk.end) low = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Applies the fixes of one document's resources to its text (`value` is how the loader reads
 * it), one fix at a time; a fix whose edit fails or does not read back as `applyFix` says is left
 * out. Fixes inside one list item are edited and checked on that item alone (see fragments.ts),
 * the others on the whole document after them.
 */
function fixDocument(
  text: string,
  value: unknown,
  requests: readonly DocumentRequest[],
): { text: string; value: unknown; statuses: FixStatus[][] } {
  const alone = readAlone(text);
  if (!alone.ok || !isDeepStrictEqual(alone.value, value))
    return {
      text,
      value,
      statuses: requests.map((request) =>
        failAll(request, 'the document does not read the same on its own (YAML directives?)'),
      ),
    };
  // Fixes are applied in order; a run of fixes inside list items is edited on the items, and a
  // fix outside them first puts the edited items back (it may move them).
  let current = text;
  let currentValue: unknown = structuredClone(value);
  let chunk: ParsedChunk | undefined;
  const fragments = new Map<string, Fragment>();
  const flush = (): string | undefined => {
    if (fragments.size === 0) return undefined;
    const joined = joinFragments(current, fragments.values());
    fragments.clear();
    chunk = undefined;
    if ('error' in joined) return joined.error;
    current = joined.text;
    return undefined;
  };
  const statuses: FixStatus[][] = requests.map(() => []);
  for (const [r, request] of requests.entries()) {
    const prefix: Path = request.item === undefined ? [] : ['items', request.item];
    for (const fix of request.fixes) {
      const slot = statuses[r] as FixStatus[];
      const operations = fix.operations.map((op) => ({ ...op, path: [...prefix, ...op.path] }) as FixOperation);
      if (operations.some((op) => op.path.length === prefix.length)) {
        slot.push({ status: 'failed', reason: 'a fix cannot replace or remove the whole object' });
        continue;
      }
      const path = fragmentPath(operations, 0);
      let fragment = path && fragments.get(JSON.stringify(path));
      // an item that is not a mapping or a list (`null`, a scalar) is edited with the whole document
      const item = path && valueAt(currentValue, path);
      if (path && !fragment && item !== null && typeof item === 'object') {
        chunk ??= parseChunk(current);
        fragment = chunk && cutFragment(chunk, path);
        if (fragment) fragments.set(JSON.stringify(path), fragment);
      }
      if (fragment && item !== null && typeof item === 'object') {
        const cut = fragment;
        const inside = operations.map((op) => ({ ...op, path: insideFragment(cut, op.path) }) as FixOperation);
        const outcome = applyOperations(cut.text, asFragmentValue(cut, item), inside, chunk?.layout);
        if ('error' in outcome) slot.push({ status: 'failed', reason: outcome.error });
        else {
          slot.push({ status: outcome.text === cut.text ? 'unchanged' : 'applied' });
          cut.text = outcome.text;
          setAt(currentValue, cut.path, cut.block ? (outcome.value as unknown[])[0] : outcome.value);
        }
        continue;
      }
      const problem = flush();
      if (problem) return { text, value, statuses: requests.map((each) => failAll(each, problem)) };
      const outcome = applyOperations(current, currentValue, operations);
      if ('error' in outcome) slot.push({ status: 'failed', reason: outcome.error });
      else {
        slot.push({ status: outcome.text === current ? 'unchanged' : 'applied' });
        current = outcome.text;
        currentValue = outcome.value;
      }
    }
  }
  const problem = flush();
  if (problem) return { text, value, statuses: requests.map((each) => failAll(each, problem)) };
  return { text: current, value: currentValue, statuses };
}

/** One fix's operations on a text that reads as `value`; the result must read back as `applyFix` says. */
function applyOperations(
  text: string,
  value: unknown,
  operations: readonly FixOperation[],
  layout?: Layout,
): { text: string; value: unknown } | { error: string } {
  const want = applyFix(value, operations);
  let next = text;
  // what the text reads as before each operation: `value`, then as the operations before it say
  // (each edit is checked only once, at the end, against `want`)
  let now = value;
  for (const [i, operation] of operations.entries()) {
    if (i > 0) now = applyFix(value, operations.slice(0, i));
    const result = editDocument(next, now, operation, layout);
    if ('error' in result) return result;
    next = result.text;
  }
  const check = readAlone(next);
  if (!check.ok || !isDeepStrictEqual(check.value, want))
    return { error: 'the edited text would not read back as the fix intends; edit it by hand' };
  return { text: next, value: want };
}

function failAll(request: DocumentRequest, reason: string): FixStatus[] {
  return request.fixes.map(() => ({ status: 'failed', reason }));
}

function readAlone(text: string): { ok: true; value: unknown } | { ok: false } {
  const parsed = parseYaml(text);
  const [document, ...rest] = parsed.documents;
  if (parsed.problems.length > 0 || !document || rest.length > 0) return { ok: false };
  return { ok: true, value: document.value };
}

/** Documents without fixes must come out byte for byte, and document boundaries where they were. */
function verifyUntouched(
  before: string,
  after: string,
  chunks: readonly { start: number; end: number }[],
  edited: ReadonlySet<number>,
): string | undefined {
  const now = splitDocuments(after);
  if (now.length !== chunks.length) return 'its document boundaries moved';
  for (const [i, chunk] of chunks.entries()) {
    const next = now[i] as { start: number; end: number };
    if (!edited.has(i) && before.slice(chunk.start, chunk.end) !== after.slice(next.start, next.end))
      return 'a document without fixes would change';
  }
  return undefined;
}

/** The whole edited file must parse, with the same documents, each reading as expected. */
function verifyFile(text: string, count: number, expected: ReadonlyMap<number, unknown>): string | undefined {
  const parsed = parseYaml(text);
  if (parsed.problems.length > 0) return `it no longer parses: ${parsed.problems[0]?.message}`;
  if (parsed.documents.length !== count) return `it holds ${parsed.documents.length} documents instead of ${count}`;
  for (const document of parsed.documents) {
    if (!isDeepStrictEqual(document.value, expected.get(document.index)))
      return `document ${document.index + 1} does not read as expected`;
  }
  return undefined;
}
