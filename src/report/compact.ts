import { formatRef } from '../core/resource.js';
import type { Result } from '../core/result.js';
import { SEVERITIES } from '../core/severity.js';
import { printableResult } from './ansi.js';
import type { ReportContext } from './context.js';
import { displayFile } from './files.js';
import { isFinding } from './table-groups.js';

/**
 * `-o compact`: one line per unsuppressed finding, `file:line:col: severity rule message`, as
 * compilers print errors and in the same order (files as the scan met them, then by line), so
 * editors' problem matchers and `grep` work on it. A finding without a position names its
 * resource instead, after the located ones; the last line counts what was found.
 */
export function formatCompact(results: readonly Result[], context: ReportContext): string {
  let out = '';
  for (const result of inSourceOrder(results.filter((r) => isFinding(r) && !r.suppressed))) {
    const shown = printableResult(result);
    const { location, resource } = shown;
    const where = location
      ? `${displayFile(location.file, context.cwd)}:${location.line}:${location.column}`
      : resource
        ? formatRef(resource)
        : '-';
    const severity = result.verdict === 'error' ? 'error' : result.severity;
    const message = result.verdict === 'warn' ? `warning: ${shown.message}` : shown.message;
    out += `${where}: ${severity} ${shown.ruleId} ${message}\n`;
  }
  return `${out}${findingsLine(context)}\n`;
}

function inSourceOrder(findings: readonly Result[]): Result[] {
  const files = new Map<string, number>();
  for (const { location } of findings) if (location && !files.has(location.file)) files.set(location.file, files.size);
  const key = ({ location }: Result) =>
    location ? [files.get(location.file) ?? 0, location.line, location.column] : [files.size, 0, 0];
  return findings
    .map((result, index) => ({ result, index, key: key(result) }))
    .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]! || a.index - b.index)
    .map(({ result }) => result);
}

/** `12 findings (3 critical, 9 high), 1 error, 2 suppressed; 16 resources scanned` */
export function findingsLine(context: ReportContext): string {
  const { summary } = context;
  const counted = SEVERITIES.filter((s) => summary.severities[s] > 0).map((s) => `${summary.severities[s]} ${s}`);
  const findings = summary.verdicts.fail + summary.verdicts.warn;
  const errors = summary.verdicts.error;
  return [
    `${findings} finding${findings === 1 ? '' : 's'}${counted.length ? ` (${counted.join(', ')})` : ''}`,
    ...(errors ? [`${errors} error${errors === 1 ? '' : 's'}`] : []),
    ...(summary.suppressed ? [`${summary.suppressed} suppressed`] : []),
  ]
    .join(', ')
    .concat(`; ${summary.resources} resource${summary.resources === 1 ? '' : 's'} scanned`);
}
