import path from 'node:path';
import { stringify } from 'yaml';
import {
  type Collection,
  collectionSource,
  discoverServed,
  minimalRole,
  type ReadOptions,
  readCluster,
  writeSnapshot,
} from '../cluster/index.js';
import type { KubeObject } from '../core/resource.js';
import type { ClusterScanFlags, ConnectionFlags, RoleFlags } from './cluster.js';
import { clusterErrors } from './cluster-errors.js';
import { type Io, UsageError } from './io.js';
import { scanAndReport } from './run-scan.js';
import { namespaceFlag } from './setting-flags.js';

/** `rampart cluster scan`: the live cluster as the source of `rampart scan`'s service and outputs. */
export async function clusterScan(flags: ClusterScanFlags, io: Io): Promise<number> {
  const options = readOptions(flags, io);
  return scanAndReport(flags, io, () => ({ load: async () => collectionSource(await read(options, io)).load() }), {
    fromCluster: true,
  });
}

/** `rampart cluster snapshot -o cluster.json.gz`: what a scan reads, kept for a scan later or elsewhere. */
export async function clusterSnapshot(flags: ConnectionFlags & { output: string }, io: Io): Promise<number> {
  const options = readOptions(flags, io);
  if (flags.output === '-') throw new UsageError('-o: give a file; a snapshot is gzipped and never goes to a terminal');
  const collection = await read(options, io);
  const file = path.resolve(io.cwd, flags.output);
  await writeSnapshot(collection, file);
  for (const skipped of collection.skipped)
    io.stderr.write(`rampart: warning: ${skipped.resource} (${skipped.kind}) was not read: ${skipped.reason}\n`);
  io.stderr.write(
    `rampart: ${collection.objects.length} objects of ${collection.resources.length - collection.skipped.length} kinds from ${collection.context} (${collection.serverVersion.gitVersion}) written to ${flags.output}\n`,
  );
  return 0;
}

/** `rampart cluster role`: the ClusterRole (and binding) a scan needs, as YAML for kubectl apply. */
export async function clusterRole(flags: RoleFlags, io: Io): Promise<number> {
  let served: Collection['resources'] = [];
  if (flags.discover) {
    const connection = {
      env: io.env,
      cwd: io.cwd,
      ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
      ...(flags.context !== undefined ? { context: flags.context } : {}),
    };
    served = await clusterErrors(() => discoverServed(connection));
  }
  const documents: KubeObject[] = [minimalRole(served, flags.name)];
  if (flags.serviceAccount !== undefined) {
    const [namespace, name, ...rest] = flags.serviceAccount.split('/');
    if (!namespace || !name || rest.length) throw new UsageError('--service-account takes namespace/name');
    documents.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: flags.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: flags.name },
      subjects: [{ kind: 'ServiceAccount', namespace: namespaceFlag(namespace), name }],
    });
  }
  io.stdout.write(documents.map((doc) => stringify(doc)).join('---\n'));
  return 0;
}

function readOptions(flags: ConnectionFlags, io: Io): ReadOptions {
  if (flags.namespace !== undefined && flags.allNamespaces) throw new UsageError('give -n <namespace> or -A, not both');
  let timeoutMs: number | undefined;
  if (flags.requestTimeout !== undefined) {
    const seconds = Number(flags.requestTimeout);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new UsageError('--request-timeout takes a positive number of seconds');
    timeoutMs = seconds * 1000;
  }
  let pageSize: number | undefined;
  if (flags.chunkSize !== undefined) {
    pageSize = Number(flags.chunkSize);
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new UsageError('--chunk-size takes a positive whole number');
  }
  return {
    env: io.env,
    cwd: io.cwd,
    ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
    ...(flags.context !== undefined ? { context: flags.context } : {}),
    ...(flags.namespace !== undefined ? { namespace: namespaceFlag(flags.namespace) } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(pageSize ? { pageSize } : {}),
  };
}

/** Reads the cluster, with a progress line on stderr when it is a terminal. */
async function read(options: ReadOptions, io: Io): Promise<Collection> {
  const progress = io.stderrIsTTY
    ? (done: number, total: number, objects: number) =>
        io.stderr.write(`\rrampart: read ${done}/${total} kinds, ${objects} objects${done === total ? '\n' : ''}`)
    : undefined;
  return clusterErrors(() => readCluster({ ...options, ...(progress ? { onKind: progress } : {}) }));
}
