import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface ApiClientOptions {
  /** Per request, milliseconds (default 60 s: a page of 500 large objects on a busy server). */
  timeoutMs?: number;
  /** Attempts per request on network errors, 429 and 5xx (default 4). */
  attempts?: number;
  /** The first backoff; doubled each retry, with jitter (default 250 ms). */
  backoffMs?: number;
}

/** Statuses worth another attempt: throttling and the server's own trouble, never a client error. */
const RETRIED = new Set([429, 500, 502, 503, 504]);

/**
 * GET-only access to the API server: the scan is read-only by construction, there is no other
 * verb here. Credentials come from client-node for each request, so exec plugins and token files
 * that rotate are asked again when their token expires.
 */
export class ApiClient {
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  /** Requests sent, retries included: the benchmark and the progress line read it. */
  requests = 0;

  constructor(
    private readonly config: KubeConfig,
    readonly server: string,
    options: ApiClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 250;
  }

  async get(apiPath: string, query: Record<string, string> = {}): Promise<ApiResponse> {
    let failure: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        const response = await this.once(apiPath, query);
        if (!RETRIED.has(response.status) || attempt === this.attempts) return response;
        failure = undefined;
        await sleep(this.delay(attempt, response.retryAfter));
      } catch (error) {
        failure = error;
        if (attempt === this.attempts) break;
        await sleep(this.delay(attempt));
      }
    }
    throw new ClusterError(`${apiPath}: ${failure instanceof Error ? failure.message : 'no answer'}`);
  }

  private delay(attempt: number, retryAfter?: number): number {
    if (retryAfter !== undefined) return Math.min(retryAfter * 1000, 10_000);
    return this.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
  }

  private async once(apiPath: string, query: Record<string, string>): Promise<ApiResponse & { retryAfter?: number }> {
    const url = new URL(this.server);
    const base = url.pathname.replace(/\/+$/, '');
    url.pathname = `${base}${apiPath}`;
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const options: https.RequestOptions = { headers: {} };
    await this.config.applyToHTTPSOptions(options);
    this.requests++;
    return new Promise((resolve, reject) => {
      const request = https.request(
        url,
        {
          ...options,
          method: 'GET',
          headers: { ...options.headers, accept: 'application/json' },
          timeout: this.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            try {
              body = text === '' ? undefined : JSON.parse(text);
            } catch {
              // a proxy's HTML error page; never quoted, it may echo the request
              body = undefined;
            }
            const after = Number(response.headers['retry-after']);
            resolve({
              status: response.statusCode ?? 0,
              body,
              ...(Number.isFinite(after) && after >= 0 ? { retryAfter: after } : {}),
            });
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`)));
      request.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)));
      request.end();
    });
  }
}

/**
 * The cluster could not be read: no usable kubeconfig, an API server that cannot be reached or
 * refuses the credentials, an unreadable snapshot. Front-ends exit 2 with its message.
 */
export class ClusterError extends Error {}

/** The reason of a Status body (`Forbidden`, `Expired`), never its message: messages quote names from the request. */
export function statusReason(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const reason = (body as { reason?: unknown }).reason;
  return typeof reason === 'string' && /^[A-Za-z]{1,64}$/.test(reason) ? reason : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
