import { type ApiClient, ClusterError, statusReason } from './api-client.js';
import { mapLimit } from './pool.js';

/** One listable resource the server serves, at its group's preferred version. */
export interface ServedResource {
  group: string;
  version: string;
  /** The plural resource name (`deployments`). */
  resource: string;
  kind: string;
  namespaced: boolean;
}

/** A group whose versions could not be discovered (an aggregated API that is down, say). */
export interface UndiscoveredGroup {
  groupVersion: string;
  reason: string;
}

export interface ServerVersion {
  gitVersion: string;
  major: string;
  minor: string;
  platform?: string;
}

export interface Discovery {
  serverVersion: ServerVersion;
  resources: ServedResource[];
  /** Every version the server serves, per group (`apps/v1`): rules on API versions no longer served read it. */
  groupVersions: string[];
  undiscovered: UndiscoveredGroup[];
}

interface ApiResourceEntry {
  name?: unknown;
  kind?: unknown;
  namespaced?: unknown;
  verbs?: unknown;
}

/**
 * What kubectl api-resources sees: /api and /apis name the groups and their preferred versions,
 * and each preferred version lists its resources. Subresources (`pods/log`) and resources that
 * cannot be listed (reviews, bindings) are left out: a scan reads objects, it creates nothing.
 */
export async function discover(client: ApiClient, concurrency: number): Promise<Discovery> {
  const version = await required(client, '/version');
  const serverVersion = versionOf(version);
  const core = (await required(client, '/api')) as { versions?: unknown };
  const groups = (await required(client, '/apis')) as { groups?: unknown };
  const groupVersions: string[] = [];
  const preferred: { group: string; version: string; path: string }[] = [];
  const coreVersions = Array.isArray(core.versions) ? core.versions.filter((v) => typeof v === 'string') : [];
  if (coreVersions.includes('v1')) preferred.push({ group: '', version: 'v1', path: '/api/v1' });
  groupVersions.push(...coreVersions);
  for (const entry of Array.isArray(groups.groups) ? groups.groups : []) {
    const name = entry?.name;
    const versions: unknown[] = Array.isArray(entry?.versions) ? entry.versions : [];
    if (typeof name !== 'string') continue;
    for (const v of versions) {
      const gv = (v as { groupVersion?: unknown })?.groupVersion;
      if (typeof gv === 'string') groupVersions.push(gv);
    }
    const chosen = entry?.preferredVersion?.version ?? (versions[0] as { version?: unknown } | undefined)?.version;
    if (typeof chosen === 'string') preferred.push({ group: name, version: chosen, path: `/apis/${name}/${chosen}` });
  }
  const undiscovered: UndiscoveredGroup[] = [];
  const lists = await mapLimit(preferred, concurrency, async (gv) => {
    const groupVersion = gv.group ? `${gv.group}/${gv.version}` : gv.version;
    let response: Awaited<ReturnType<ApiClient['get']>>;
    try {
      response = await client.get(gv.path);
    } catch (error) {
      undiscovered.push({ groupVersion, reason: error instanceof Error ? error.message : 'no answer' });
      return [];
    }
    if (response.status !== 200) {
      undiscovered.push({
        groupVersion,
        reason: `HTTP ${response.status} ${statusReason(response.body) ?? ''}`.trim(),
      });
      return [];
    }
    const entries: ApiResourceEntry[] = (response.body as { resources?: ApiResourceEntry[] })?.resources ?? [];
    return entries.flatMap((entry): ServedResource[] => {
      const { name, kind, namespaced, verbs } = entry;
      if (typeof name !== 'string' || name.includes('/') || typeof kind !== 'string') return [];
      if (!Array.isArray(verbs) || !verbs.includes('list')) return [];
      return [{ group: gv.group, version: gv.version, resource: name, kind, namespaced: namespaced === true }];
    });
  });
  const resources = lists.flat().filter((r) => !DUPLICATES.has(`${r.group}/${r.resource}`));
  resources.sort((a, b) => key(a).localeCompare(key(b)));
  undiscovered.sort((a, b) => a.groupVersion.localeCompare(b.groupVersion));
  return { serverVersion, resources, groupVersions: [...new Set(groupVersions)].sort(), undiscovered };
}

/**
 * Resources served twice under other groups: events.k8s.io Events are the core Events again. The
 * core copy is kept, as kubectl get events shows it.
 */
const DUPLICATES = new Set(['events.k8s.io/events']);

function key(r: ServedResource): string {
  return `${r.group}/${r.resource}`;
}

async function required(client: ApiClient, apiPath: string): Promise<unknown> {
  const response = await client.get(apiPath);
  if (response.status === 401) throw new ClusterError(`${apiPath}: unauthorized (401): the credentials were refused`);
  if (response.status !== 200) throw new ClusterError(`${apiPath}: HTTP ${response.status}`);
  return response.body;
}

function versionOf(body: unknown): ServerVersion {
  const v = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    gitVersion: text(v.gitVersion),
    major: text(v.major),
    minor: text(v.minor),
    ...(typeof v.platform === 'string' ? { platform: v.platform } : {}),
  };
}
