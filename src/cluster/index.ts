/** Read-only access to a live cluster, and snapshots of what was read. */
export { ClusterError } from './api-client.js';
export type { SkippedKind } from './collect.js';
export { type Collection, discoverServed, type ReadOptions, readCluster } from './collection.js';
export type { ServedResource, ServerVersion } from './discovery.js';
export { minimalRole } from './role.js';
export { sanitize } from './sanitize.js';
export { isSnapshotFile, readSnapshot, writeSnapshot } from './snapshot.js';
export { collectionSource, skippedResults } from './source.js';
