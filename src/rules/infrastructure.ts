/**
 * Infrastructure is not an application: node agents, ingress controllers, gateways and mesh
 * proxies run by design with settings an application should not have. These recognisers say
 * what a workload is from what it does (its pod spec, its images, its place in the input), so
 * the hardening rules can lower or drop a finding and say why. Names alone never decide: a
 * container called istio-proxy must also run Istio's proxy image or arguments.
 */
import type { Inventory } from '../core/inventory.js';
import type { ContainerRef, PodTemplate } from '../core/pod-spec.js';
import { containersOf } from '../core/pod-spec.js';
import type { KubeObject } from '../core/resource.js';
import { trimSlash } from './host-path-exposure.js';
import { parseImage } from './workload-image.js';
import { fieldsOf } from './workload-support.js';

function imageRepository(ref: ContainerRef): string {
  const image = ref.container.image;
  return typeof image === 'string' ? parseImage(image).repository : '';
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function envNames(ref: ContainerRef): string[] {
  const env = ref.container.env;
  if (!Array.isArray(env)) return [];
  return env.map((entry) => fieldsOf(entry)?.name).filter((name): name is string => typeof name === 'string');
}

export type MeshProxy = { mesh: 'Istio'; id: 1337 } | { mesh: 'Linkerd'; id: 2102 };

/**
 * The service-mesh proxy a container is, if any. Istio's proxy runs as UID and GID 1337 and
 * Linkerd's as UID 2102 by design: the iptables rules that redirect the pod's traffic exempt
 * that UID, so the proxy's own traffic is not looped back into it.
 */
export function meshProxyOf(ref: ContainerRef): MeshProxy | undefined {
  const repository = imageRepository(ref);
  const args = stringsOf(ref.container.args);
  if (ref.name === 'istio-proxy' && (repository.endsWith('/proxyv2') || args.includes('proxy')))
    return { mesh: 'Istio', id: 1337 };
  if (ref.name === 'linkerd-proxy' && envNames(ref).some((name) => name.startsWith('LINKERD2_PROXY_')))
    return { mesh: 'Linkerd', id: 2102 };
  return undefined;
}

const INGRESS_CONTROLLER_ARGS = ['--ingress-class', '--controller-class', '--election-id'];
const INGRESS_CONTROLLER_IMAGES = [
  '/ingress-nginx/controller',
  '/nginx-ingress',
  '/traefik',
  '/haproxy-ingress',
  '/kong',
  '/contour',
  '/envoy',
];

/**
 * What makes a pod an entry point meant to be public, in words for a message; undefined when
 * it is an application. An ingress controller (its arguments, its image, or an IngressClass of
 * the input naming a controller it runs), an Istio ingress gateway (by the `istio` label its
 * Gateway objects select), or a pod a Gateway API Gateway of the input is served by.
 */
export function publicEntryPoint(pod: PodTemplate, inventory: Inventory): string | undefined {
  const labels = fieldsOf(pod.metadata.labels) ?? {};
  if (labels.istio === 'ingressgateway' || labels['gateway.istio.io/managed'] !== undefined)
    return 'an Istio ingress gateway';
  if (typeof labels['gateway.networking.k8s.io/gateway-name'] === 'string') return 'a Gateway API gateway';
  for (const ref of containersOf(pod)) {
    const args = [...stringsOf(ref.container.args), ...stringsOf(ref.container.command)];
    if (args.some((arg) => arg.endsWith('/nginx-ingress-controller') || arg === '/nginx-ingress-controller'))
      return 'an ingress controller';
    if (args.some((arg) => INGRESS_CONTROLLER_ARGS.some((flag) => arg.startsWith(`${flag}=`) || arg === flag)))
      return 'an ingress controller';
    const repository = imageRepository(ref);
    if (INGRESS_CONTROLLER_IMAGES.some((suffix) => repository.endsWith(suffix))) return 'an ingress controller';
  }
  for (const resource of inventory.ofKind('IngressClass')) {
    const controller = fieldsOf(resource.object.spec)?.controller;
    if (typeof controller !== 'string') continue;
    const name = controller.slice(controller.lastIndexOf('/') + 1);
    if (name && containersOf(pod).some((ref) => imageRepository(ref).includes(name)))
      return 'an ingress controller (IngressClass controller in the input)';
  }
  return undefined;
}

const CNI_PATHS = ['/etc/cni/net.d', '/opt/cni/bin', '/etc/cni', '/opt/cni'];

/** Whether a toleration tolerates every taint (`operator: Exists` without a key). */
function toleratesEverything(pod: PodTemplate): boolean {
  const tolerations = pod.spec.tolerations;
  return (
    Array.isArray(tolerations) &&
    tolerations.some((t) => {
      const fields = fieldsOf(t);
      return fields?.operator === 'Exists' && (fields.key === undefined || fields.key === '') && !fields.effect;
    })
  );
}

/**
 * What kind of node agent a workload is, in words for a message; undefined when it is none. A
 * node agent is a DaemonSet (one pod per node) that reaches into its node: host network, host
 * PID, or hostPath volumes. One that writes the CNI configuration or plugins is a CNI plugin.
 */
export function nodeAgentKind(object: KubeObject, pod: PodTemplate): string | undefined {
  return object.kind === 'DaemonSet' ? nodeAgentOf(pod) : undefined;
}

/** What kind of node agent a pod that runs on every node is (see nodeAgentKind). */
function nodeAgentOf(pod: PodTemplate): string | undefined {
  const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
  const hostPaths = volumes
    .map((volume) => fieldsOf(fieldsOf(volume)?.hostPath)?.path)
    .filter((path): path is string => typeof path === 'string');
  if (hostPaths.some((path) => CNI_PATHS.includes(trimSlash(path)))) return 'a CNI node agent';
  if (pod.spec.hostNetwork === true || pod.spec.hostPID === true || hostPaths.length > 0 || toleratesEverything(pod))
    return 'a node agent';
  return undefined;
}

/** Priority classes the API server creates for the cluster's own components. */
const SYSTEM_PRIORITY_CLASSES = new Set(['system-node-critical', 'system-cluster-critical']);

/**
 * Images of the components every distribution runs in kube-system, by how their repository ends:
 * control plane, cluster DNS, kube-proxy, metrics, autoscaling, the API server's network proxy,
 * and the controllers of the common CNIs. Suffixes keep their project's path (or registry, for
 * etcd) where the image name alone is a common word.
 */
const SYSTEM_IMAGES: readonly [string, string][] = [
  ['/kube-apiserver', 'the API server'],
  ['/kube-controller-manager', 'the controller manager'],
  ['/kube-scheduler', 'the scheduler'],
  ['registry.k8s.io/etcd', 'etcd'],
  ['k8s.gcr.io/etcd', 'etcd'],
  ['/cloud-controller-manager', 'a cloud controller manager'],
  ['/kube-proxy', 'kube-proxy'],
  ['/coredns', 'the cluster DNS (CoreDNS)'],
  ['/k8s-dns-kube-dns', 'the cluster DNS (kube-dns)'],
  ['/k8s-dns-node-cache', 'the node-local DNS cache'],
  ['/cluster-proportional-autoscaler', 'the DNS autoscaler'],
  ['/metrics-server', 'metrics-server'],
  ['/cluster-autoscaler', 'the cluster autoscaler'],
  ['/kas-network-proxy/proxy-agent', 'the API server network proxy agent'],
  ['/calico/kube-controllers', "Calico's controllers"],
  ['/cilium/operator-generic', "Cilium's operator"],
  ['/cilium/operator-aws', "Cilium's operator"],
  ['/cilium/operator-azure', "Cilium's operator"],
];

/**
 * What makes a workload part of the cluster itself, in words for a message; undefined when
 * nothing does. A kubelet's static pod (its mirror annotation), a pod the API server ranks
 * system-critical (priority classes only the cluster's components are given), a node agent, or
 * the image of a component every distribution runs in kube-system. A name alone never decides.
 */
export function systemComponentOf(object: KubeObject, pod: PodTemplate): string | undefined {
  const annotations = fieldsOf(pod.metadata.annotations);
  if (object.kind === 'Pod' && typeof annotations?.['kubernetes.io/config.mirror'] === 'string')
    return 'a static pod the kubelet runs';
  const priority = pod.spec.priorityClassName;
  if (typeof priority === 'string' && SYSTEM_PRIORITY_CLASSES.has(priority))
    return `a system component (priorityClassName ${priority})`;
  const agent = runsOnEveryNode(object) ? nodeAgentOf(pod) : undefined;
  if (agent) return agent;
  for (const ref of containersOf(pod, ['containers'])) {
    const repository = imageRepository(ref);
    const component = SYSTEM_IMAGES.find(([suffix]) => repository.endsWith(suffix));
    if (component) return component[1];
    if (repository.includes('/sig-storage/csi-')) return 'a CSI storage driver';
  }
  return undefined;
}

/** A DaemonSet, or one of its pods (as a cluster dump lists them). */
function runsOnEveryNode(object: KubeObject): boolean {
  if (object.kind === 'DaemonSet') return true;
  const owners = object.kind === 'Pod' ? object.metadata?.ownerReferences : undefined;
  return Array.isArray(owners) && owners.some((owner) => fieldsOf(owner)?.kind === 'DaemonSet');
}
