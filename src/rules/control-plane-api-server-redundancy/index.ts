import { isRecord } from '../../core/pod-spec.js';
import type { KubeObject } from '../../core/resource.js';
import { defineRule, NOT_APPLICABLE } from '../../core/rule.js';
import { clusterScope, firstByName, label } from '../control-plane-topology.js';

type MessageId = 'singleEndpoint';

const SERVICE_NAME = 'kubernetes.io/service-name';

/**
 * Managed control planes whose API servers all answer behind one address: the `kubernetes`
 * Service then lists that one address whatever the tier, so its count says nothing there.
 */
const ONE_ADDRESS_PROVIDERS = /-gke\.|-eks-/;

const isApiServerSlice = (object: KubeObject) =>
  object.kind === 'EndpointSlice' &&
  object.apiVersion.startsWith('discovery.k8s.io/') &&
  object.metadata?.namespace === 'default' &&
  label(object, SERVICE_NAME) === 'kubernetes';

const isApiServerEndpoints = (object: KubeObject) =>
  object.kind === 'Endpoints' &&
  object.apiVersion === 'v1' &&
  object.metadata?.namespace === 'default' &&
  object.metadata?.name === 'kubernetes';

/**
 * Each API server writes its own address into the `kubernetes` Service's endpoints (the lease
 * reconciler, the default since v1.11) and removes it when it stops renewing its lease, so the
 * ready addresses are the API servers that are up. A dual-stack cluster lists each server once per
 * address family: the count is that of the family with the most.
 */
function sliceAddresses(slices: readonly KubeObject[]): number {
  const byFamily = new Map<string, Set<string>>();
  for (const slice of slices) {
    const family = typeof slice.addressType === 'string' ? slice.addressType : '';
    const set = byFamily.get(family) ?? new Set<string>();
    byFamily.set(family, set);
    for (const endpoint of Array.isArray(slice.endpoints) ? slice.endpoints : []) {
      if (!isRecord(endpoint) || !Array.isArray(endpoint.addresses)) continue;
      if (isRecord(endpoint.conditions) && endpoint.conditions.ready === false) continue;
      for (const address of endpoint.addresses) if (typeof address === 'string') set.add(address);
    }
  }
  return Math.max(0, ...[...byFamily.values()].map((set) => set.size));
}

function endpointsAddresses(endpoints: KubeObject): number {
  const addresses = new Set<string>();
  for (const subset of Array.isArray(endpoints.subsets) ? endpoints.subsets : []) {
    if (!isRecord(subset) || !Array.isArray(subset.addresses)) continue;
    for (const address of subset.addresses)
      if (isRecord(address) && typeof address.ip === 'string') addresses.add(address.ip);
  }
  return addresses.size;
}

export const controlPlaneApiServerRedundancy = defineRule<MessageId>({
  meta: {
    id: 'control-plane-api-server-redundancy',
    title: 'More than one API server answers for the cluster',
    description:
      'Counts the ready addresses of the `kubernetes` Service in `default` — its EndpointSlices labelled `kubernetes.io/service-name=kubernetes`, or its Endpoints when no slice was read — where every API server writes its own address, and reports a cluster that lists one. Judged in a cluster scan or its snapshot only, on the first of those slices; GKE and EKS (recognised by the server version) answer behind one address whatever their tier and are skipped. A file scan has none of these objects and gets no result.',
    rationale:
      'With one API server, its node, its process or its certificate is a single point of failure: while it is down nothing in the cluster can change — controllers stop reconciling, pods of a failed node are not rescheduled, no credential can be revoked and no incident fixed through the API — and every control-plane upgrade or security patch is an outage, so patches wait.',
    remediation:
      'Run at least two API servers (three control-plane nodes with kubeadm: `kubeadm join --control-plane`), each advertising its own address, behind a load balancer that clients use as the cluster endpoint. On a managed offering choose its highly available (regional, zone-redundant) tier. If the one address is already a load balancer over several API servers, record that with an exception.',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: { mitre: ['T1499'] },
    kinds: ['EndpointSlice', 'Endpoints'],
    messages: {
      singleEndpoint:
        'the kubernetes Service lists one ready API server address: unless that address balances over several API servers, the control plane is down whenever that server is',
    },
    references: [
      'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/',
      'https://kubernetes.io/docs/tasks/administer-cluster/highly-available-control-plane/',
    ],
  },
  check({ object, inventory }) {
    const slice = isApiServerSlice(object);
    if (!slice && !isApiServerEndpoints(object)) return NOT_APPLICABLE;
    const scope = clusterScope(inventory);
    if (!scope) return NOT_APPLICABLE;
    const slices = inventory
      .inNamespace('default')
      .map((r) => r.object)
      .filter(isApiServerSlice);
    // one result per cluster: on the first slice, or on the Endpoints when no slice was read
    if (slice ? object !== firstByName(slices) : slices.length > 0) return NOT_APPLICABLE;
    if (scope.gitVersion && ONE_ADDRESS_PROVIDERS.test(scope.gitVersion))
      return { skip: 'a GKE or EKS control plane answers behind one address whatever its tier' };
    const count = slice ? sliceAddresses(slices) : endpointsAddresses(object);
    if (count === 0) return { skip: 'the kubernetes Service lists no ready address' };
    if (count > 1) return [];
    return [{ path: [slice ? 'endpoints' : 'subsets'], messageId: 'singleEndpoint' }];
  },
});
