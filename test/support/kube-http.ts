/*
 * A small HTTPS client for the test API server: bearer tokens, the test CA, keep-alive sockets and
 * bounded concurrency, so thousands of dry-run requests reuse a handful of connections.
 */
import https from 'node:https';

export interface KubeResponse<T = unknown> {
  status: number;
  body: T;
  /** Warning headers (`299 - "text"`), as the API server sends admission and deprecation warnings. */
  warnings: string[];
  /** The Audit-Id header: the auditID of this request's events in the audit log. */
  auditId: string | undefined;
}

export interface RequestOptions {
  token?: string;
  query?: Record<string, string | string[]>;
  contentType?: string;
  /** Milliseconds before the request fails; the server's own timeouts are longer. */
  timeoutMs?: number;
  /** More headers, e.g. Impersonate-User and Impersonate-Group (repeated for several groups). */
  headers?: Record<string, string | string[]>;
}

export class KubeHttp {
  readonly agent: https.Agent;

  constructor(
    readonly server: string,
    readonly ca: string,
    readonly token: string,
    maxSockets = 16,
  ) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets, ca });
  }

  /** A client for another user of the same server (sharing the connection pool). */
  as(token: string): KubeHttp {
    const other = Object.create(this) as KubeHttp;
    Object.defineProperty(other, 'token', { value: token });
    return other;
  }

  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<KubeResponse<T>> {
    const url = new URL(path, this.server);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
    }
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${options.token ?? this.token}`,
            accept: 'application/json',
            ...options.headers,
            ...(payload === undefined
              ? {}
              : {
                  'content-type': options.contentType ?? 'application/json',
                  'content-length': Buffer.byteLength(payload),
                }),
          },
          timeout: options.timeoutMs ?? 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // Not JSON (readyz, healthz): the text is the body.
            }
            const header = res.headers.warning;
            const warnings = (Array.isArray(header) ? header : header ? [header] : []).flatMap(splitWarnings);
            const auditId = res.headers['audit-id'];
            resolve({
              status: res.statusCode ?? 0,
              body: parsed as T,
              warnings,
              auditId: typeof auditId === 'string' ? auditId : undefined,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T = unknown>(path: string, body: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, body, options);
  }

  put<T = unknown>(path: string, body: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, body, options);
  }

  delete<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, undefined, options);
  }

  /** Creates an object and fails loudly on anything but 201/200 (or 409 when `existsOk`). */
  async create(path: string, object: unknown, existsOk = false): Promise<unknown> {
    const res = await this.post(path, object);
    if (res.status === 200 || res.status === 201 || (existsOk && res.status === 409)) return res.body;
    throw new Error(`POST ${path}: HTTP ${res.status}: ${statusMessage(res.body)}`);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The message of a Status body, or the body itself. */
export function statusMessage(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) return String((body as { message: unknown }).message);
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * `299 - "a", 299 - "b"` → ["a", "b"]. The API server sends one header per warning, each with its
 * text quoted and escaped as an HTTP quoted-string.
 */
export function splitWarnings(header: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < header.length) {
    const open = header.indexOf('"', i);
    if (open < 0) break;
    let text = '';
    let j = open + 1;
    for (; j < header.length && header[j] !== '"'; j++) {
      if (header[j] === '\\' && j + 1 < header.length) j++;
      text += header[j];
    }
    out.push(text);
    const comma = header.indexOf(',', j);
    if (comma < 0) break;
    i = comma + 1;
  }
  return out;
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
