/**
 * The RBAC objects every cluster has: the bootstrap policy kube-apiserver creates (and reconciles)
 * at start, by Kubernetes version. The analysis adds those the input does not define itself, so a
 * binding to cluster-admin, edit or a controller's role grants what it grants in a real cluster.
 */
import type { KubeObject, Resource } from '../../../core/resource.js';
import { CLUSTER_ROLES } from './cluster-roles.js';
import { CONTROLLER_ROLES } from './controller-roles.js';
import { BINDINGS, NAMESPACED_ROLES } from './namespaced.js';
import { type PolicyEntry, parsePolicy } from './policy-text.js';

/** The newest Kubernetes minor version the policy is written for; the default target. */
export const LATEST_POLICY_MINOR = 37;

const CONTROLLER_PREFIX = 'system:controller:';

let entries: PolicyEntry[] | undefined;

/** Every object of the policy, with the version it appeared in; the controllers' bindings derived from their roles. */
function allEntries(): PolicyEntry[] {
  if (entries) return entries;
  const controllers = parsePolicy(CONTROLLER_ROLES);
  const bindings = controllers.map(({ object, since }) => {
    const name = object.metadata?.name ?? '';
    return {
      since,
      object: {
        apiVersion: object.apiVersion,
        kind: 'ClusterRoleBinding',
        metadata: { name, labels: { ...object.metadata?.labels } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects: [{ kind: 'ServiceAccount', name: name.slice(CONTROLLER_PREFIX.length), namespace: 'kube-system' }],
      } satisfies KubeObject,
    };
  });
  entries = [...parsePolicy(CLUSTER_ROLES), ...controllers, ...parsePolicy(NAMESPACED_ROLES), ...parsePolicy(BINDINGS)];
  entries.push(...bindings);
  return entries;
}

/** `v1.34`, `1.34` or `latest` to a minor version; undefined when it is none of those. */
export function policyMinor(version: string | undefined): number | undefined {
  if (version === undefined || version === 'latest') return LATEST_POLICY_MINOR;
  const match = /^v?1\.(\d{1,3})$/.exec(version);
  return match ? Math.min(Number(match[1]), LATEST_POLICY_MINOR) : undefined;
}

const byMinor = new Map<number, readonly Resource[]>();

/**
 * The bootstrap policy of one Kubernetes minor version, as resources whose origin names it. The
 * rules are those of the newest policy: roles and bindings that appeared later are left out.
 */
export function bootstrapPolicy(minor: number = LATEST_POLICY_MINOR): readonly Resource[] {
  let resources = byMinor.get(minor);
  if (!resources) {
    const origin = { kind: 'cluster', context: `the Kubernetes v1.${minor} bootstrap policy` } as const;
    resources = allEntries()
      .filter((entry) => entry.since <= minor)
      .map((entry) => ({ object: entry.object, origin }));
    byMinor.set(minor, resources);
  }
  return resources;
}

/** The minor version a bootstrap role first appeared in, or undefined when no version has it. */
export function bootstrapRoleSince(kind: string, namespace: string, name: string): number | undefined {
  for (const { object, since } of allEntries()) {
    if (object.kind !== kind || object.metadata?.name !== name) continue;
    if (kind === 'Role' && object.metadata?.namespace !== namespace) continue;
    return since;
  }
  return undefined;
}
