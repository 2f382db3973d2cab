import type { AuditAlert, AuditStats } from '../audit/index.js';
import { flat } from '../core/path.js';

/** Output formats of `rampart audit scan|serve -o <format>`. */
export const ALERT_FORMATS = ['table', 'jsonl', 'json'] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

/**
 * Alerts are written as they are found, in every format: a log of a million events must not wait
 * for its end to print the first one, nor hold all alerts to print them. The JSON document is
 * written in pieces: its head, each alert, then the summary, which is known last.
 */
export interface AlertWriter {
  head(): string;
  alert(alert: AuditAlert, first: boolean): string;
  tail(stats: AuditStats): string;
}

const SEVERITY_WIDTH = 8;

export const ALERT_WRITERS: Record<AlertFormat, (tool: { name: string; version: string }) => AlertWriter> = {
  table: () => ({
    head: () => '',
    alert: (alert) => {
      const where = alert.location ? `  (${alert.location.file}:${alert.location.line})` : '';
      const suppressed = alert.suppressed ? `  [suppressed: ${flat(alert.suppressed.reason)}]` : '';
      return `${alert.time ?? '-'}  ${alert.severity.padEnd(SEVERITY_WIDTH)}${alert.ruleId}  ${flat(alert.message)}${where}${suppressed}\n`;
    },
    tail: (stats) => `\n${summaryLine(stats)}\n`,
  }),
  jsonl: () => ({
    head: () => '',
    alert: (alert) => `${JSON.stringify(alert)}\n`,
    tail: () => '',
  }),
  json: (tool) => ({
    head: () => `{"schemaVersion":"1","tool":${JSON.stringify(tool)},"alerts":[`,
    alert: (alert, first) => `${first ? '\n' : ',\n'}${JSON.stringify(alert)}`,
    tail: (stats) => `\n],"summary":${JSON.stringify(stats)}}\n`,
  }),
};

/** `12,000 events, 3 unreadable; 4 alerts (high 2, medium 2), 1 suppressed`. */
export function summaryLine(stats: AuditStats): string {
  const bySeverity = Object.entries(stats.severities)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${severity} ${n}`)
    .join(', ');
  const unreadable = stats.unreadable > 0 ? `, ${stats.unreadable} unreadable` : '';
  const alerts = stats.alerts - stats.suppressed;
  return `${stats.events} event${stats.events === 1 ? '' : 's'}${unreadable}; ${alerts} alert${alerts === 1 ? '' : 's'}${bySeverity ? ` (${bySeverity})` : ''}${stats.suppressed ? `, ${stats.suppressed} suppressed` : ''}`;
}
