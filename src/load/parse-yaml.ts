import { constructFromEvents, type Event, parseEvents, YAMLException } from 'js-yaml';
import { redact, redactedMessage } from '../core/redact.js';
import { expandedSize, hasAliases } from './aliases.js';
import { EventIndex } from './event-index.js';
import { resetExactIntegers, settleExactIntegers } from './exact-integers.js';
import { constructLenient, mapEvents, relaxFlowIndentation } from './lenient.js';
import { LineIndex } from './line-index.js';
import { KUBERNETES_YAML_SCHEMA } from './schema.js';

/** Deeper than any real manifest (large CRD schemas nest ~35 levels), far below a stack overflow. */
export const MAX_DEPTH = 256;
/** Aliases may expand a document to at most this many nodes, or ten times its own size. */
export const MAX_EXPANDED_NODES = 100_000;

export interface ParsedDocument {
  /** 0-based position in the YAML stream. */
  index: number;
  value: unknown;
  events: EventIndex;
  /** Event index of the document's root node. */
  root: number;
  /** Offset of the root node, or -1 for an empty document. */
  offset: number;
}

export interface ParseProblem {
  document: number;
  offset: number;
  message: string;
  /** Absent: the document did not load. `duplicate-key`: it loaded as kubectl loads it, but a mapping repeats a key. */
  kind?: 'duplicate-key';
}

export interface ParsedText {
  documents: ParsedDocument[];
  problems: ParseProblem[];
  lines: LineIndex;
}

/**
 * Parses a YAML (or JSON) stream. The whole text is parsed in one pass when it is valid;
 * when it is not, each document is parsed alone so one broken document costs only itself.
 */
export function parseYaml(source: string): ParsedText {
  const lines = new LineIndex(source);
  let events: Event[];
  try {
    events = parseEvents(source, { maxDepth: MAX_DEPTH });
  } catch {
    return parseByDocument(source, lines);
  }
  const out: ParsedText = { documents: [], problems: [], lines };
  collect(source, events, new EventIndex(source, events), 0, 0, out);
  return out;
}

function parseByDocument(source: string, lines: LineIndex): ParsedText {
  const out: ParsedText = { documents: [], problems: [], lines };
  for (const chunk of splitDocuments(source)) {
    const text = source.slice(chunk.start, chunk.end);
    const first = out.documents.length + out.problems.length;
    try {
      const events = parseEvents(text, { maxDepth: MAX_DEPTH });
      collect(text, events, new EventIndex(source, events, chunk.start), chunk.start, first, out);
    } catch (error) {
      if (!parseRelaxed(source, chunk.start, text, error, first, out))
        out.problems.push({ document: first, ...describe(error, chunk.start) });
    }
  }
  return out;
}

/** A document js-yaml refuses for indentation go-yaml does not check, parsed again with it relaxed (./lenient.ts). */
function parseRelaxed(source: string, start: number, text: string, error: unknown, first: number, out: ParsedText) {
  const relaxed = relaxFlowIndentation(text, error);
  if (!relaxed) return false;
  let events: Event[];
  try {
    events = parseEvents(relaxed.text, { maxDepth: MAX_DEPTH });
  } catch {
    return false;
  }
  const index = new EventIndex(source, mapEvents(events, relaxed.original), start);
  collect(relaxed.text, events, index, start, first, out, relaxed.original);
  return true;
}

/**
 * Builds each document of one event stream; `base` (and `original`, for relaxed text) maps offsets
 * in `text` back to the file.
 */
function collect(
  text: string,
  events: Event[],
  index: EventIndex,
  base: number,
  first: number,
  out: ParsedText,
  original: (offset: number) => number = (offset) => offset,
): void {
  const ranges: { from: number; to: number }[] = [];
  for (let i = 0; i < events.length; ) {
    const to = index.skip(i + 1) + 1; // the document's root, then its closing POP
    ranges.push({ from: i, to });
    i = to;
  }
  const values = constructAll(text, events, ranges);
  ranges.forEach((range, n) => {
    const root = range.from + 1;
    const document = first + n;
    const offset = index.start(root);
    if (hasAliases(events, range.from, range.to)) {
      const size = expandedSize(text, events, range.from, range.to);
      const limit = Math.max(MAX_EXPANDED_NODES, 10 * (range.to - range.from));
      if (size > limit) {
        out.problems.push({
          document,
          offset: Math.max(offset, base),
          message: `YAML aliases expand this document to more than ${limit.toLocaleString('en')} nodes (an alias bomb?); it was not scanned`,
        });
        return;
      }
    }
    let value = values[n] as { value: unknown } | { error: unknown };
    if ('error' in value) {
      const lenient = constructLenient(text, events.slice(range.from, range.to), KUBERNETES_YAML_SCHEMA, value.error);
      if (!lenient) {
        const { offset: at, message } = describe(value.error, 0);
        out.problems.push({ document, offset: base + original(at), message });
        return;
      }
      if (lenient.duplicateKey !== undefined)
        out.problems.push({
          document,
          offset: base + original(lenient.duplicateKey),
          message: 'a mapping repeats this key',
          kind: 'duplicate-key',
        });
      // the lenient retry builds the document again: its exact integers are settled as constructAll's are
      value = { value: settleExactIntegers(lenient.value) };
      resetExactIntegers();
    }
    out.documents.push({ index: document, value: value.value, events: index, root, offset });
  });
}

/** Constructs every document at once; if that fails, one at a time so the failure is pinned to its document. */
function constructAll(text: string, events: Event[], ranges: { from: number; to: number }[]) {
  const options = { source: text, schema: KUBERNETES_YAML_SCHEMA };
  try {
    return constructFromEvents(events, options).map((value) => ({ value: settleExactIntegers(value) }));
  } catch {
    return ranges.map(({ from, to }) => {
      try {
        return { value: settleExactIntegers(constructFromEvents(events.slice(from, to), options)[0]) };
      } catch (error) {
        return { error };
      }
    });
  } finally {
    resetExactIntegers();
  }
}

/**
 * Message and offset of a parser error, without the parser's snippet and without the names it
 * quotes (a tag, an alias, a key): they may be a Secret's. The position says where.
 */
function describe(error: unknown, base: number): { offset: number; message: string } {
  if (error instanceof YAMLException) {
    return { offset: base + (error.mark?.position ?? 0), message: redact(error.reason ?? '') || 'invalid YAML' };
  }
  if (error instanceof RangeError) return { offset: base, message: 'the document is nested too deeply to parse' };
  return { offset: base, message: redactedMessage(error, 'invalid YAML') };
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * Splits a stream at document markers. `---` or `...` at the start of a line always
 * ends the previous document in YAML, even inside block scalars, so a line scan is exact
 * enough to isolate a broken document.
 */
export function splitDocuments(source: string): { start: number; end: number }[] {
  const chunks: { start: number; end: number }[] = [];
  let start = 0;
  for (const match of source.matchAll(MARKER)) {
    const at = match.index;
    if (match[1] === '---') {
      if (at > start) chunks.push({ start, end: at });
      start = at;
    } else {
      const lineEnd = source.indexOf('\n', at);
      const end = lineEnd === -1 ? source.length : lineEnd + 1;
      chunks.push({ start, end });
      start = end;
    }
  }
  if (start < source.length) chunks.push({ start, end: source.length });
  return chunks.filter((chunk) => hasContent(source, chunk.start, chunk.end));
}

/** Whether a chunk holds anything but blank lines and comments (a lone `---` counts: it is an empty document). */
function hasContent(source: string, start: number, end: number): boolean {
  for (const line of source.slice(start, end).split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return true;
  }
  return false;
}
