import type { KubeObject } from '../core/resource.js';
import { type ApiClient, ClusterError, statusReason } from './api-client.js';
import type { Discovery, ServedResource } from './discovery.js';
import { mapLimit } from './pool.js';
import { sanitize } from './sanitize.js';

/** A kind the scan could not read, and why: reported, never a failure of the scan. */
export interface SkippedKind {
  group: string;
  version: string;
  resource: string;
  kind: string;
  reason: string;
}

export interface CollectOptions {
  /** Only this namespace's namespaced objects (`-n`); cluster-scoped objects are always read. */
  namespace?: string;
  /** Lists in flight at once (default 4). */
  concurrency?: number;
  /** Objects per page (default 500, as kubectl). */
  pageSize?: number;
  /** Called after each kind is read, for the progress line. */
  onKind?: (done: number, total: number, objects: number) => void;
}

export interface Collected {
  objects: KubeObject[];
  skipped: SkippedKind[];
}

/** Fresh lists after a 410 before the kind is given up: each one starts over from the first page. */
const RELISTS = 3;
/** Pages of one kind before it is given up: a continue token that never ends must not loop forever. */
const MAX_PAGES = 100_000;

/**
 * Lists every served resource of the discovery, a page at a time. A kind the credentials may not
 * list (403), or one the server cannot list (404 for a CRD removed meanwhile, an aggregated API
 * that is down) becomes a skipped kind with its reason; unreachable servers and broken
 * credentials fail the collection, since nothing could be trusted then.
 */
export async function collect(
  client: ApiClient,
  discovery: Discovery,
  options: CollectOptions = {},
): Promise<Collected> {
  const skipped: SkippedKind[] = [];
  let done = 0;
  let count = 0;
  const lists = await mapLimit(discovery.resources, options.concurrency ?? 4, async (served) => {
    const outcome = await listKind(client, served, options);
    done++;
    if ('reason' in outcome) skipped.push({ ...identity(served), reason: outcome.reason });
    else count += outcome.objects.length;
    options.onKind?.(done, discovery.resources.length, count);
    return 'reason' in outcome ? [] : outcome.objects;
  });
  skipped.sort((a, b) => `${a.group}/${a.resource}`.localeCompare(`${b.group}/${b.resource}`));
  return { objects: lists.flat(), skipped };
}

function identity(served: ServedResource): Omit<SkippedKind, 'reason'> {
  const { group, version, resource, kind } = served;
  return { group, version, resource, kind };
}

async function listKind(
  client: ApiClient,
  served: ServedResource,
  options: CollectOptions,
): Promise<{ objects: KubeObject[] } | { reason: string }> {
  const base = served.group ? `/apis/${served.group}/${served.version}` : `/api/${served.version}`;
  const scope = served.namespaced && options.namespace ? `/namespaces/${encodeURIComponent(options.namespace)}` : '';
  const listPath = `${base}${scope}/${served.resource}`;
  const apiVersion = served.group ? `${served.group}/${served.version}` : served.version;
  for (let attempt = 0; attempt <= RELISTS; attempt++) {
    const objects: KubeObject[] = [];
    let token: string | undefined;
    let expired = false;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: Record<string, string> = { limit: String(options.pageSize ?? 500) };
      if (token) query.continue = token;
      const response = await client.get(listPath, query);
      if (response.status === 410) {
        // the continue token outlived etcd's compaction: the list must start again to be consistent
        expired = true;
        break;
      }
      if (response.status === 401)
        throw new ClusterError(`${listPath}: unauthorized (401): the credentials were refused`);
      if (response.status !== 200) return { reason: refusal(response.status, response.body) };
      const body = response.body as { items?: unknown; metadata?: { continue?: unknown } } | undefined;
      for (const item of Array.isArray(body?.items) ? body.items : []) {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
        // lists leave apiVersion and kind out of their items
        objects.push(sanitize({ ...(item as Record<string, unknown>), apiVersion, kind: served.kind } as KubeObject));
      }
      const next = body?.metadata?.continue;
      token = typeof next === 'string' && next !== '' ? next : undefined;
      if (!token) return { objects };
    }
    if (!expired) return { reason: `more than ${MAX_PAGES} pages` };
  }
  return { reason: `the list expired (410 Gone) ${RELISTS + 1} times in a row` };
}

function refusal(status: number, body: unknown): string {
  const reason = statusReason(body);
  if (status === 403) return 'forbidden (403): the credentials may not list it';
  if (status === 404) return 'not found (404): no longer served';
  return `HTTP ${status}${reason ? ` ${reason}` : ''}`;
}
