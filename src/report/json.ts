import type { Result } from '../core/result.js';
import type { ReportContext } from './context.js';
import { buildDocument, documentResult, isListed } from './document.js';

/**
 * `-o json`: the versioned scan document (docs/json-output.md). The header is indented with two
 * spaces; each result is one compact line, so large scans stay small and grep-able. Lines are
 * written by `resultLine`, which reuses the JSON of what results share (a resource, a rule's
 * remediation and frameworks) instead of rebuilding it tens of thousands of times.
 */
export function formatJson(results: readonly Result[], context: ReportContext): string {
  return [...jsonChunks(results, context)].join('');
}

/** The same document in pieces, so a large scan is written without ever holding all of it. */
export function* jsonChunks(results: readonly Result[], context: ReportContext): Generator<string> {
  const header = JSON.stringify({ ...buildDocument([], context), results: [] }, null, 2);
  const listed = results.filter((result) => isListed(result, context.showPassed));
  if (listed.length === 0) {
    yield `${header}\n`;
    return;
  }
  yield `${header.slice(0, -'[]\n}'.length)}[\n`;
  const cache = new LineCache();
  for (let start = 0; start < listed.length; start += CHUNK) {
    let chunk = start === 0 ? '' : ',\n';
    const end = Math.min(listed.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      chunk += i === start ? '    ' : ',\n    ';
      chunk += resultLine(listed[i] as Result, cache);
    }
    yield chunk;
  }
  yield '\n  ]\n}\n';
}

const CHUNK = 2000;

/**
 * JSON of what many results share — a rule's remediation, frameworks, owner and stage; a
 * resource; a file; a path — made once. A scan of 10,000 workloads writes ~200,000 lines,
 * and rebuilding those pieces for each one is most of the cost.
 */
export class LineCache {
  private readonly strings = new Map<string, string>();
  private readonly objects = new Map<object, string>();
  private readonly tails = new Map<object, Map<string, { owner: string; stage: string; tail: string }>>();

  string(value: string): string {
    let json = this.strings.get(value);
    if (json === undefined) {
      json = JSON.stringify(value);
      this.strings.set(value, json);
    }
    return json;
  }

  resource(resource: NonNullable<Result['resource']>): string {
    let json = this.objects.get(resource);
    if (json === undefined) {
      const { apiVersion, kind, namespace, name } = resource;
      json = JSON.stringify({ apiVersion, kind, namespace, name });
      this.objects.set(resource, json);
    }
    return json;
  }

  /** `,"remediation":…,"frameworks":…,"owner":…,"stage":…` for results that carry all four, as rule results do. */
  ruleTail(result: Result): string | undefined {
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
    const tail = `,"remediation":${JSON.stringify(remediation)},"frameworks":${json},"owner":"${owner}","stage":"${stage}"`;
    if (!known) byRemediation.set(remediation, { owner, stage, tail });
    return tail;
  }
}

/** Same bytes as `JSON.stringify(documentResult(result))`, a test holds it to that. */
export function resultLine(result: Result, cache: LineCache): string {
  let line = `{"ruleId":${cache.string(result.ruleId)},"verdict":"${result.verdict}","severity":"${result.severity}"`;
  const { resource, location, suppressed, fix } = result;
  if (resource) line += `,"resource":${cache.resource(resource)}`;
  if (location) {
    line += `,"location":{"file":${cache.string(location.file)},"line":${location.line},"column":${location.column}`;
    line += location.template === undefined ? '}' : `,"template":${cache.string(location.template)}}`;
  }
  if (result.path !== undefined) line += `,"path":${JSON.stringify(result.path)}`;
  line += `,"message":${JSON.stringify(result.message)}`;
  const tail = cache.ruleTail(result);
  if (tail !== undefined) line += tail;
  else {
    if (result.remediation !== undefined) line += `,"remediation":${cache.string(result.remediation)}`;
    if (result.frameworks) line += `,"frameworks":${JSON.stringify(documentResult(result).frameworks)}`;
    if (result.owner !== undefined) line += `,"owner":"${result.owner}"`;
    if (result.stage !== undefined) line += `,"stage":"${result.stage}"`;
  }
  if (result.skipReason !== undefined) line += `,"skipReason":${JSON.stringify(result.skipReason)}`;
  if (suppressed || fix) {
    const document = documentResult(result);
    if (suppressed) line += `,"suppressed":${JSON.stringify(document.suppressed)}`;
    if (fix) line += `,"fix":${JSON.stringify(document.fix)}`;
  }
  return `${line}}`;
}
