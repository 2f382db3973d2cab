import { isRecord } from '../core/pod-spec.js';
import { redactedMessage } from '../core/redact.js';

/** The fields of an audit.k8s.io/v1 Event that RBAC analysis reads. */
export interface AuditEvent {
  line: number;
  auditID?: string;
  stage?: string;
  verb: string;
  user: { username: string; groups: string[] };
  impersonatedUser?: { username: string; groups: string[] };
  objectRef?: { resource?: string; subresource?: string; apiGroup?: string; namespace?: string; name?: string };
  requestURI?: string;
  code?: number;
  decision?: string;
  timestamp?: string;
  /**
   * The event as it was read, for detection rules that look past the fields above (request and
   * response objects, source IPs, user agent). Never printed: it may hold a Secret.
   */
  object: Readonly<Record<string, unknown>>;
  /** The line the event was read from, when it was one line of JSON: kept as written (the ledger stores it). */
  text?: string;
}

export type AuditRecord = { event: AuditEvent } | { error: string; line: number };

/**
 * Reads audit events from a stream without holding it: JSON lines (what the log backend writes),
 * or an EventList, including a pretty-printed one, whose items are parsed one at a time. Every
 * unreadable line or item is reported with its line number, and reading goes on.
 */
export async function* readAuditEvents(
  source: AsyncIterable<string | Uint8Array>,
  maxLine = MAX_AUDIT_LINE,
): AsyncGenerator<AuditRecord> {
  let mode: 'detect' | 'lines' | 'document' = 'detect';
  const scanner = new ItemScanner(maxLine);
  for await (const { text, line, tooLong } of splitLines(source, maxLine)) {
    if (tooLong) {
      yield { error: `a line longer than ${maxLine} characters; skipped`, line };
      continue;
    }
    if (mode === 'document') {
      yield* scanner.feed(`${text}\n`, line);
      continue;
    }
    const trimmed = text.trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      if (mode === 'detect' && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
        mode = 'document';
        yield* scanner.feed(`${text}\n`, line);
        continue;
      }
      mode = 'lines';
      yield { error: `not valid JSON: ${redactedMessage(error, 'a syntax error')}`, line };
      continue;
    }
    mode = 'lines';
    if (isRecord(value) && value.kind === 'EventList') {
      if (!Array.isArray(value.items)) yield { error: 'an EventList without items', line };
      else for (const item of value.items) yield toRecord(item, line);
    } else {
      const record = toRecord(value, line);
      if ('event' in record) record.event.text = trimmed;
      yield record;
    }
  }
  yield* scanner.end();
}

/**
 * The longest line kept: the API server caps a request body at 3 MiB, and an event may carry the
 * request and the response object. A longer line is reported and skipped without being held.
 */
export const MAX_AUDIT_LINE = 16 * 1024 * 1024;

async function* splitLines(
  source: AsyncIterable<string | Uint8Array>,
  maxLine: number,
): AsyncGenerator<{ text: string; line: number; tooLong?: true }> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let line = 0;
  // inside a line already reported as too long: drop text up to its end
  let skipping = false;
  for await (const chunk of source) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let at = rest.indexOf('\n');
    let from = 0;
    while (at !== -1) {
      line++;
      if (skipping) skipping = false;
      else if (at - from > maxLine) yield { text: '', line, tooLong: true };
      else yield { text: rest.slice(from, at).replace(/\r$/, ''), line };
      from = at + 1;
      at = rest.indexOf('\n', from);
    }
    rest = rest.slice(from);
    if (rest.length > maxLine) {
      if (!skipping) yield { text: '', line: line + 1, tooLong: true };
      skipping = true;
      rest = '';
    }
  }
  rest += decoder.decode();
  if (rest !== '' && !skipping) yield { text: rest, line: line + 1 };
}

/**
 * A character scanner for a JSON document that may be huge: each element of a top-level
 * `items` array (or of a top-level array) is cut out and parsed alone; the rest is skipped.
 */
class ItemScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private lastString = '';
  private stringStart = -1;
  private key = '';
  private itemsDepth = -1;
  private item: string[] = [];
  private itemLine = 0;
  private collecting = false;
  private started = false;
  private itemLength = 0;
  private tooLong = false;

  constructor(private readonly maxItem: number) {}

  *feed(text: string, line: number): Generator<AuditRecord> {
    let segment = this.collecting ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') {
          this.inString = false;
          if (this.stringStart !== -1) this.lastString = text.slice(this.stringStart, i);
        }
        continue;
      }
      if (c === '"') {
        this.inString = true;
        this.stringStart = i + 1;
        continue;
      }
      if (c === ':' && this.depth === 1) this.key = this.lastString;
      if (c === '{' || c === '[') {
        if (!this.started) {
          this.started = true;
          if (c === '[') this.itemsDepth = 1;
        } else if (c === '[' && this.depth === 1 && this.key === 'items') this.itemsDepth = 2;
        this.depth++;
        if (this.depth === this.itemsDepth + 1 && !this.collecting) {
          this.collecting = true;
          this.itemLine = line;
          segment = i;
        }
        continue;
      }
      if (c === '}' || c === ']') {
        this.depth--;
        if (this.collecting && this.depth === this.itemsDepth) {
          this.keep(text.slice(segment, i + 1));
          this.collecting = false;
          segment = -1;
          yield this.parseItem();
        }
      }
    }
    if (this.collecting && segment !== -1) this.keep(text.slice(segment));
  }

  /** Holds part of an item, unless the item is already over the bound (then it is only counted). */
  private keep(part: string): void {
    this.itemLength += part.length;
    if (this.itemLength > this.maxItem) {
      this.tooLong = true;
      this.item = [];
    } else this.item.push(part);
  }

  private parseItem(): AuditRecord {
    const text = this.item.join('');
    const tooLong = this.tooLong;
    this.item = [];
    this.itemLength = 0;
    this.tooLong = false;
    if (tooLong) return { error: `an item longer than ${this.maxItem} characters; skipped`, line: this.itemLine };
    try {
      return toRecord(JSON.parse(text), this.itemLine);
    } catch (error) {
      return { error: `not valid JSON: ${redactedMessage(error, 'a syntax error')}`, line: this.itemLine };
    }
  }

  *end(): Generator<AuditRecord> {
    if (this.started && (this.depth !== 0 || this.inString)) {
      yield {
        error: `the document ends inside ${this.collecting ? `the item that starts on line ${this.itemLine}` : 'a JSON value'} (a truncated file?)`,
        line: this.itemLine || 1,
      };
    }
    if (this.started && this.itemsDepth === -1)
      yield { error: 'a JSON document without an items list: neither an EventList nor audit events', line: 1 };
  }
}

function toRecord(value: unknown, line: number): AuditRecord {
  if (!isRecord(value)) return { error: 'not an audit event (a JSON object)', line };
  // the values are not quoted: a line that is not an audit event may be anything, a Secret included
  if (typeof value.apiVersion === 'string' && !value.apiVersion.startsWith('audit.k8s.io/'))
    return { error: 'its apiVersion is not audit.k8s.io/v1', line };
  if (value.kind !== undefined && value.kind !== 'Event') return { error: 'its kind is not Event', line };
  if (typeof value.verb !== 'string') return { error: 'not an audit event: it has no verb', line };
  const user = readUser(value.user);
  if (!user) return { error: 'not an audit event: it has no user.username', line };
  const event: AuditEvent = { line, verb: value.verb, user, object: value };
  if (typeof value.auditID === 'string') event.auditID = value.auditID;
  if (typeof value.stage === 'string') event.stage = value.stage;
  const impersonated = readUser(value.impersonatedUser);
  if (impersonated) event.impersonatedUser = impersonated;
  if (isRecord(value.objectRef)) {
    const ref = value.objectRef;
    const pick = (key: string) => (typeof ref[key] === 'string' ? (ref[key] as string) : undefined);
    event.objectRef = {};
    for (const key of ['resource', 'subresource', 'apiGroup', 'namespace', 'name'] as const) {
      const v = pick(key);
      if (v !== undefined) event.objectRef[key] = v;
    }
  }
  if (typeof value.requestURI === 'string') event.requestURI = value.requestURI;
  if (isRecord(value.responseStatus) && typeof value.responseStatus.code === 'number')
    event.code = value.responseStatus.code;
  if (isRecord(value.annotations) && typeof value.annotations['authorization.k8s.io/decision'] === 'string')
    event.decision = value.annotations['authorization.k8s.io/decision'] as string;
  const time = value.requestReceivedTimestamp ?? value.stageTimestamp;
  if (typeof time === 'string') event.timestamp = time;
  return { event };
}

function readUser(value: unknown): { username: string; groups: string[] } | undefined {
  if (!isRecord(value) || typeof value.username !== 'string') return undefined;
  const groups = Array.isArray(value.groups) ? value.groups.filter((g): g is string => typeof g === 'string') : [];
  return { username: value.username, groups };
}
