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
  const cache = new Map<unknown, string>();
  for (let start = 0; start < listed.length; start += CHUNK) {
    const lines = listed.slice(start, start + CHUNK).map((result) => `    ${resultLine(result, cache)}`);
    yield `${start === 0 ? '' : ',\n'}${lines.join(',\n')}`;
  }
  yield '\n  ]\n}\n';
}

const CHUNK = 2000;

/** Same bytes as `JSON.stringify(documentResult(result))`, a test holds it to that. */
export function resultLine(result: Result, cache: Map<unknown, string>): string {
  const shared = (value: object | string, make: () => unknown) => {
    let json = cache.get(value);
    if (json === undefined) {
      json = JSON.stringify(make());
      cache.set(value, json);
    }
    return json;
  };
  let line = `{"ruleId":${JSON.stringify(result.ruleId)},"verdict":"${result.verdict}","severity":"${result.severity}"`;
  const { resource, location, suppressed, fix } = result;
  if (resource) {
    line += `,"resource":${shared(resource, () => ({
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      namespace: resource.namespace,
      name: resource.name,
    }))}`;
  }
  if (location) {
    line += `,"location":{"file":${JSON.stringify(location.file)},"line":${location.line},"column":${location.column}`;
    line += location.template === undefined ? '}' : `,"template":${JSON.stringify(location.template)}}`;
  }
  if (result.path !== undefined) line += `,"path":${JSON.stringify(result.path)}`;
  line += `,"message":${JSON.stringify(result.message)}`;
  if (result.remediation !== undefined)
    line += `,"remediation":${shared(result.remediation, () => result.remediation)}`;
  if (result.frameworks) line += `,"frameworks":${shared(result.frameworks, () => documentResult(result).frameworks)}`;
  if (result.owner !== undefined) line += `,"owner":"${result.owner}"`;
  if (result.stage !== undefined) line += `,"stage":"${result.stage}"`;
  if (result.skipReason !== undefined) line += `,"skipReason":${JSON.stringify(result.skipReason)}`;
  if (suppressed || fix) {
    const document = documentResult(result);
    if (suppressed) line += `,"suppressed":${JSON.stringify(document.suppressed)}`;
    if (fix) line += `,"fix":${JSON.stringify(document.fix)}`;
  }
  return `${line}}`;
}
