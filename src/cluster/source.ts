import { CLUSTER_INFO_API_VERSION, CLUSTER_INFO_KIND } from '../core/cluster-info.js';
import type { KubeObject, Resource } from '../core/resource.js';
import { type Result, SYSTEM_RESULT_IDS } from '../core/result.js';
import type { Collection } from './collection.js';

/**
 * A collection — read live or from a snapshot — as the scan's source. Both give the same
 * resources and the same skipped kinds, so the live scan and the scan of its snapshot agree.
 */
export function collectionSource(collection: Collection): {
  load(): Promise<{ resources: Resource[]; problems: Result[] }>;
} {
  return {
    load: async () => {
      const origin = { kind: 'cluster', context: collection.context } as const;
      const resources: Resource[] = collection.objects.map((object) => ({ object, origin }));
      // a cluster of which nothing could be read is nothing scanned (exit 3), not a scan of its facts alone
      if (resources.length > 0) resources.push({ object: clusterInfo(collection), origin });
      return { resources, problems: skippedResults(collection) };
    },
  };
}

/** The facts only a cluster has, as the object version rules read (see core/cluster-info.ts). */
function clusterInfo(collection: Collection): KubeObject {
  return {
    apiVersion: CLUSTER_INFO_API_VERSION,
    kind: CLUSTER_INFO_KIND,
    metadata: { name: collection.cluster },
    serverVersion: collection.serverVersion,
    groupVersions: collection.groupVersions,
    ...(collection.namespace ? { namespace: collection.namespace } : {}),
  };
}

/** Every kind or group the scan could not read, as a skip with its reason: never a silent gap. */
export function skippedResults(collection: Collection): Result[] {
  const kinds = collection.skipped.map((s) => {
    const groupVersion = s.group ? `${s.group}/${s.version}` : s.version;
    return skip(`${s.resource} (${s.kind}, ${groupVersion}) was not read: ${s.reason}`, s.reason);
  });
  const groups = collection.undiscovered.map((g) =>
    skip(`the resources of ${g.groupVersion} could not be discovered: ${g.reason}`, g.reason),
  );
  return [...groups, ...kinds];
}

function skip(message: string, reason: string): Result {
  return { ruleId: SYSTEM_RESULT_IDS.kindSkipped, verdict: 'skip', severity: 'info', message, skipReason: reason };
}
