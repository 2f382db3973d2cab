import { sameFix } from '../core/fix.js';
import type { Result } from '../core/result.js';
import type { Fix, FixOperation } from '../core/rule.js';
import { SEVERITIES, VERDICTS } from '../core/severity.js';
import { ByteSink, encoded } from './byte-sink.js';
import type { ReportContext } from './context.js';
import { buildDocument, documentResult, isListed } from './document.js';

/**
 * `-o json`: the versioned scan document (docs/json-output.md). The header is indented with two
 * spaces; each result is one compact line, so large scans stay small and grep-able. Lines are
 * written by `writeResultLine` straight into Buffers, copying the bytes of what results share (a
 * rule's remediation and frameworks, a resource, a file, a path) instead of rebuilding them tens
 * of thousands of times.
 */
export function formatJson(results: readonly Result[], context: ReportContext): string {
  return Buffer.concat([...jsonChunks(results, context)]).toString('utf8');
}

/** The same document in pieces of about a megabyte, so a large scan is written without ever holding all of it. */
export function* jsonChunks(results: readonly Result[], context: ReportContext): Generator<Buffer> {
  const header = JSON.stringify({ ...buildDocument([], context), results: [] }, null, 2);
  const sink = new ByteSink();
  const cache = new LineCache();
  let first = true;
  for (const result of results) {
    if (!isListed(result, context.showPassed)) continue;
    if (first) sink.text(`${header.slice(0, -'[]\n}'.length)}[\n    `);
    else sink.bytes(SEPARATOR);
    first = false;
    writeResultLine(result, cache, sink);
    if (sink.ready) yield* sink.take();
  }
  sink.text(first ? `${header}\n` : '\n  ]\n}\n');
  yield* sink.end();
}

const SEPARATOR = encoded(',\n    ');
const LINE = encoded(',"line":');
const COLUMN = encoded(',"column":');
const CLOSE = encoded('}');

/** How many distinct paths are remembered: a catalogue over one kind of workload has a few hundred. */
const MAX_PATHS = 20_000;

/**
 * Bytes of what many results share — a rule's remediation, frameworks, owner and stage; a
 * resource; a file; a path — encoded once. A scan of 10,000 workloads writes ~160,000 lines,
 * and rebuilding those pieces for each one is most of the cost.
 */
export class LineCache {
  private readonly heads = new Map<string, (Buffer | undefined)[]>();
  private lastResource: object | undefined;
  private lastResourceBytes: Buffer = CLOSE;
  private lastFile: string | undefined;
  private lastFileBytes: Buffer = CLOSE;
  private readonly templates = new Map<string, Buffer>();
  private readonly paths = new Map<string, Buffer>();
  private readonly messages = new Map<string, Buffer>();
  private readonly fixes = new Map<string, { fix: Fix; bytes: Buffer }[]>();
  private readonly tails = new Map<object, Map<string, { owner: string; stage: string; tail: Buffer }>>();

  /** `{"ruleId":…,"verdict":…,"severity":…`, per rule, verdict and severity. */
  head(result: Result): Buffer {
    const { ruleId, verdict, severity } = result;
    const slot = VERDICT_INDEX.get(verdict) ?? -1;
    const level = SEVERITY_INDEX.get(severity) ?? -1;
    if (slot === -1 || level === -1) return encoded(headOf(result));
    let row = this.heads.get(ruleId);
    if (!row) {
      row = [];
      this.heads.set(ruleId, row);
    }
    const index = slot * SEVERITIES.length + level;
    let bytes = row[index];
    if (bytes === undefined) {
      bytes = encoded(headOf(result));
      row[index] = bytes;
    }
    return bytes;
  }

  /** `,"resource":{…}`. Results come grouped by resource, so the last one is nearly always the one asked for. */
  resource(resource: NonNullable<Result['resource']>): Buffer {
    if (resource !== this.lastResource) {
      const { apiVersion, kind, namespace, name } = resource;
      this.lastResourceBytes = encoded(`,"resource":${JSON.stringify({ apiVersion, kind, namespace, name })}`);
      this.lastResource = resource;
    }
    return this.lastResourceBytes;
  }

  /** `,"location":{"file":…`. */
  file(file: string): Buffer {
    if (file !== this.lastFile) {
      this.lastFileBytes = encoded(`,"location":{"file":${JSON.stringify(file)}`);
      this.lastFile = file;
    }
    return this.lastFileBytes;
  }

  /** `,"template":…}`, closing the location. */
  template(template: string): Buffer {
    let bytes = this.templates.get(template);
    if (bytes === undefined) {
      bytes = encoded(`,"template":${JSON.stringify(template)}}`);
      if (this.templates.size < MAX_PATHS) this.templates.set(template, bytes);
    }
    return bytes;
  }

  /** `,"message":…`: messages name containers, and most workloads call theirs alike. */
  message(message: string): Buffer {
    let bytes = this.messages.get(message);
    if (bytes === undefined) {
      bytes = encoded(`,"message":${JSON.stringify(message)}`);
      if (this.messages.size < MAX_PATHS) this.messages.set(message, bytes);
    }
    return bytes;
  }

  /** `,"path":…`: the same few hundred paths recur in every workload. */
  path(path: string): Buffer {
    let bytes = this.paths.get(path);
    if (bytes === undefined) {
      bytes = encoded(`,"path":${JSON.stringify(path)}`);
      if (this.paths.size < MAX_PATHS) this.paths.set(path, bytes);
    }
    return bytes;
  }

  /**
   * `,"fix":…`. A rule's fixes repeat from workload to workload (the same operation at the same
   * path with the same value; the engine shares equal ones), so the last few of each description
   * are remembered.
   */
  fix(fix: Fix): Buffer {
    let recent = this.fixes.get(fix.description);
    if (!recent) {
      recent = [];
      if (this.fixes.size < MAX_PATHS) this.fixes.set(fix.description, recent);
    }
    for (const known of recent) if (sameFix(known.fix, fix)) return known.bytes;
    const bytes = encoded(`,"fix":${fixJson(fix)}`);
    if (recent.length === RECENT_FIXES) recent.pop();
    recent.unshift({ fix, bytes });
    return bytes;
  }

  /** `,"remediation":…,"frameworks":…,"owner":…,"stage":…` for results that carry all four, as rule results do. */
  ruleTail(result: Result): Buffer | undefined {
    const { frameworks, remediation, owner, stage } = result;
    if (!frameworks || remediation === undefined || owner === undefined || stage === undefined) return undefined;
    // Keyed by the rule's own frameworks object and remediation string: both come from its meta,
    // so lookups hash nothing new.
    let byRemediation = this.tails.get(frameworks);
    if (!byRemediation) {
      byRemediation = new Map();
      this.tails.set(frameworks, byRemediation);
    }
    const known = byRemediation.get(remediation);
    if (known && known.owner === owner && known.stage === stage) return known.tail;
    const json = JSON.stringify(documentResult(result).frameworks);
    const tail = encoded(
      `,"remediation":${JSON.stringify(remediation)},"frameworks":${json},"owner":"${owner}","stage":"${stage}"`,
    );
    if (!known) byRemediation.set(remediation, { owner, stage, tail });
    return tail;
  }
}

const VERDICT_INDEX = new Map<string, number>(VERDICTS.map((verdict, i) => [verdict, i]));
const SEVERITY_INDEX = new Map<string, number>(SEVERITIES.map((severity, i) => [severity, i]));

function headOf(result: Result): string {
  return `{"ruleId":${JSON.stringify(result.ruleId)},"verdict":${JSON.stringify(result.verdict)},"severity":${JSON.stringify(result.severity)}`;
}

/** Writes the bytes of `JSON.stringify(documentResult(result))`; a test holds it to that. */
export function writeResultLine(result: Result, cache: LineCache, out: ByteSink): void {
  out.bytes(cache.head(result));
  const { resource, location, suppressed, fix } = result;
  if (resource) out.bytes(cache.resource(resource));
  if (location) {
    out.bytes(cache.file(location.file));
    out.bytes(LINE);
    out.integer(location.line);
    out.bytes(COLUMN);
    out.integer(location.column);
    out.bytes(location.template === undefined ? CLOSE : cache.template(location.template));
  }
  if (result.path !== undefined) out.bytes(cache.path(result.path));
  out.bytes(cache.message(result.message));
  const tail = cache.ruleTail(result);
  if (tail !== undefined) out.bytes(tail);
  else {
    let text = '';
    if (result.remediation !== undefined) text += `,"remediation":${JSON.stringify(result.remediation)}`;
    if (result.frameworks) text += `,"frameworks":${JSON.stringify(documentResult(result).frameworks)}`;
    if (result.owner !== undefined) text += `,"owner":${JSON.stringify(result.owner)}`;
    if (result.stage !== undefined) text += `,"stage":${JSON.stringify(result.stage)}`;
    out.text(text);
  }
  if (result.skipReason !== undefined) out.text(`,"skipReason":${JSON.stringify(result.skipReason)}`);
  if (suppressed) out.text(`,"suppressed":${JSON.stringify(documentResult(result).suppressed)}`);
  if (fix) out.bytes(cache.fix(fix));
  out.bytes(CLOSE);
}

/** Fixes of one description remembered: one per container of a pod, give or take. */
const RECENT_FIXES = 8;

/** `JSON.stringify(documentResult(result).fix)`, without copying the result to get there. */
export function fixJson(fix: Fix): string {
  let json = `{"description":${JSON.stringify(fix.description)},"operations":[`;
  const { operations } = fix;
  for (let i = 0; i < operations.length; i++) {
    const operation = operations[i] as FixOperation;
    json += `${i === 0 ? '' : ','}{"op":${JSON.stringify(operation.op)},"path":${JSON.stringify(operation.path)}`;
    // an undefined value is left out, as JSON.stringify leaves out an undefined member
    const value = operation.op === 'remove' ? undefined : JSON.stringify(operation.value);
    json += value === undefined ? '}' : `,"value":${value}}`;
  }
  return `${json}]}`;
}
