import {
  binaryTag,
  constructFromEvents,
  EVENT_ID,
  type Event,
  NOT_RESOLVED,
  type ScalarTagDefinition,
  type Schema,
  YAMLException,
} from 'js-yaml';

/**
 * What kubectl reads that js-yaml refuses. kubectl, kustomize and Helm parse YAML with go-yaml
 * (v2, through sigs.k8s.io/yaml), which is laxer than the YAML spec in three ways that real
 * manifests rely on; a document js-yaml rejects gets a second try that allows exactly these:
 *
 * 1. Indentation inside flow collections and quoted scalars is not checked: a flow sequence whose
 *    closing `]` sits at its key's column (the Istio SPIRE sample), items at column 0, a quoted
 *    string continued at a lower indentation. Leading whitespace there is insignificant, so the
 *    retry indents those lines just enough and parses again; offsets are mapped back.
 * 2. A key repeated in one mapping keeps its last value (`json: true` in the constructor).
 * 3. A tag the schema does not know is dropped: a scalar reads as a string, a collection as itself;
 *    `!!binary` is decoded to the string it holds.
 *
 * Anything else go-yaml refuses stays an error: the retry is only taken when js-yaml's own error
 * is one of these, and the text must be printable as go-yaml requires.
 */

/** A line start where the relaxed text has `count` more spaces than the original. */
interface Insert {
  /** Offset of the line start in the relaxed text. */
  at: number;
  count: number;
  /** Spaces inserted before this line. */
  before: number;
}

export interface Relaxed {
  text: string;
  /** Maps an offset in `text` back to the original. */
  original(offset: number): number;
}

/** js-yaml's reason for flow content (or a quoted scalar's next line) indented at or left of its parent block. */
const INDENTATION_REASON = 'deficient indentation';

/**
 * The document with every line inside a flow collection or a multi-line quoted scalar indented
 * one column right of the block node that holds it, or undefined when that is not the error or
 * changes nothing. Insertions are bounded by the document's own length.
 */
export function relaxFlowIndentation(text: string, error: unknown): Relaxed | undefined {
  if (!(error instanceof YAMLException) || error.reason !== INDENTATION_REASON || !isPrintable(text)) return undefined;
  const inserts = flowContinuations(text);
  if (inserts.length === 0) return undefined;
  let total = 0;
  for (const insert of inserts) total += insert.count;
  if (total > text.length) return undefined;
  const parts: string[] = [];
  const mapped: Insert[] = [];
  let from = 0;
  let added = 0;
  for (const { at, count } of inserts) {
    parts.push(text.slice(from, at), ' '.repeat(count));
    mapped.push({ at: at + added, count, before: added });
    added += count;
    from = at;
  }
  parts.push(text.slice(from));
  return { text: parts.join(''), original: (offset) => originalOffset(mapped, offset) };
}

function originalOffset(inserts: readonly Insert[], offset: number): number {
  if (offset < 0) return offset;
  let low = 0;
  let high = inserts.length; // first insert after offset
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((inserts[mid] as Insert).at <= offset) low = mid + 1;
    else high = mid;
  }
  if (low === 0) return offset;
  const insert = inserts[low - 1] as Insert;
  return offset - insert.before - Math.min(insert.count, offset - insert.at);
}

/** Copies of `events` with every offset mapped through `map` (absent offsets stay -1). */
export function mapEvents(events: readonly Event[], map: (offset: number) => number): Event[] {
  const at = (offset: number) => (offset === -1 ? -1 : map(offset));
  return events.map((event): Event => {
    switch (event.type) {
      case EVENT_ID.SCALAR:
        return {
          ...event,
          valueStart: at(event.valueStart),
          valueEnd: at(event.valueEnd),
          anchorStart: at(event.anchorStart),
          anchorEnd: at(event.anchorEnd),
          tagStart: at(event.tagStart),
          tagEnd: at(event.tagEnd),
        };
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        return {
          ...event,
          start: at(event.start),
          anchorStart: at(event.anchorStart),
          anchorEnd: at(event.anchorEnd),
          tagStart: at(event.tagStart),
          tagEnd: at(event.tagEnd),
        };
      case EVENT_ID.ALIAS:
        return { ...event, anchorStart: at(event.anchorStart), anchorEnd: at(event.anchorEnd) };
      default:
        return event;
    }
  });
}

/**
 * go-yaml refuses control characters anywhere in the stream (tab, line feed and carriage return
 * aside), as js-yaml does; the retry must not let one through.
 */
function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c >= 0x7f && c <= 0x9f && c !== 0x85) return false;
    if (c === 0xfffe || c === 0xffff) return false;
  }
  return true;
}

type Quote = '"' | "'";

interface ScanState {
  /** Open flow collections; 0 in block context. */
  depth: number;
  quote: Quote | undefined;
  /** The column a continuation line must pass: the block collection entry holding the open flow or quote. */
  anchor: number;
  /** Inside a block scalar: lines indented more than this (or blank) are its content. */
  blockScalar: number | undefined;
}

/**
 * Line starts inside a flow collection or a quoted scalar whose indentation is not right of the
 * block node holding it, with the spaces each needs. A small scanner: it knows quotes, comments,
 * block scalars and flow brackets, which is all that decides whether a line continues a node.
 */
function flowContinuations(text: string): { at: number; count: number }[] {
  const found: { at: number; count: number }[] = [];
  const state: ScanState = { depth: 0, quote: undefined, anchor: 0, blockScalar: undefined };
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let indent = 0;
    while (lineStart + indent < lineEnd && text.charCodeAt(lineStart + indent) === 0x20) indent++;
    const blank = isBlank(text, lineStart + indent, lineEnd);
    if (state.blockScalar !== undefined) {
      if (blank || indent > state.blockScalar) {
        lineStart = lineEnd + 1;
        continue;
      }
      state.blockScalar = undefined;
    }
    const continues = state.depth > 0 || state.quote !== undefined;
    // go-yaml wants a flow key and its `:` on one line; js-yaml would take this once indented
    if (continues && state.quote === undefined && valueIndicatorAt(text, lineStart + indent, lineEnd)) return [];
    if (continues && !blank && indent <= state.anchor) found.push({ at: lineStart, count: state.anchor + 1 - indent });
    scanLine(text, lineStart + indent, lineEnd, indent, state);
    lineStart = lineEnd + 1;
  }
  return found;
}

function valueIndicatorAt(text: string, at: number, lineEnd: number): boolean {
  return text[at] === ':' && (at + 1 >= lineEnd || SPACE.test(text[at + 1] as string));
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

const SPACE = /[ \t\r]/;

/** Advances `state` over one line, from its first non-space character. */
function scanLine(text: string, from: number, to: number, indent: number, state: ScanState): void {
  // In block context a node starts at the line's first character and after `- `, `? `, `: `.
  let nodeStart = state.depth === 0 && state.quote === undefined;
  // The column of the innermost block collection entry that starts on this line (`- ` moves it right).
  let entry = indent;
  const column = (i: number) => i - from + indent;
  for (let i = from; i < to; i++) {
    const c = text[i] as string;
    if (state.quote !== undefined) {
      if (state.quote === '"' && c === '\\') i++;
      else if (c === state.quote) {
        if (c === "'" && text[i + 1] === "'") i++;
        else {
          state.quote = undefined;
          nodeStart = false;
        }
      }
      continue;
    }
    if (c === '#' && (i === from || SPACE.test(text[i - 1] as string))) return; // a comment
    if (state.depth > 0) {
      if (c === '[' || c === '{') state.depth++;
      else if (c === ']' || c === '}') state.depth--;
      else if ((c === '"' || c === "'") && flowNodeStart(text, i)) state.quote = c;
      if (state.depth === 0) nodeStart = false;
      continue;
    }
    if (SPACE.test(c)) continue;
    const next = text[i + 1];
    const separated = i + 1 >= to || SPACE.test(next as string);
    if (separated && (c === ':' || ((c === '-' || c === '?') && nodeStart))) {
      if (c !== ':' || nodeStart) entry = column(i) + 2; // `- ` and `? ` (and `: ` after `? `) open an entry
      nodeStart = true;
      continue;
    }
    if (!nodeStart) continue; // inside a plain scalar or after a quoted key: only `: ` matters
    if (c === '&' || c === '!') {
      while (i + 1 < to && !SPACE.test(text[i + 1] as string)) i++; // an anchor or tag, then the node
      continue;
    }
    if (c === '[' || c === '{') {
      state.depth = 1;
      state.anchor = entry;
    } else if (c === '"' || c === "'") {
      state.quote = c;
      state.anchor = entry;
    } else if (c === '|' || c === '>') {
      state.blockScalar = indent;
      return;
    }
    nodeStart = false;
  }
}

/** In flow context a quote opens a scalar only where a node starts: after `[`, `{`, `,`, `:` or `?`. */
function flowNodeStart(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    return c === '[' || c === '{' || c === ',' || c === ':' || c === '?';
  }
  return true;
}

const DUPLICATE_KEY = 'duplicated mapping key';
const UNKNOWN_TAG = /^unknown (scalar|sequence|mapping) tag/;
/** Appended to the constructor's source so that a retagged scalar can point at it. */
const STRING_TAG = '!!str';

export interface LenientValue {
  value: unknown;
  /** Offset in the document's text of the first key a mapping repeats, when one does. */
  duplicateKey?: number;
}

/**
 * Constructs a document whose construction failed on a repeated key or an unknown tag, as go-yaml
 * reads it: the last value of a repeated key wins, and an unknown tag is dropped (a scalar stays a
 * string). Undefined for any other failure, or when the retry fails too.
 */
export function constructLenient(
  text: string,
  events: readonly Event[],
  schema: Schema,
  error: unknown,
): LenientValue | undefined {
  const reason = error instanceof YAMLException ? error.reason : '';
  if (reason !== DUPLICATE_KEY && !UNKNOWN_TAG.test(reason)) return undefined;
  // kubectl splits streams at `---` before parsing, so a directive never reaches its document there
  if (events.some((event) => event.type === EVENT_ID.DOCUMENT && event.directives.length > 0)) return undefined;
  const source = text + STRING_TAG;
  const lenient = withBinaryStrings(schema);
  const retagged = dropUnknownTags(events, source, text.length, lenient);
  let value: unknown;
  try {
    value = constructFromEvents(retagged, { source, schema: lenient, json: true })[0];
  } catch {
    return undefined;
  }
  try {
    constructFromEvents(retagged, { source, schema: lenient });
    return { value };
  } catch (strict) {
    const position = strict instanceof YAMLException ? strict.mark?.position : undefined;
    return position === undefined ? { value } : { value, duplicateKey: position };
  }
}

/** go-yaml decodes `!!binary` and hands JSON the bytes as a string. */
const BINARY_AS_STRING: ScalarTagDefinition = {
  ...binaryTag,
  identify: () => false,
  resolve(source, isExplicit, tagName) {
    const bytes = binaryTag.resolve(source, isExplicit, tagName);
    return bytes instanceof Uint8Array ? new TextDecoder().decode(bytes) : NOT_RESOLVED;
  },
};

const lenientSchemas = new WeakMap<Schema, Schema>();

function withBinaryStrings(schema: Schema): Schema {
  let lenient = lenientSchemas.get(schema);
  if (!lenient) {
    lenient = schema.withTags(BINARY_AS_STRING);
    lenientSchemas.set(schema, lenient);
  }
  return lenient;
}

const DEFAULT_HANDLES: ReadonlyMap<string, string> = new Map([
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
]);

/** The events with every tag the schema does not know removed; a scalar's points at `!!str` instead. */
function dropUnknownTags(events: readonly Event[], source: string, stringTagAt: number, schema: Schema): Event[] {
  let handles = DEFAULT_HANDLES;
  return events.map((event): Event => {
    if (event.type === EVENT_ID.DOCUMENT) {
      const declared = new Map(DEFAULT_HANDLES);
      for (const directive of event.directives)
        if (directive.kind === 'tag') declared.set(directive.handle, directive.prefix);
      handles = declared;
      return event;
    }
    if (event.type !== EVENT_ID.SCALAR && event.type !== EVENT_ID.MAPPING && event.type !== EVENT_ID.SEQUENCE)
      return event;
    if (event.tagStart === -1) return event;
    const raw = source.slice(event.tagStart, event.tagEnd);
    if (raw === '!') return event;
    const name = fullTagName(raw, handles);
    const known =
      event.type === EVENT_ID.MAPPING
        ? schema.lookupMappingTag(name)
        : event.type === EVENT_ID.SEQUENCE
          ? schema.lookupSequenceTag(name)
          : (schema.lookupScalarTag(name) ?? schema.lookupMappingTag(name) ?? schema.lookupSequenceTag(name));
    if (known) return event;
    return event.type === EVENT_ID.SCALAR
      ? { ...event, tagStart: stringTagAt, tagEnd: stringTagAt + STRING_TAG.length }
      : { ...event, tagStart: -1, tagEnd: -1 };
  });
}

function fullTagName(raw: string, handles: ReadonlyMap<string, string>): string {
  if (raw.startsWith('!<') && raw.endsWith('>')) return decode(raw.slice(2, -1));
  const handleEnd = raw.indexOf('!', 1);
  const handle = handleEnd === -1 ? '!' : raw.slice(0, handleEnd + 1);
  return decode(handles.get(handle) ?? handle) + decode(raw.slice(handle.length));
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
