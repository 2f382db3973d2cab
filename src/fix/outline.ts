import type { SourceMap, SourceNode, SourcePair, SourceScalar, SourceSeq } from './tree.js';

/*
 * Why a second reader: the `yaml` package reads about a byte per microsecond, and `rampart fix`
 * reads a list item again for each fix it edits (a pod with 10,000 containers: 40,000 reads).
 * Most manifests a tool wrote are plain block YAML — `key: value` lines, `- ` items, nothing
 * else — and for those this reader builds, in one pass over the lines, the tree (tree.ts) the
 * package's nodes convert to: the same ranges, `:` and `-` offsets and styles.
 * Anything else (comments, blank lines, quotes, flow collections, block scalars, anchors, tags,
 * tabs, CRLF, multi-line scalars, a `- ` item without content) makes it answer undefined, and
 * the package reads the text. test/fix/outline.test.ts holds it to the package on generated texts.
 */

/** Longer keys are left to the package: YAML limits implicit keys to 1024 characters. */
const MAX_KEY = 1000;

/**
 * The root node of `text` as the `yaml` package (failsafe schema, source tokens kept) reads it,
 * or undefined when the text is not plain block YAML.
 */
export function readOutline(text: string): SourceNode | undefined {
  const count = splitLines(text);
  if (count === -1) return undefined;
  // a document of a stream starts with its `---` (splitDocuments cuts there)
  const first = count > 0 && lines.end[0] === 3 && text.startsWith('---') ? 1 : 0;
  if (first === count) return undefined;
  const reader = new Reader(text, count, first);
  const root =
    lines.dash[first] === 1
      ? reader.seq(lines.indent[first] as number)
      : lines.indent[first] === 0
        ? reader.map(0)
        : undefined;
  if (count > 1 << 16) grow(64, false); // one long document does not keep its table
  return root && reader.at === count ? root : undefined;
}

/**
 * The lines of the text being read: `[start, end)` without the line break, the indentation, and
 * whether a `- ` follows it. One table, reused (reading allocates nothing per line).
 */
const lines = {
  start: new Int32Array(64),
  end: new Int32Array(64),
  indent: new Int32Array(64),
  dash: new Uint8Array(64),
};

/** Fills `lines` and says how many there are, or -1 for a blank line (left to the package). */
function splitLines(text: string): number {
  let count = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let indent = 0;
    while (text.charCodeAt(start + indent) === 32) indent++;
    if (start + indent === end) return -1;
    if (count === lines.start.length) grow(count * 2);
    lines.start[count] = start;
    lines.end[count] = end;
    lines.indent[count] = indent;
    lines.dash[count] = text.charCodeAt(start + indent) === 45 && text.charCodeAt(start + indent + 1) === 32 ? 1 : 0;
    count++;
    start = end + 1;
  }
  return count;
}

function grow(size: number, keep = true): void {
  const { start, end, indent, dash } = lines;
  lines.start = new Int32Array(size);
  lines.end = new Int32Array(size);
  lines.indent = new Int32Array(size);
  lines.dash = new Uint8Array(size);
  if (!keep) return;
  lines.start.set(start);
  lines.end.set(end);
  lines.indent.set(indent);
  lines.dash.set(dash);
}

class Reader {
  /** Where the collection read last ends: past the line break of its last line (the package's `range[1]`). */
  end = 0;

  constructor(
    private readonly text: string,
    private readonly count: number,
    /** The line to read next. */
    public at: number,
  ) {}

  /** A mapping whose keys start at `column`; its first key is on the current line (maybe after a `- `). */
  map(column: number): SourceMap | undefined {
    const items: SourcePair[] = [];
    const { text, count } = this;
    let end = 0;
    while (this.at < count) {
      const at = this.at;
      const indent = lines.indent[at] as number;
      if (items.length > 0) {
        if (indent < column) break;
        if (indent > column || lines.dash[at] === 1) return undefined;
      }
      const start = (lines.start[at] as number) + column;
      const lineEnd = lines.end[at] as number;
      const colon = keyEnd(text, start, lineEnd);
      if (colon === -1) return undefined;
      const key: SourceScalar = { kind: 'scalar', start, end: colon, style: 'plain', value: text.slice(start, colon) };
      this.at++;
      let value: SourceNode | undefined;
      if (colon + 1 < lineEnd) {
        if (text.charCodeAt(colon + 1) !== 32 || !isPlain(text, colon + 2, lineEnd)) return undefined;
        value = scalarNode(colon + 2, lineEnd);
        end = lineBreakEnd(text, lineEnd);
        if (this.deeper(column)) return undefined; // a continuation line
      } else {
        const next = this.at;
        const nextIndent = next < count ? (lines.indent[next] as number) : -1;
        const nextDash = next < count && lines.dash[next] === 1;
        if (nextDash && nextIndent >= column) value = this.seq(nextIndent);
        else if (next < count && !nextDash && nextIndent > column) value = this.map(nextIndent);
        else {
          value = scalarNode(colon + 1, colon + 1);
          end = colon + 1;
        }
        if (value && value.kind !== 'scalar') end = this.end;
      }
      if (!value) return undefined;
      items.push({ kind: 'pair', key, value, colon });
    }
    this.end = end;
    return { kind: 'map', start: ((items[0] as SourcePair).key as SourceScalar).start, end, flow: false, items };
  }

  /** A block sequence whose `- ` sit at `column`, starting on the current line. */
  seq(column: number): SourceSeq | undefined {
    const items: SourceNode[] = [];
    const dashes: number[] = [];
    const { text, count } = this;
    let end = 0;
    while (this.at < count) {
      const at = this.at;
      const indent = lines.indent[at] as number;
      if (indent < column || (indent === column && lines.dash[at] === 0)) break;
      if (indent > column) return undefined;
      const dash = (lines.start[at] as number) + column;
      const lineEnd = lines.end[at] as number;
      const start = dash + 2;
      const code = text.charCodeAt(start);
      if (start >= lineEnd || code === 32 || code === 45) return undefined; // `-`, `-  x`, `- - x`
      let item: SourceNode | undefined;
      if (keyEnd(text, start, lineEnd) !== -1) {
        item = this.map(column + 2);
        end = this.end;
      } else if (isPlain(text, start, lineEnd)) {
        item = scalarNode(start, lineEnd);
        end = lineBreakEnd(text, lineEnd);
        this.at++;
        if (this.deeper(column)) return undefined;
      }
      if (!item) return undefined;
      items.push(item);
      dashes.push(dash);
    }
    this.end = end;
    return { kind: 'seq', start: dashes[0] as number, end, flow: false, items, dashes };
  }

  /** Whether the current line is indented deeper than `column`: a plain scalar would continue on it. */
  private deeper(column: number): boolean {
    return this.at < this.count && (lines.indent[this.at] as number) > column;
  }
}

/** A plain scalar value: `[start, end)` is its text (the editor reads no value's text, only its place). */
function scalarNode(start: number, end: number): SourceScalar {
  return { kind: 'scalar', start, end, style: 'plain' };
}

function lineBreakEnd(text: string, end: number): number {
  return end < text.length ? end + 1 : end;
}

/**
 * Offset of the `:` that ends a plain key starting at `start` (`key:` at the end of the line or
 * `key: ` before a value), or -1 when the line does not start with such a key.
 */
function keyEnd(text: string, start: number, end: number): number {
  let at = start;
  if (at >= end || !isKeyStart(text.charCodeAt(at))) return -1;
  while (at < end && at - start <= MAX_KEY && isKeyChar(text.charCodeAt(at))) at++;
  if (text.charCodeAt(at) !== 58 || at - start > MAX_KEY) return -1; // `:`
  return at + 1 === end || text.charCodeAt(at + 1) === 32 ? at : -1;
}

/** `A-Z a-z 0-9 _ . /` */
function isKeyStart(code: number): boolean {
  return (
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 46 ||
    code === 47
  );
}

/** A key character: a start character or `-`. */
function isKeyChar(code: number): boolean {
  return isKeyStart(code) || code === 45;
}

/**
 * Whether `[start, end)` is one plain scalar that ends where the line does: words of
 * `A-Z a-z 0-9 _ . / @ : + = ~ -` (the first starting with a key start character) separated by
 * single spaces, with no `: ` inside and no `:` at the end, so no key, comment, quote or
 * indicator can hide in it.
 */
function isPlain(text: string, start: number, end: number): boolean {
  if (start >= end || !isKeyStart(text.charCodeAt(start))) return false;
  let previous = 0;
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === 32) {
      if (previous === 32 || previous === 58) return false;
    } else if (!(isKeyChar(code) || code === 64 || code === 58 || code === 43 || code === 61 || code === 126)) {
      return false;
    }
    previous = code;
  }
  return previous !== 32 && previous !== 58;
}
