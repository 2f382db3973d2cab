import type { Inventory } from '../core/inventory.js';
import type { KubeObject } from '../core/resource.js';
import { CLUSTER_INFO_API_VERSION, CLUSTER_INFO_KIND } from './kubernetes-releases.js';

/**
 * What the control-plane redundancy rules read: the objects a cluster scan (or its snapshot)
 * collects about the control plane. They judge only when a ClusterInfo object says the inventory is
 * a cluster's: a file of manifests that happens to hold one Node says nothing about the others.
 */
export interface ClusterScope {
  /** The API server's `gitVersion`, which names some managed offerings (`-gke.`, `-eks-`). */
  gitVersion: string | undefined;
}

export function clusterScope(inventory: Inventory): ClusterScope | undefined {
  const info = inventory.ofKind(CLUSTER_INFO_KIND).find((r) => r.object.apiVersion === CLUSTER_INFO_API_VERSION);
  if (!info) return undefined;
  const serverVersion = info.object.serverVersion;
  const gitVersion = (serverVersion as { gitVersion?: unknown } | undefined)?.gitVersion;
  return { gitVersion: typeof gitVersion === 'string' ? gitVersion : undefined };
}

export function label(object: KubeObject, key: string): string | undefined {
  const labels = object.metadata?.labels;
  if (typeof labels !== 'object' || labels === null || !Object.hasOwn(labels, key)) return undefined;
  const value = labels[key];
  return typeof value === 'string' ? value : undefined;
}

/** kubeadm and most installers label control-plane nodes so; `master` is the label before v1.24. */
export const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

export function isControlPlaneNode(object: KubeObject): boolean {
  return object.apiVersion === 'v1' && CONTROL_PLANE_LABELS.some((key) => label(object, key) !== undefined);
}

/** The one the rule judges on among several equivalent objects: the first by name, so results are stable. */
export function firstByName(objects: readonly KubeObject[]): KubeObject | undefined {
  let first: KubeObject | undefined;
  for (const object of objects) {
    const name = object.metadata?.name ?? '';
    if (first === undefined || name < (first.metadata?.name ?? '')) first = object;
  }
  return first;
}
