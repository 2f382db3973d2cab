import http from 'node:http';
import https from 'node:https';

/** How to reach etcd: its client URL and, for https, the CA and client certificate (PEM text). */
export interface EtcdAccess {
  endpoint: string;
  ca?: string;
  cert?: string;
  key?: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
}

/** How one object is stored: `plaintext`, or the provider and key name of its envelope. */
export interface StoredObject {
  resource: string;
  namespace?: string;
  name: string;
  storedAs: string;
}

/** Keys read per request, and in all: a cluster with more Secrets than this is read in part, and says so. */
const PAGE = 500;
const MAX_KEYS = 200_000;

/**
 * Reads the stored bytes of every object of `resource` through etcd's v3 JSON gateway
 * (`/v3/kv/range`), page by page, and says how each one is stored: the API server writes
 * `k8s:enc:<provider>:v1:<key name>:` before an encrypted value, and plain protobuf (`k8s\0`)
 * or JSON otherwise. Only the first bytes of each value are looked at; nothing is kept.
 */
export async function readStorage(
  access: EtcdAccess,
  resource: string,
): Promise<{ objects: StoredObject[]; truncated: boolean }> {
  const prefix = `/registry/${resource}/`;
  const end = `/registry/${resource}0`; // '0' follows '/': the end of the prefix range
  const objects: StoredObject[] = [];
  let from = prefix;
  for (;;) {
    const body = await post(access, '/v3/kv/range', {
      key: b64(from),
      range_end: b64(end),
      limit: PAGE,
    });
    const kvs = Array.isArray(body.kvs) ? (body.kvs as { key?: string; value?: string }[]) : [];
    for (const kv of kvs) {
      const key = Buffer.from(kv.key ?? '', 'base64').toString('utf8');
      const value = Buffer.from((kv.value ?? '').slice(0, 200), 'base64');
      const [namespace, name] = splitKey(key.slice(prefix.length));
      objects.push({ resource, ...(namespace ? { namespace } : {}), name, storedAs: storedAs(value) });
    }
    if (body.more !== true || kvs.length === 0) return { objects, truncated: false };
    if (objects.length >= MAX_KEYS) return { objects, truncated: true };
    const last = Buffer.from(kvs[kvs.length - 1]?.key ?? '', 'base64').toString('utf8');
    from = `${last}\0`;
  }
}

function splitKey(rest: string): [string | undefined, string] {
  const slash = rest.indexOf('/');
  return slash < 0 ? [undefined, rest] : [rest.slice(0, slash), rest.slice(slash + 1)];
}

const ENVELOPE = 'k8s:enc:';

/** `plaintext`, or `aescbc key1`, `kms v2 key`, … from the value's envelope prefix. */
export function storedAs(value: Uint8Array): string {
  const head = Buffer.from(value.subarray(0, 120)).toString('latin1');
  if (!head.startsWith(ENVELOPE)) return 'plaintext';
  const parts = head.slice(ENVELOPE.length).split(':');
  const [provider, version, keyName] = parts;
  if (!provider) return 'encrypted';
  return provider === 'kms' ? `kms ${version ?? ''} ${keyName ?? ''}`.trim() : `${provider} ${keyName ?? ''}`.trim();
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function post(access: EtcdAccess, route: string, payload: unknown): Promise<Record<string, unknown>> {
  const url = new URL(route, access.endpoint);
  const secure = url.protocol === 'https:';
  const data = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
        timeout: access.timeoutMs ?? 10_000,
        ...(secure
          ? {
              ...(access.ca ? { ca: access.ca } : {}),
              ...(access.cert ? { cert: access.cert } : {}),
              ...(access.key ? { key: access.key } : {}),
            }
          : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > 256 * 1024 * 1024) response.destroy(new Error('etcd answered with more than 256 MiB'));
          else chunks.push(chunk);
        });
        response.on('end', () => {
          if (response.statusCode !== 200) {
            reject(new Error(`etcd answered ${response.statusCode} to ${route}`));
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
          } catch {
            reject(new Error(`etcd's answer to ${route} is not JSON`));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`etcd did not answer within ${access.timeoutMs ?? 10_000} ms`)),
    );
    request.on('error', reject);
    request.end(data);
  });
}
