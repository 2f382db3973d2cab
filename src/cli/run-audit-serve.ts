import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { AuditPipeline, AuditReceiver } from '../audit/index.js';
import { summaryLine } from '../report/index.js';
import type { AuditFlags } from './audit.js';
import { alertFormat, auditJudge, stdoutSink, webhookSink } from './audit-run.js';
import { EXIT, type Io, UsageError } from './io.js';

export interface ServeFlags extends AuditFlags {
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCaFile?: string;
  listen: string;
  queueSize: string;
}

/**
 * `rampart audit serve`: the HTTPS receiver for the API server's audit webhook backend. Alerts go to
 * stdout (and the alert webhook, and the ledger) as batches are judged; server logs are pino JSON on
 * stderr. SIGTERM or SIGINT stop it after the batches it took are judged. `stop` is for tests.
 */
export async function runAuditServe(flags: ServeFlags, io: Io, stop?: Promise<void>): Promise<number> {
  if (!flags.tlsCertFile || !flags.tlsPrivateKeyFile)
    throw new UsageError(
      'audit serve needs --tls-cert-file and --tls-private-key-file (the API server calls it over HTTPS)',
    );
  const listen = /^(.*):(\d{1,5})$/.exec(flags.listen);
  const port = Number(listen?.[2]);
  if (!listen || port > 65535) throw new UsageError('--listen must be HOST:PORT, such as 0.0.0.0:8443');
  const queueSize = Number(flags.queueSize);
  if (!Number.isSafeInteger(queueSize) || queueSize < 1)
    throw new UsageError('--queue-size must be a positive number of events');
  const read = (file: string) =>
    readFile(path.resolve(io.cwd, file)).catch(() => {
      throw new UsageError(`cannot read ${file}`);
    });
  const [cert, key] = await Promise.all([read(flags.tlsCertFile), read(flags.tlsPrivateKeyFile)]);
  const clientCa = flags.clientCaFile === undefined ? undefined : await read(flags.clientCaFile);
  const format = alertFormat(flags.output);
  const { judge, failOn } = await auditJudge(flags, io);
  const webhook = webhookSink(flags, io);
  const out = stdoutSink(format, io);
  const ledger = flags.ledger ? await (await import('./audit-ledger.js')).openLedgerFor(flags, io) : undefined;
  const log = pino({ base: { component: 'rampart-audit' } }, { write: (line: string) => io.stderr.write(line) });
  const pipeline = new AuditPipeline({
    judge,
    failOn,
    // a webhook's batch is judged as it comes: alerts must not wait for the next batch
    batchSize: Number.POSITIVE_INFINITY,
    sinks: [out, ...(webhook ? [webhook] : []), ...(ledger?.alerts ? [ledger.alerts] : [])],
    ...(ledger?.events ? { events: ledger.events } : {}),
  });
  const receiver = new AuditReceiver({
    cert,
    key,
    ...(clientCa ? { clientCa } : {}),
    host: (listen[1] as string).replace(/^\[(.*)\]$/, '$1'),
    port,
    pipeline,
    log,
    maxQueuedEvents: queueSize,
  });
  let url: string;
  try {
    url = await receiver.start();
  } catch (error) {
    throw new UsageError(`cannot listen on ${flags.listen}: ${(error as NodeJS.ErrnoException).code ?? 'failed'}`);
  }
  log.info(
    { url, queueSize, clientCertificates: clientCa !== undefined, ledger: flags.ledger ?? null },
    'listening for audit events',
  );
  if (!clientCa) log.warn({}, 'no --client-ca-file: anyone who can reach the receiver can post events to it');
  await (stop ?? signalled());
  await receiver.stop();
  await ledger?.close();
  const stats = receiver.stats;
  log.info({ ...stats, alerts: pipeline.stats.alerts }, 'stopped');
  if (stats.refusedEvents + stats.failedEvents + stats.unreadable > 0)
    io.stderr.write(
      `rampart: ${stats.refusedEvents} event(s) refused while the queue was full (the API server retries them), ${stats.failedEvents} not kept (answered 503), ${stats.unreadable} unreadable\n`,
    );
  out.end(pipeline.stats);
  io.stderr.write(`${summaryLine(pipeline.stats)}\n`);
  return stats.failedEvents + stats.unreadable > 0 ? EXIT.error : EXIT.clean;
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      resolve();
    };
    process.on('SIGTERM', done);
    process.on('SIGINT', done);
  });
}
