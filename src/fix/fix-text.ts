import { isDeepStrictEqual } from 'node:util';
import { applyFix } from '../core/fix.js';
import type { Path } from '../core/path.js';
import type { FixOperation } from '../core/rule.js';
import { parseYaml, splitDocuments } from '../load/index.js';
import { editDocument } from './edit-document.js';

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
  const edited = new Map<number, { start: number; end: number; text: string }>(); // by chunk index
  const statuses: FixStatus[][] = [];
  for (const request of requests) {
    const document = parsed.documents.find((d) => d.index === request.document);
    const chunkIndex = chunks.findIndex((c) => document && c.start <= document.offset && document.offset < c.end);
    const chunk = chunks[chunkIndex];
    if (!document || !chunk) {
      statuses.push(failAll(request, `document ${request.document + 1} was not found in the file`));
      continue;
    }
    const outcome = fixDocument(
      edited.get(chunkIndex)?.text ?? text.slice(chunk.start, chunk.end),
      expected.get(request.document),
      request,
    );
    statuses.push(outcome.statuses);
    expected.set(request.document, outcome.value);
    edited.set(chunkIndex, { start: chunk.start, end: chunk.end, text: outcome.text });
  }

  let out = text;
  for (const [, chunk] of [...edited].sort((a, b) => b[0] - a[0])) {
    out = out.slice(0, chunk.start) + chunk.text + out.slice(chunk.end);
  }
  const problem =
    verifyFile(out, parsed.documents.length, expected) ?? verifyUntouched(text, out, chunks, new Set(edited.keys()));
  if (problem) return { error: `the edited file failed its final check (${problem}); nothing was changed` };
  return { text: bom + out, statuses };
}

/**
 * Applies one resource's fixes to its document's text (`value` is how the loader reads it),
 * one fix at a time; a fix whose edit fails or does not read back as `applyFix` says is left out.
 */
function fixDocument(
  text: string,
  value: unknown,
  request: DocumentRequest,
): { text: string; value: unknown; statuses: FixStatus[] } {
  const alone = readAlone(text);
  if (!alone.ok || !isDeepStrictEqual(alone.value, value))
    return {
      text,
      value,
      statuses: failAll(request, 'the document does not read the same on its own (YAML directives?)'),
    };
  const prefix: Path = request.item === undefined ? [] : ['items', request.item];
  const statuses: FixStatus[] = [];
  let current = text;
  let currentValue = value;
  for (const fix of request.fixes) {
    const operations = fix.operations.map((op) => ({ ...op, path: [...prefix, ...op.path] }) as FixOperation);
    if (operations.some((op) => op.path.length === prefix.length)) {
      statuses.push({ status: 'failed', reason: 'a fix cannot replace or remove the whole object' });
      continue;
    }
    const want = applyFix(currentValue, operations);
    let next = current;
    let problem: string | undefined;
    for (const operation of operations) {
      const now = readAlone(next);
      const result = now.ok ? editDocument(next, now.value, operation) : { error: 'an earlier edit broke it' };
      if ('error' in result) {
        problem = result.error;
        break;
      }
      next = result.text;
    }
    const check = problem === undefined ? readAlone(next) : { ok: false as const };
    if (problem === undefined && (!check.ok || !isDeepStrictEqual(check.value, want)))
      problem = 'the edited text would not read back as the fix intends; edit it by hand';
    if (problem !== undefined) {
      statuses.push({ status: 'failed', reason: problem });
      continue;
    }
    statuses.push({ status: next === current ? 'unchanged' : 'applied' });
    current = next;
    currentValue = want;
  }
  return { text: current, value: currentValue, statuses };
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
