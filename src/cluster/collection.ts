import type { KubeObject } from '../core/resource.js';
import { ApiClient, type ApiClientOptions } from './api-client.js';
import { type CollectOptions, collect, type SkippedKind } from './collect.js';
import { discover, type ServedResource, type ServerVersion, type UndiscoveredGroup } from './discovery.js';
import { type ConnectionOptions, connect } from './kubeconfig.js';
import { isRead } from './role.js';

/** Everything one read of a cluster gave: what a scan judges and what a snapshot keeps. */
export interface Collection {
  /** The kubeconfig context read (`in-cluster` in a pod): every object's origin names it. */
  context: string;
  /** The kubeconfig's name of the cluster: names the ClusterInfo object, the same for every user of it. */
  cluster: string;
  /** `-n`: only this namespace's namespaced objects were read. */
  namespace?: string;
  serverVersion: ServerVersion;
  /** Every group version the server serves (`apps/v1`, `v1`). */
  groupVersions: string[];
  /** The resources listed, at their preferred versions. */
  resources: ServedResource[];
  undiscovered: UndiscoveredGroup[];
  skipped: SkippedKind[];
  /** Sanitized: no managed fields, no last-applied annotation, no Secret values but public certificates. */
  objects: KubeObject[];
}

export interface ReadOptions extends ConnectionOptions, CollectOptions, ApiClientOptions {
  /** Told when discovery ends and after each kind, for the progress line on a terminal. */
  onDiscovered?: (kinds: number) => void;
  /** Only these resources (`group/resource`, `/secrets` for the core group): a command that reads a few kinds. */
  only?: ReadonlySet<string>;
}

/** Connects with the kubeconfig, discovers, lists: the live cluster as a Collection. */
export async function readCluster(options: ReadOptions): Promise<Collection & { requests: number }> {
  const connection = connect(options);
  const client = new ApiClient(connection.config, connection.server, options);
  const concurrency = options.concurrency ?? 4;
  const discovered = await discover(client, concurrency);
  const wanted = (r: ServedResource) => isRead(r) && (!options.only || options.only.has(`${r.group}/${r.resource}`));
  const discovery = { ...discovered, resources: discovered.resources.filter(wanted) };
  options.onDiscovered?.(discovery.resources.length);
  const { objects, skipped } = await collect(client, discovery, options);
  return {
    context: connection.context,
    cluster: connection.cluster,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    serverVersion: discovery.serverVersion,
    groupVersions: discovery.groupVersions,
    resources: discovery.resources,
    undiscovered: discovery.undiscovered,
    skipped,
    objects,
    requests: client.requests,
  };
}

/** The resources a scan of this cluster reads, from discovery alone: `cluster role --discover`. */
export async function discoverServed(options: ConnectionOptions & ApiClientOptions): Promise<ServedResource[]> {
  const connection = connect(options);
  const client = new ApiClient(connection.config, connection.server, options);
  return (await discover(client, 4)).resources.filter(isRead);
}
