/**
 * The facts of a cluster that are no object of its API — the server's version, the API versions it
 * serves — as one object a cluster scan (and a scan of its snapshot) adds to the inventory, so
 * rules read them as they read any object: `ClusterInfo/<cluster>`, named as the kubeconfig names the
 * cluster. File scans have none.
 */
export const CLUSTER_INFO_API_VERSION = 'rampart.dev/v1alpha1';
export const CLUSTER_INFO_KIND = 'ClusterInfo';
