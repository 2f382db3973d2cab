import { AuditPipeline } from '../audit/index.js';
import { redactedMessage } from '../core/redact.js';
import { readAuditEvents } from '../load/audit-events.js';
import { AuditFileError, auditFiles, openAuditFile } from '../load/audit-files.js';
import type { AuditFlags } from './audit.js';
import { alertFormat, auditExitCode, auditJudge, stdoutSink, webhookSink } from './audit-run.js';
import { type Io, UsageError } from './io.js';

const SHOWN_ERRORS = 20;
/** Ledger entries per sync and checkpoint: no one waits on a batch of a file being read. */
const SCAN_COMMIT_EVERY = 16_000;

/** `rampart audit scan FILE...`: every event judged, alerts as they are found, unreadable lines located and counted. */
export async function runAuditScan(names: readonly string[], flags: AuditFlags, io: Io): Promise<number> {
  try {
    const format = alertFormat(flags.output);
    const { judge, failOn } = await auditJudge(flags, io);
    const webhook = webhookSink(flags, io);
    const out = stdoutSink(format, io);
    const ledger = flags.ledger
      ? await (await import('./audit-ledger.js')).openLedgerFor(flags, io, SCAN_COMMIT_EVERY)
      : undefined;
    const pipeline = new AuditPipeline({
      judge,
      failOn,
      sinks: [out, ...(webhook ? [webhook] : []), ...(ledger?.alerts ? [ledger.alerts] : [])],
      ...(ledger?.events ? { events: ledger.events } : {}),
    });
    const sources: { name: string; open: () => Promise<AsyncIterable<string | Uint8Array>> }[] = [];
    const files = names.filter((name) => name !== '-');
    for (const file of await auditFiles(files, io.cwd))
      sources.push({ name: file.name, open: () => openAuditFile(file) });
    if (names.includes('-')) sources.push({ name: '<stdin>', open: async () => io.stdin });
    let shown = 0;
    for (const source of sources) {
      try {
        for await (const record of readAuditEvents(await source.open())) {
          if ('event' in record) {
            await pipeline.push(record.event, source.name);
            continue;
          }
          pipeline.unreadable();
          if (++shown <= SHOWN_ERRORS) io.stderr.write(`rampart: ${source.name}:${record.line}: ${record.error}\n`);
        }
      } catch (error) {
        // a corrupt .gz or a read error: the rest of the file is lost, and the run says so
        pipeline.unreadable();
        io.stderr.write(`rampart: ${source.name}: reading stopped: ${redactedMessage(error)}\n`);
      }
    }
    await pipeline.flush();
    await ledger?.close();
    if (shown > SHOWN_ERRORS) io.stderr.write(`rampart: … and ${shown - SHOWN_ERRORS} more unreadable lines\n`);
    out.end(pipeline.stats);
    return auditExitCode(pipeline, webhook);
  } catch (error) {
    if (error instanceof AuditFileError) throw new UsageError(error.message);
    throw error;
  }
}
