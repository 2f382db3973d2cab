import { isDeepStrictEqual } from 'node:util';
import { parseYaml } from '../load/index.js';

/** How new lines are written so that they look like the lines around them. */
export interface Layout {
  /** Spaces per nesting level of block mappings. */
  indent: number;
  /** `key:\n  - a` (true) or kubectl's `key:\n- a` (false). */
  indentSequences: boolean;
  eol: '\n' | '\r\n';
  /** Set for JSON documents: values are written as JSON, pretty-printed with this indent (0: compact). */
  json?: { indent: number };
}

export type ScalarStyle = 'plain' | 'single' | 'double';
export type Context = 'block' | 'flow';

/** Characters a plain scalar may hold here; anything else is quoted, which is always safe. */
const PLAIN = /^[A-Za-z0-9_./][\w./@:+=~-]*(?: [\w./@:+=~-]+)*$/;
const plainCache = new Map<string, boolean>();

/**
 * Whether `text` can be written unquoted and reads back as the same string. The loader itself
 * decides, so `yes`, `on`, `0755`, `1e3` and `~` get quoted exactly when Rampart (and
 * Kubernetes' YAML 1.1 reader) would not read them as strings.
 */
function plainReadsBack(text: string, context: Context): boolean {
  if (!PLAIN.test(text) || text.endsWith(':') || text.includes(': ')) return false;
  const key = `${context} ${text}`;
  let ok = plainCache.get(key);
  if (ok === undefined) {
    const probe = context === 'flow' ? `{${text}: [${text}]}\n` : `${text}: ${text}\n`;
    const parsed = parseYaml(probe);
    const want = context === 'flow' ? { [text]: [text] } : { [text]: text };
    ok = parsed.problems.length === 0 && isDeepStrictEqual(parsed.documents[0]?.value, want);
    plainCache.set(key, ok);
  }
  return ok;
}

/** A scalar as YAML text; `prefer` keeps the quoting style of the value it replaces. */
export function scalar(value: unknown, context: Context, prefer: ScalarStyle = 'plain'): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  const text = String(value);
  if (prefer === 'single' && !/[\u0000-\u001f\u007f\u2028\u2029]/.test(text)) return `'${text.replaceAll("'", "''")}'`;
  if (prefer === 'plain' && plainReadsBack(text, context)) return text;
  return JSON.stringify(text); // a JSON string is a valid YAML double-quoted scalar
}

export function isInline(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** One-line YAML flow text: `{a: 1, b: [x, y]}`. */
export function flowText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${scalar(k, 'flow')}: ${flowText(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return scalar(value, 'flow');
}

/** JSON text whose continuation lines start at column `column`, so it sits inside a pretty-printed file. */
export function jsonText(value: unknown, column: number, layout: Layout): string {
  const indent = layout.json?.indent ?? 0;
  const text = JSON.stringify(value, null, indent) ?? 'null';
  return indent === 0 ? text : text.split('\n').join(`${layout.eol}${' '.repeat(column)}`);
}

/** A value that fits after `key: ` or `- ` on one line in a block collection. */
export function inlineText(value: unknown, prefer?: ScalarStyle): string {
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object') return '{}';
  return scalar(value, 'block', prefer);
}

/** Block lines of a mapping or sequence whose entries start at `column`, each line fully indented. */
export function blockLines(value: unknown, column: number, layout: Layout): string[] {
  if (isInline(value)) return [`${' '.repeat(column)}${inlineText(value)}`];
  if (Array.isArray(value)) return value.flatMap((item) => itemLines(item, column, layout));
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => pairLines(key, v, column, layout));
}

/** `key: value` at `column`, its nested block (if any) below it. */
export function pairLines(key: string, value: unknown, column: number, layout: Layout): string[] {
  const head = `${' '.repeat(column)}${scalar(key, 'block')}:`;
  if (isInline(value)) return [`${head} ${inlineText(value)}`];
  const child = Array.isArray(value) && !layout.indentSequences ? column : column + layout.indent;
  return [head, ...blockLines(value, child, layout)];
}

/** `- item` with its dash at `column`; mappings and sequences start on the dash's line (`- name: x`). */
export function itemLines(item: unknown, column: number, layout: Layout): string[] {
  const dash = `${' '.repeat(column)}- `;
  if (isInline(item)) return [`${dash}${inlineText(item)}`];
  const [first = '', ...rest] = blockLines(item, column + 2, layout);
  return [`${dash}${first.slice(column + 2)}`, ...rest];
}
