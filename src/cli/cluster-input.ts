import type { Command } from 'commander';
import type { Resource } from '../core/resource.js';
import type { Result } from '../core/result.js';
import { SYSTEM_RESULT_IDS } from '../core/result.js';
import { clusterErrors } from './cluster-errors.js';
import { type Io, UsageError } from './io.js';

/** `--cluster` and kubectl's flags, for commands that read files by default (rbac, netpol, pss). */
export interface ClusterInputFlags {
  cluster?: boolean;
  kubeconfig?: string;
  context?: string;
}

export function clusterInputOptions(command: Command): Command {
  return command
    .option('--cluster', 'read the live cluster of the kubeconfig instead of files (read-only, every namespace)')
    .option('--kubeconfig <file>', 'with --cluster: kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster)')
    .option('--context <name>', 'with --cluster: kubeconfig context');
}

/**
 * The live cluster (`--cluster`, or `--kubeconfig`/`--context` alone) or a snapshot given as the
 * one path, read as `rampart cluster scan` reads them (`only`: just these `group/resource`s);
 * undefined when the command reads files.
 * Kinds that could not be read are warned about on stderr, as the cluster scan does.
 */
export async function clusterInput(
  paths: readonly string[],
  flags: ClusterInputFlags,
  io: Io,
  only?: ReadonlySet<string>,
): Promise<{ resources: Resource[]; problems: Result[] } | undefined> {
  const live = flags.cluster === true || flags.kubeconfig !== undefined || flags.context !== undefined;
  const cluster = await import('../cluster/index.js');
  let loaded: { resources: Resource[]; problems: Result[] } | undefined;
  if (live) {
    if (paths.length > 0) throw new UsageError('read either the cluster (--cluster) or files, not both');
    const collection = await clusterErrors(() =>
      cluster.readCluster({
        env: io.env,
        cwd: io.cwd,
        ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
        ...(flags.context !== undefined ? { context: flags.context } : {}),
        ...(only ? { only } : {}),
      }),
    );
    loaded = await cluster.collectionSource(collection).load();
  } else if (paths.length === 1 && paths[0] !== '-' && cluster.isSnapshotFile(paths[0] as string)) {
    const collection = await clusterErrors(() => cluster.readSnapshot(paths[0] as string));
    // a kind the snapshot could not read matters only to a command that reads it
    if (only) collection.skipped = collection.skipped.filter((s) => only.has(`${s.group}/${s.resource}`));
    loaded = await cluster.collectionSource(collection).load();
  }
  for (const problem of loaded?.problems ?? [])
    if (problem.ruleId === SYSTEM_RESULT_IDS.kindSkipped) io.stderr.write(`rampart: warning: ${problem.message}\n`);
  return loaded;
}

/**
 * Files, or what clusterInput read: a command needs one of them; `-n` places manifests, so it has
 * no meaning for a cluster's objects, which have their namespaces.
 */
export function requireInput<T>(
  paths: readonly string[],
  flags: { namespace?: string },
  fromCluster: T | undefined,
): T | undefined {
  if (fromCluster !== undefined && flags.namespace !== undefined)
    throw new UsageError("-n places manifests in a namespace; a cluster's objects have theirs");
  if (fromCluster === undefined && paths.length === 0)
    throw new UsageError('give files, directories or - for stdin, a cluster snapshot, or --cluster');
  return fromCluster;
}
