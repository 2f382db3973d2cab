import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { DEFAULT_BODY_LIMIT, readBody } from './body-limit.js';
import type { WebhookMetrics } from './metrics.js';
import { parseReview } from './parse.js';
import { HttpError, type ReviewHandler, type ReviewPath, reviewOf } from './review.js';
import { type KeyFiles, readKeyPair, watchKeyPair } from './tls.js';

export interface ServerLog {
  info(message: string): void;
  warn(message: string, error?: unknown): void;
}

export interface ServerOptions extends KeyFiles {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** Judges a parsed review: the wrapped judge (filter, failure policy, timeout, metrics). */
  handler: ReviewHandler;
  /** Ready: policies loaded, namespaces listed. */
  ready: () => boolean;
  metrics: WebhookMetrics;
  log?: ServerLog;
  bodyLimit?: number;
  /** A TLS handshake not done in this time is dropped (idle and slow connections). */
  handshakeTimeoutMs?: number;
  /** Headers not received in this time: 408 and the connection closed. */
  headersTimeoutMs?: number;
  /** A whole request (headers and body) not received in this time: 408. */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs?: number;
  /** Connections beyond this are refused at accept, so idle sockets cannot exhaust the process. */
  maxConnections?: number;
  /** How often certificate files are checked for change. */
  reloadIntervalMs?: number;
}

export interface WebhookServer {
  port: number;
  server: https.Server;
  close(): Promise<void>;
}

const PATHS: Record<string, ReviewPath> = { '/validate': 'validate', '/mutate': 'mutate' };

/**
 * The HTTPS server: TLS 1.2+ with the certificate reloaded on change, `/validate` and `/mutate`
 * for AdmissionReviews, `/healthz`, `/readyz` and `/metrics`. Every limit on a client (handshake,
 * headers, body size and time, idle keep-alive, connection count) is set, so a slow or hostile
 * client costs a bounded amount and never stops others from being served.
 */
export async function startWebhookServer(options: ServerOptions): Promise<WebhookServer> {
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const server = https.createServer({
    ...readKeyPair(options),
    handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
    headersTimeout,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    // the header and request timeouts are only as precise as this check
    connectionsCheckingInterval: Math.min(1000, headersTimeout),
  });
  server.maxConnections = options.maxConnections ?? 2000;
  server.on('request', (req, res) => {
    serve(req, res, options).catch((error: unknown) => {
      options.log?.warn('request failed', error);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
    });
  });
  // https turns TLS errors (a handshake that times out, old TLS) into clientError too; whoever
  // listens must end the socket, or it stays open forever.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const code = error.code ?? '';
    const answer =
      code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : code.startsWith('HPE_')
          ? '400 Bad Request'
          : undefined;
    if (answer && socket.writable) socket.end(`HTTP/1.1 ${answer}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  const stopWatching = watchKeyPair(options, (context) => server.setSecureContext(context), {
    intervalMs: options.reloadIntervalMs ?? 2000,
    log: (message, error) => (error ? options.log?.warn(message, error) : options.log?.info(message)),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        stopWatching();
        // requests in flight get a moment to finish (a rolling update); then every connection goes
        const force = setTimeout(() => server.closeAllConnections(), 5000).unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, options: ServerOptions): Promise<void> {
  const url = (req.url ?? '/').split('?')[0] as string;
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (url === '/healthz') return send(res, 200, 'text/plain', 'ok\n');
    if (url === '/readyz')
      return options.ready() ? send(res, 200, 'text/plain', 'ok\n') : send(res, 503, 'text/plain', 'not ready\n');
    if (url === '/metrics') return send(res, 200, options.metrics.contentType, await options.metrics.text());
  }
  const path = Object.hasOwn(PATHS, url) ? PATHS[url] : undefined;
  if (!path) return send(res, 404, 'text/plain', 'not found\n');
  if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST an AdmissionReview\n');
  let request: ReturnType<typeof parseReview>;
  try {
    request = parseReview(await readBody(req, options.bodyLimit ?? DEFAULT_BODY_LIMIT));
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    options.metrics.error(error.status === 413 ? 'body_too_large' : 'bad_request');
    if (error.status === 413) res.setHeader('Connection', 'close');
    return send(res, error.status, 'text/plain', `${error.message}\n`);
  }
  const response = await options.handler({ path, request });
  send(res, 200, 'application/json', JSON.stringify(reviewOf(response)));
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
