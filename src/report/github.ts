import { formatRef } from '../core/resource.js';
import type { Result } from '../core/result.js';
import { printableResult } from './ansi.js';
import { findingsLine } from './compact.js';
import type { ReportContext } from './context.js';
import { placeFile } from './files.js';
import { compareFindings, isFinding } from './table-groups.js';

type Level = 'error' | 'warning' | 'notice';

/**
 * `-o github`: a GitHub Actions workflow command per unsuppressed finding, so findings show as
 * annotations on the pull request's files. Worst first, because GitHub shows only the first few
 * annotations of each level per step. Every value is escaped by the workflow-command rules, so
 * text from the scanned input can neither end the command nor start a new one.
 */
export function formatGithub(results: readonly Result[], context: ReportContext): string {
  const findings = results.filter((r) => isFinding(r) && !r.suppressed).sort(compareFindings);
  let out = '';
  for (const result of findings) out += `${annotation(result, context)}\n`;
  return `${out}rampart: ${findingsLine(context)}\n`;
}

function level(result: Result): Level {
  if (result.verdict === 'error') return 'error';
  if (result.verdict === 'warn') return 'warning';
  return result.severity === 'critical' || result.severity === 'high'
    ? 'error'
    : result.severity === 'medium'
      ? 'warning'
      : 'notice';
}

function annotation(original: Result, context: ReportContext): string {
  const result = printableResult(original);
  const { location, resource } = result;
  const place = location ? placeFile(location.file, context.cwd) : undefined;
  // GitHub resolves `file` against the repository: only files below the working directory get one.
  const properties: [string, string][] = [];
  if (location && place?.kind === 'inside') {
    properties.push(['file', place.relative], ['line', String(location.line)], ['col', String(location.column)]);
  }
  const severity = original.verdict === 'error' ? 'error' : original.severity;
  properties.push(['title', `rampart ${result.ruleId} (${severity})`]);
  const where = [
    resource ? formatRef(resource) : '',
    location && place?.kind !== 'inside' ? `at ${location.file}:${location.line}:${location.column}` : '',
    result.path ?? '',
  ].filter(Boolean);
  const body = [
    original.verdict === 'warn' ? `warning: ${result.message}` : result.message,
    ...(where.length ? [where.join('  ')] : []),
    ...(result.remediation ? [`Fix: ${printableText(result.remediation)}`] : []),
  ].join('\n');
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  return `::${level(original)} ${props}::${escapeData(body)}`;
}

/** Remediation comes from rule meta (or a custom rule's config); it too is shown, never executed. */
function printableText(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ' ');
}

/** The message part of a workflow command: `%`, CR and LF are percent-encoded. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A property value: as data, and `:` and `,` too, which would end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
