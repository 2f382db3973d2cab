import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type AuditEvent, MAX_AUDIT_LINE, readAuditEvents } from '../load/audit-events.js';
import type { AuditPipeline } from './pipeline.js';
import { receiverMetrics } from './receiver-metrics.js';

/** What a receiver logs through (pino's methods, or anything with them). */
export interface ReceiverLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ReceiverOptions {
  cert: string | Buffer;
  key: string | Buffer;
  /** CA bundle (PEM) that client certificates must chain to; absent: no client certificate is asked for. */
  clientCa?: string | Buffer;
  host: string;
  port: number;
  pipeline: AuditPipeline;
  log: ReceiverLog;
  /** Events waiting to be judged, past which batches are refused with 429 for the API server to retry. */
  maxQueuedEvents?: number;
  /** Largest body taken; larger ones are refused with 413 (the API server's batches are far smaller). */
  maxBodyBytes?: number;
}

/** Counters of everything the receiver took or could not keep, served at /stats and logged at stop. */
export interface ReceiverStats {
  batches: number;
  events: number;
  /** Batches and their events refused because the queue was full (the API server retries them). */
  refusedBatches: number;
  refusedEvents: number;
  /** Bodies refused for their size, and batches whose judging or ledger append failed (answered 503). */
  tooLarge: number;
  failedBatches: number;
  failedEvents: number;
  /** Items of a batch that were not audit events. */
  unreadable: number;
}

interface Pending {
  events: AuditEvent[];
  name: string;
  done: (error?: unknown) => void;
}

/**
 * The API server's audit webhook backend posts EventLists here. A batch is answered 200 only once
 * it is judged and (with a ledger) appended, so an event acknowledged is an event kept. The queue is
 * bounded in events: when full, a batch is refused with 429 and Retry-After, which the API server's
 * webhook backend retries with back-off; every refused or failed event is counted, never dropped quietly.
 */
export class AuditReceiver {
  readonly stats: ReceiverStats = {
    batches: 0,
    events: 0,
    refusedBatches: 0,
    refusedEvents: 0,
    tooLarge: 0,
    failedBatches: 0,
    failedEvents: 0,
    unreadable: 0,
  };
  private readonly server: Server;
  private readonly queue: Pending[] = [];
  private queued = 0;
  private working: Promise<void> | undefined;
  private readonly maxQueued: number;
  private readonly maxBody: number;
  private readonly metrics: ReturnType<typeof receiverMetrics>;

  constructor(private readonly options: ReceiverOptions) {
    this.maxQueued = options.maxQueuedEvents ?? 10_000;
    this.maxBody = options.maxBodyBytes ?? MAX_AUDIT_LINE;
    this.metrics = receiverMetrics(this.stats, options.pipeline.stats, () => this.queued);
    const tls = options.clientCa
      ? { requestCert: true, rejectUnauthorized: true, ca: options.clientCa }
      : { requestCert: false };
    this.server = createServer(
      { cert: options.cert, key: options.key, minVersion: 'TLSv1.2', ...tls },
      (request, response) => {
        this.handle(request, response).catch((error: unknown) => {
          options.log.error({ err: (error as Error).message }, 'request failed');
          if (!response.headersSent) respond(response, 500, 'InternalError', 'the receiver failed on this request');
        });
      },
    );
    this.server.requestTimeout = 60_000;
    this.server.headersTimeout = 30_000;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `https://${host}:${address.port}`;
  }

  /** Stops taking batches, judges what was taken, and resolves when the last one is done. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
    await this.working;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url ?? '/';
    if (request.method === 'GET' && url === '/healthz') return void response.writeHead(200).end('ok');
    if (request.method === 'GET' && url === '/stats') {
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end(JSON.stringify({ ...this.stats, queuedEvents: this.queued }));
    }
    if (request.method === 'GET' && url === '/metrics') {
      const text = await this.metrics.registry.metrics();
      response.writeHead(200, { 'content-type': this.metrics.contentType });
      return void response.end(text);
    }
    if (request.method !== 'POST')
      return respond(response, 405, 'MethodNotAllowed', 'POST an audit.k8s.io/v1 EventList');
    const body = await readBody(request, this.maxBody);
    if (body === undefined) {
      this.stats.tooLarge++;
      this.options.log.warn({ limit: this.maxBody }, 'refused a batch larger than the body limit');
      return respond(response, 413, 'RequestEntityTooLarge', `batches are limited to ${this.maxBody} bytes`);
    }
    const batch = ++this.stats.batches;
    const events: AuditEvent[] = [];
    let unreadable = 0;
    for await (const record of readAuditEvents(once(body))) {
      if ('event' in record) events.push(record.event);
      else unreadable++;
    }
    if (unreadable > 0) {
      this.stats.unreadable += unreadable;
      // the items are not quoted: they may hold anything
      this.options.log.warn({ batch, unreadable }, 'items of a batch were not audit events');
    }
    if (events.length === 0 && unreadable > 0)
      return respond(response, 400, 'BadRequest', 'the body holds no audit.k8s.io/v1 events');
    if (this.queued + events.length > this.maxQueued && this.queued > 0) {
      this.stats.refusedBatches++;
      this.stats.refusedEvents += events.length;
      this.options.log.warn({ batch, events: events.length, queued: this.queued }, 'queue full: refused a batch (429)');
      response.setHeader('retry-after', '1');
      return respond(response, 429, 'TooManyRequests', 'the audit queue is full; retry', 1);
    }
    this.stats.events += events.length;
    this.queued += events.length;
    const error = await new Promise<unknown>((resolve) => {
      this.queue.push({ events, name: `webhook batch ${batch}`, done: resolve });
      this.working ??= this.work();
    });
    if (error === undefined) return void response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    this.stats.failedBatches++;
    this.stats.failedEvents += events.length;
    this.options.log.error(
      { batch, events: events.length, err: (error as Error).message },
      'a batch could not be kept (503)',
    );
    return respond(response, 503, 'ServiceUnavailable', 'the batch could not be kept; retry', 1);
  }

  private async work(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        try {
          for (const event of next.events) await this.options.pipeline.push(event, next.name);
          await this.options.pipeline.flush();
          next.done();
        } catch (error) {
          next.done(error ?? new Error('failed'));
        } finally {
          this.queued -= next.events.length;
        }
      }
    } finally {
      this.working = undefined;
    }
  }
}

async function* once(body: Buffer): AsyncGenerator<Buffer> {
  yield body;
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      request.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A metav1.Status, which the API server's webhook client reads (reason, retryAfterSeconds). */
function respond(response: ServerResponse, code: number, reason: string, message: string, retryAfter?: number): void {
  response.writeHead(code, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason,
      message,
      code,
      ...(retryAfter ? { details: { retryAfterSeconds: retryAfter } } : {}),
    }),
  );
}
