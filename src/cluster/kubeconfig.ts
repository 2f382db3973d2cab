import { existsSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterError } from './api-client.js';

export interface ConnectionOptions {
  /** `--kubeconfig`: one file, as kubectl takes it; else KUBECONFIG (several files), ~/.kube/config, in-cluster. */
  kubeconfig?: string;
  /** `--context`; else the current context. */
  context?: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface Connection {
  config: KubeConfig;
  /** The context's name (`in-cluster` inside a pod): the origin every collected object carries. */
  context: string;
  /** The kubeconfig's name of the cluster (`inCluster` in a pod): two users of one cluster share it. */
  cluster: string;
  server: string;
}

/**
 * kubectl's order: --kubeconfig, then every file of KUBECONFIG merged (the first file's current
 * context wins), then ~/.kube/config, then the pod's service account. Client certificates, bearer
 * tokens, token files and exec credential plugins are client-node's, as kubectl reads them. The
 * environment is the command's (`io.env`), not the process's, so tests choose it.
 */
export function connect(options: ConnectionOptions): Connection {
  const config = new KubeConfig();
  const files = kubeconfigFiles(options);
  try {
    if (files.length > 0) {
      config.loadFromFile(files[0] as string);
      for (const file of files.slice(1)) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        config.mergeConfig(more, true);
      }
    } else if (options.env.KUBERNETES_SERVICE_HOST && options.env.KUBERNETES_SERVICE_PORT) {
      config.loadFromCluster();
    } else {
      throw new ClusterError(
        'no kubeconfig: give --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run in a pod with a service account',
      );
    }
  } catch (error) {
    if (error instanceof ClusterError) throw error;
    // client-node's parse errors may quote the file, which holds credentials
    throw new ClusterError(`the kubeconfig could not be read (${files.join(', ') || 'in-cluster'})`);
  }
  if (options.context !== undefined) {
    if (!config.getContextObject(options.context))
      throw new ClusterError(`no context "${options.context}" in the kubeconfig (see kubectl config get-contexts)`);
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster?.server) throw new ClusterError('the kubeconfig has no current context with a cluster server');
  const context = files.length > 0 ? config.getCurrentContext() : 'in-cluster';
  return { config, context, cluster: cluster.name, server: cluster.server };
}

function kubeconfigFiles(options: ConnectionOptions): string[] {
  if (options.kubeconfig !== undefined) {
    const file = path.resolve(options.cwd, options.kubeconfig);
    if (!existsSync(file)) throw new ClusterError(`--kubeconfig ${options.kubeconfig}: no such file`);
    return [file];
  }
  const list = options.env.KUBECONFIG;
  if (list) {
    // kubectl skips KUBECONFIG entries that do not exist
    const files = list
      .split(path.delimiter)
      .filter(Boolean)
      .map((file) => path.resolve(options.cwd, file))
      .filter((file) => existsSync(file));
    if (files.length === 0) throw new ClusterError('none of the files in KUBECONFIG exists');
    return files;
  }
  const home = options.env.HOME;
  const file = home ? path.join(home, '.kube', 'config') : undefined;
  return file && existsSync(file) ? [file] : [];
}
