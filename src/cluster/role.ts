import { BUILT_IN_RESOURCES } from '../core/api-resources.js';
import type { KubeObject } from '../core/resource.js';
import type { ServedResource } from './discovery.js';

/**
 * Built-in resources a scan does not read: requests rather than objects (reviews, bindings), and
 * churn that holds no configuration (events, leases). The collector leaves the same ones out, so
 * a user bound to the printed role reads everything the scan reads.
 */
export const NOT_READ: ReadonlySet<string> = new Set([
  '/bindings',
  '/componentstatuses',
  '/events',
  '/users',
  '/groups',
  'events.k8s.io/events',
  'coordination.k8s.io/leases',
  'coordination.k8s.io/leasecandidates',
  'authentication.k8s.io/tokenreviews',
  'authentication.k8s.io/selfsubjectreviews',
  'authentication.k8s.io/userextras',
  'authentication.k8s.io/uids',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'certificates.k8s.io/signers',
]);

export function isRead(resource: Pick<ServedResource, 'group' | 'resource'>): boolean {
  return !NOT_READ.has(`${resource.group}/${resource.resource}`);
}

/** Custom resources the built-in rules judge (service mesh, Gateway API, CNI policies), by group. */
const KNOWN_CUSTOM_GROUPS: readonly { group: string; resources: readonly string[] }[] = [
  { group: 'gateway.networking.k8s.io', resources: ['gateways'] },
  { group: 'networking.istio.io', resources: ['destinationrules', 'serviceentries'] },
  { group: 'security.istio.io', resources: ['peerauthentications'] },
  {
    group: 'policy.networking.k8s.io',
    resources: ['adminnetworkpolicies', 'baselineadminnetworkpolicies', 'clusternetworkpolicies'],
  },
  { group: 'cilium.io', resources: ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies'] },
  { group: 'crd.projectcalico.org', resources: ['globalnetworkpolicies'] },
];

/**
 * The read-only ClusterRole a scan needs: `list`, and nothing else, on each resource it reads,
 * named one by one (no wildcard, so a new API — or a new verb — is never granted by accident).
 * `served`, from a cluster's discovery, adds its custom resources; without it the role covers the
 * built-in APIs and the custom resources Rampart's rules know. Secrets are listed because TLS
 * certificates and legacy token Secrets are judged; their values are dropped on arrival.
 */
export function minimalRole(served: readonly ServedResource[] = [], name = 'rampart-scanner'): KubeObject {
  const byGroup = new Map<string, Set<string>>();
  const add = (group: string, resource: string) => {
    if (!isRead({ group, resource })) return;
    const set = byGroup.get(group) ?? new Set<string>();
    byGroup.set(group, set);
    set.add(resource);
  };
  for (const type of BUILT_IN_RESOURCES) add(type.group, type.resource);
  for (const known of KNOWN_CUSTOM_GROUPS) for (const resource of known.resources) add(known.group, resource);
  for (const resource of served) add(resource.group, resource.resource);
  const rules = [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, resources]) => ({ apiGroups: [group], resources: [...resources].sort(), verbs: ['list'] }));
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'rampart' } },
    rules,
  };
}
