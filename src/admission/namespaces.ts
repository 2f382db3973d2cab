/**
 * Namespace labels for the decisions that depend on them (Pod Security levels, rule modes). The
 * webhook keeps its own small watch of Namespaces instead of asking the API server per request:
 * an answer never waits on a second round trip, and a flood of reviews is not a flood of GETs.
 */
export interface NamespaceLabels {
  /** The labels of a namespace, or undefined when there is no such namespace. */
  labels(name: string): Promise<Readonly<Record<string, string>> | undefined>;
  /** Whether the first list has arrived: until then the webhook is not ready. */
  synced(): boolean;
  stop(): Promise<void>;
}

/** Labels fixed in advance: tests, and `--no-namespace-watch` for a webhook that has no API access. */
export function staticNamespaces(
  map: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
): NamespaceLabels {
  const known = new Map(Object.entries(map));
  return { labels: async (name) => known.get(name), synced: () => true, stop: async () => {} };
}

export interface WatchOptions {
  /** A kubeconfig file; absent: the in-cluster service account, else ~/.kube/config. */
  kubeconfig?: string;
  context?: string;
  /** Told when the watch breaks and when it restarts. */
  log?: (message: string, error?: unknown) => void;
  /** Delay before a broken watch restarts (default 2 s). */
  retryMs?: number;
}

/** Namespaces listed and watched through the API (`list` and `watch` on namespaces, nothing more). */
export async function watchNamespaces(options: WatchOptions = {}): Promise<NamespaceLabels> {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
  else config.loadFromDefault();
  if (options.context) config.setCurrentContext(options.context);
  const api = config.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(config, '/api/v1/namespaces', () => api.listNamespace());
  let synced = false;
  let stopped = false;
  informer.on('error', (error: unknown) => {
    options.log?.('namespace watch broke; restarting', error);
    if (stopped) return;
    setTimeout(() => {
      if (!stopped) informer.start().catch((e: unknown) => options.log?.('namespace watch did not restart', e));
    }, options.retryMs ?? 2000).unref();
  });
  const first = informer.start().then(
    () => {
      synced = true;
    },
    (error: unknown) => options.log?.('namespace list failed; retrying', error),
  );
  // Readiness waits for the list; start() must not keep the server from listening meanwhile.
  void first;
  return {
    labels: async (name) => {
      const cached = informer.get(name);
      if (cached) return cached.metadata?.labels;
      // a namespace created a moment ago may not have reached the watch: ask, as upstream's
      // Pod Security webhook does, rather than judge its pods without its labels
      try {
        return (await api.readNamespace({ name })).metadata?.labels;
      } catch {
        return undefined;
      }
    },
    synced: () => synced || informer.list().length > 0,
    stop: async () => {
      stopped = true;
      await informer.stop();
    },
  };
}
