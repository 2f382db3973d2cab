import { isDeepStrictEqual } from 'node:util';
import { parseYaml, splitDocuments } from '../load/index.js';
import { type DocumentRequest, type FixStatus, failAll, fixDocument } from './document.js';

export type { DocumentRequest, FixStatus } from './document.js';

export type TextFix =
  /** `statuses[i][j]` belongs to `requests[i].fixes[j]`. */
  { text: string; statuses: FixStatus[][] } | { error: string };

const BOM = '\ufeff';

/**
 * Applies fixes to a YAML or JSON file's text with minimal edits: only the characters a fix
 * changes are touched, so comments, key order, quoting and every untouched document stay as
 * they were. Every edit is checked (the edited text must read back as `applyFix` says) and the
 * whole file once more at the end; a fix that fails its check is left out and reported, and a
 * file that fails the final check is returned as an error.
 *
 * Reading back costs a parse, so an edit of plain block YAML (outline.ts) is checked by the
 * final read of the file instead of on its own: one parse for all of them. If that read finds
 * anything wrong, the file is edited again with each fix checked on its own, which is what the
 * first pass gives whenever every check passes, so the result is the same either way.
 */
export function fixText(source: string, requests: readonly DocumentRequest[]): TextFix {
  const first = fixTextPass(source, requests, true);
  return first.deferred && 'error' in first.result ? fixTextPass(source, requests, false).result : first.result;
}

/**
 * One pass of fixText: with `defer`, edits of plain block YAML wait for the final check
 * (`deferred` says whether any did); without, every edit is checked on its own. Exported for the
 * tests that hold both passes to one result.
 */
export function fixTextPass(
  source: string,
  requests: readonly DocumentRequest[],
  defer: boolean,
): { result: TextFix; deferred: boolean } {
  const bom = source.startsWith(BOM) ? BOM : '';
  const text = source.slice(bom.length);
  const pass = editFile(text, requests, defer);
  if ('error' in pass) return { result: pass, deferred: false };
  // the original's parse is garbage by now: the final read of a large file has its memory
  const { out, count, expected, chunks, edited, statuses, deferred } = pass;
  const problem = verifyFile(out, count, expected) ?? verifyUntouched(text, out, chunks, edited);
  if (problem)
    return { result: { error: `the edited file failed its final check (${problem}); nothing was changed` }, deferred };
  return { result: { text: bom + out, statuses }, deferred };
}

/** The edited text and what the final check needs, or why the file cannot be edited. */
function editFile(
  text: string,
  requests: readonly DocumentRequest[],
  defer: boolean,
):
  | {
      out: string;
      count: number;
      expected: Map<number, unknown>;
      chunks: { start: number; end: number }[];
      edited: Set<number>;
      statuses: FixStatus[][];
      deferred: boolean;
    }
  | { error: string } {
  const parsed = parseYaml(text);
  if (parsed.problems.length > 0) return { error: 'it does not parse; fix its syntax first' };
  const chunks = splitDocuments(text);
  const expected = new Map(parsed.documents.map((d) => [d.index, d.value]));
  const documents = new Map(parsed.documents.map((d) => [d.index, d]));
  // a document that is the whole file reads on its own as it read in the file
  const whole = parsed.documents.length === 1 && chunks.length === 1 && chunks[0]?.start === 0;
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
  let deferred = false;
  for (const [chunkIndex, group] of byChunk) {
    const chunk = chunks[chunkIndex] as { start: number; end: number };
    const chosen = group.requests.map((r) => requests[r] as DocumentRequest);
    const outcome = fixDocument(text.slice(chunk.start, chunk.end), expected.get(group.document), chosen, {
      defer,
      alone: whole && chunk.end === text.length,
    });
    group.requests.forEach((r, i) => {
      statuses[r] = outcome.statuses[i] ?? [];
    });
    deferred ||= outcome.deferred;
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
  return {
    out: parts.join(''),
    count: parsed.documents.length,
    expected,
    chunks,
    edited: new Set(edited.keys()),
    statuses,
    deferred,
  };
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
