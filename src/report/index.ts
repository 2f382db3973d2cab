import { formatCompact } from './compact.js';
import type { Formatter } from './context.js';
import { formatGithub } from './github.js';
import { formatHtml } from './html.js';
import { formatJson, jsonChunks } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatTable } from './table.js';
import { formatYaml } from './yaml.js';

export { formatAccessMatrix } from './access-matrix.js';
export { formatColumns } from './columns.js';
export type { Formatter, ReportContext } from './context.js';
export { outputWidth } from './width.js';

/** Output formats of `rampart scan -o <format>`, by name. `table` is the default for people. */
export const FORMATS = {
  table: formatTable,
  json: formatJson,
  yaml: formatYaml,
  sarif: formatSarif,
  junit: formatJunit,
  compact: formatCompact,
  github: formatGithub,
  html: formatHtml,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATS;

/** Formats that can also be written in pieces, keeping the memory of a large scan flat. */
export const STREAMS: Partial<Record<FormatName, (...args: Parameters<Formatter>) => Iterable<string | Uint8Array>>> = {
  json: jsonChunks,
};

/** Audit alerts, written as they are found. */
export { ALERT_FORMATS, ALERT_WRITERS, type AlertFormat, type AlertWriter, summaryLine } from './audit-alerts.js';
/** The NetworkPolicy analyzer's own views: connectivity lists, explanations, diffs. */
export { DIFF_FORMATS, type DiffFormat, formatDiff } from './netpol-diff.js';
export { formatExplanation } from './netpol-explain.js';
export { formatList, LIST_FORMATS, type ListFormat } from './netpol-list.js';
/** The RBAC analyzer's views. */
export { renderDot, renderMermaid } from './rbac-graph.js';
export { describeRequest, formatPaths, grantJson, grantText, subjectJson } from './rbac-text.js';
