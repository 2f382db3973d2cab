import {
  type AlertSink,
  AlertWebhook,
  type AuditAlert,
  type AuditPipeline,
  type AuditStats,
  type Judge,
} from '../audit/index.js';
import type { Resource } from '../core/resource.js';
import { ALERT_FORMATS, ALERT_WRITERS, type AlertFormat } from '../report/index.js';
import { AUDIT_RULES } from '../rules/audit-rules.js';
import { createScanner, EXIT, type FailOn, readConfigFile, resourceSource } from '../scan/index.js';
import type { AuditFlags } from './audit.js';
import { type Io, UsageError } from './io.js';
import { failOnFlag } from './setting-flags.js';
import { VERSION } from './version.js';

/**
 * The judge of `audit scan` and `audit serve`: the scan service with the audit rules (opt-in ones
 * when rampart.yaml enables them), so events get their verdicts where every resource does.
 */
export async function auditJudge(flags: AuditFlags, io: Io): Promise<{ judge: Judge; failOn: FailOn }> {
  const config = readConfigFile(
    flags.config,
    io.cwd,
    (await import('../rules/index.js')).RULES.map((rule) => rule.meta),
  );
  const only = AUDIT_RULES.filter((rule) => !rule.meta.optIn || config.config.rules?.[rule.meta.id]?.enabled === true);
  const scanner = await createScanner({
    config,
    only: only.map((rule) => rule.meta.id),
    ...(flags.failOn !== undefined ? { overrides: { failOn: failOnFlag(flags.failOn) } } : {}),
    defaultFailOn: 'high',
  });
  const judge: Judge = async (resources: readonly Resource[]) =>
    (await scanner.scan(resourceSource(resources))).results;
  return { judge, failOn: scanner.failOn };
}

export function alertFormat(value: string): AlertFormat {
  if ((ALERT_FORMATS as readonly string[]).includes(value)) return value as AlertFormat;
  throw new UsageError(`-o must be one of ${ALERT_FORMATS.join(', ')}`);
}

/** Alerts to stdout in the chosen format, as they come; `end` writes the summary. */
export function stdoutSink(format: AlertFormat, io: Io): AlertSink & { end(stats: AuditStats): void } {
  const writer = ALERT_WRITERS[format]({ name: 'rampart', version: VERSION });
  let first = true;
  const head = writer.head();
  if (head) io.stdout.write(head);
  return {
    write(alerts: readonly AuditAlert[]) {
      let text = '';
      for (const alert of alerts) {
        text += writer.alert(alert, first);
        first = false;
      }
      io.stdout.write(text);
    },
    end(stats: AuditStats) {
      const tail = writer.tail(stats);
      if (tail) (format === 'table' ? io.stderr : io.stdout).write(tail);
    },
  };
}

export function webhookSink(flags: AuditFlags, io: Io): AlertWebhook | undefined {
  if (flags.alertWebhook === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(flags.alertWebhook);
  } catch {
    throw new UsageError('--alert-webhook must be an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError('--alert-webhook must be an http:// or https:// URL');
  return new AlertWebhook(url.href, (message) => io.stderr.write(`rampart: ${message}\n`));
}

/** The exit code of a run: input errors first, then nothing read, then alerts at or above --fail-on. */
export function auditExitCode(pipeline: AuditPipeline, webhook: AlertWebhook | undefined): number {
  const { stats } = pipeline;
  if (stats.unreadable > 0 || stats.errors > 0 || (webhook?.failed ?? 0) > 0) return EXIT.error;
  if (stats.events === 0) return EXIT.nothingScanned;
  return stats.failing > 0 ? EXIT.findings : EXIT.clean;
}
