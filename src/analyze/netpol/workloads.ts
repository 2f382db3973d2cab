import { containersOf, isRecord, podTemplate } from '../../core/pod-spec.js';
import type { KubeObject, Resource } from '../../core/resource.js';
import { PROTOCOLS, type Protocol } from './conn-set.js';
import { IpSet, parseAddress } from './ip-set.js';
import { type ContainerPort, DEFAULT_NAMESPACE, type Problem, type Workload } from './model.js';

/** Kinds whose pods are workloads; PodTemplate carries a pod spec but runs nothing. */
export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;

interface Candidate {
  resource: Resource;
  object: KubeObject;
  namespace: string;
  name: string;
}

interface Group {
  kind: string;
  namespace: string;
  name: string;
  /** The object whose template describes the pods: the controller itself, or its first pod. */
  representative: Candidate;
  /** The pods folded into it (none for a controller whose pods are not in the input). */
  pods: Candidate[];
}

export function namespaceOf(object: KubeObject): string {
  const ns = object.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : DEFAULT_NAMESPACE;
}

/**
 * The workloads of the input, sorted by `ns/name[Kind]`. A pod of a snapshot is represented by
 * the top-most controller of its owner chain that the input holds; when the input holds none, by
 * its controlling owner reference (as `kubectl get pods` shows it: `web-7d9f[ReplicaSet]`). Pods
 * fold only where their labels agree on every key a pod selector uses (`selectorKeys`): a pod
 * relabelled by hand, or pods of one owner that policies tell apart, are workloads of their own.
 */
export function extractWorkloads(
  resources: readonly Resource[],
  problems: Problem[],
  selectorKeys: ReadonlySet<string> = new Set(),
): Workload[] {
  const candidates: Candidate[] = [];
  const byKey = new Map<string, Candidate>();
  for (const resource of resources) {
    const { object } = resource;
    if (!(WORKLOAD_KINDS as readonly string[]).includes(object.kind) || !podTemplate(object)) continue;
    const name = object.metadata?.name;
    if (typeof name !== 'string' || name === '') continue;
    const candidate = { resource, object, namespace: namespaceOf(object), name };
    candidates.push(candidate);
    const key = keyOf(object.kind, candidate.namespace, name);
    if (!byKey.has(key)) byKey.set(key, candidate);
  }

  const groups = new Map<string, Group>();
  const sortedPodsLast = [...candidates].sort((a, b) => rank(a) - rank(b) || compare(a.name, b.name));
  for (const candidate of sortedPodsLast) {
    const top = topOwner(candidate, byKey);
    let kind = top.object.kind;
    let name = top.name;
    if (top === candidate && candidate.object.kind === 'Pod') {
      const owner = controllerOf(candidate.object);
      if (owner) {
        kind = owner.kind;
        name = owner.name;
      }
    }
    const key = keyOf(kind, candidate.namespace, name);
    const group = groups.get(key);
    if (group) {
      // a bare Pod whose name is taken is a second definition, not a sibling
      const sibling = candidate.object.kind === 'Pod' && !(kind === 'Pod' && name === candidate.name);
      if (sibling) group.pods.push(candidate);
      else if (top === candidate) {
        problems.push({
          severity: 'warning',
          message: `${kind} ${candidate.namespace}/${name} is defined more than once; the first definition is analysed`,
          resource: candidate.resource,
        });
      }
      continue;
    }
    groups.set(key, {
      kind,
      namespace: candidate.namespace,
      name,
      representative: top,
      pods: candidate.object.kind === 'Pod' ? [candidate] : [],
    });
  }

  const workloads = [...groups.values()]
    .flatMap((group) => splitByLabels(group, selectorKeys, problems))
    .map(toWorkload);
  workloads.sort((a, b) => compare(a.id, b.id));
  workloads.forEach((workload, index) => {
    workload.index = index;
  });
  return workloads;
}

/**
 * A NetworkPolicy selects pods by their own labels. Pods folded into one workload must therefore
 * agree on every label a pod selector reads: with their controller's template when the input
 * holds it (a pod that differs was relabelled by hand, and stands alone), or with each other when
 * it does not (then none of them can speak for the rest, and each is listed as itself).
 */
function splitByLabels(group: Group, selectorKeys: ReadonlySet<string>, problems: Problem[]): Group[] {
  if (selectorKeys.size === 0 || group.pods.length === 0) return [group];
  const alone = (pod: Candidate): Group => ({
    kind: 'Pod',
    namespace: pod.namespace,
    name: pod.name,
    representative: pod,
    pods: [pod],
  });
  const owner = `${group.kind} ${group.namespace}/${group.name}`;
  if (group.representative.object.kind !== 'Pod') {
    const expected = visibleLabels(group.representative.object, selectorKeys);
    const odd = group.pods.filter((pod) => visibleLabels(pod.object, selectorKeys) !== expected);
    if (odd.length === 0) return [group];
    for (const pod of odd) {
      problems.push({
        severity: 'warning',
        message: `Pod ${pod.namespace}/${pod.name} has labels that policies select on other than its ${owner} template's: it is analysed as a workload of its own`,
        resource: pod.resource,
      });
    }
    return [{ ...group, pods: group.pods.filter((pod) => !odd.includes(pod)) }, ...odd.map(alone)];
  }
  const first = visibleLabels(group.representative.object, selectorKeys);
  if (group.pods.every((pod) => visibleLabels(pod.object, selectorKeys) === first)) return [group];
  problems.push({
    severity: 'warning',
    message: `the Pods of ${owner} differ in labels that policies select on: each Pod is analysed as a workload of its own`,
    resource: group.representative.resource,
  });
  return group.pods.map(alone);
}

/** The pod labels that selectors can see, as one comparable string. */
function visibleLabels(object: KubeObject, keys: ReadonlySet<string>): string {
  const labels = podTemplate(object)?.metadata.labels ?? {};
  const own = (key: string) => Object.hasOwn(labels, key) && labels[key] !== null && labels[key] !== undefined;
  return [...keys].map((key) => (own(key) ? `${key}=${String(labels[key])}` : `${key}\u0000`)).join('\u0001');
}

function toWorkload(group: Group): Workload {
  const { object, resource } = group.representative;
  const ips = group.pods.reduce((set, pod) => set.union(podIps(pod.object)), IpSet.EMPTY);
  const pod = podTemplate(object);
  // fromEntries defines keys, so a `__proto__` label is a label, not the object's prototype
  const labels: Record<string, string> = Object.fromEntries(
    Object.entries(pod?.metadata.labels ?? {}).flatMap(([key, value]) =>
      value === null || value === undefined ? [] : [[key, String(value)]],
    ),
  );
  const ports = pod ? containerPorts(pod) : [];
  const namedPorts = new Map<string, ContainerPort[]>();
  for (const port of ports) {
    if (!port.name) continue;
    const list = namedPorts.get(port.name);
    if (list) list.push(port);
    else namedPorts.set(port.name, [port]);
  }
  return {
    index: 0,
    namespace: group.namespace,
    name: group.name,
    kind: group.kind,
    id: `${group.namespace}/${group.name}[${group.kind}]`,
    labels,
    ports,
    namedPorts,
    ips: ips.isEmpty() ? undefined : ips,
    hostNetwork: pod?.spec.hostNetwork === true,
    resource,
  };
}

function containerPorts(pod: NonNullable<ReturnType<typeof podTemplate>>): ContainerPort[] {
  const out: ContainerPort[] = [];
  // Ephemeral containers cannot declare ports; init containers can (restartable sidecars serve).
  for (const { container } of containersOf(pod, ['initContainers', 'containers'])) {
    if (!Array.isArray(container.ports)) continue;
    for (const entry of container.ports) {
      if (!isRecord(entry)) continue;
      const port = Number(entry.containerPort);
      if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
      const protocol = (typeof entry.protocol === 'string' ? entry.protocol.toUpperCase() : 'TCP') as Protocol;
      if (!PROTOCOLS.includes(protocol)) continue;
      const item: ContainerPort = { port, protocol };
      if (typeof entry.name === 'string' && entry.name !== '') item.name = entry.name;
      out.push(item);
    }
  }
  return out;
}

/** Pods sort after controllers so a controller in the input claims its pods' group first. */
function rank(candidate: Candidate): number {
  return candidate.object.kind === 'Pod'
    ? 2
    : candidate.object.kind === 'ReplicaSet' || candidate.object.kind === 'Job'
      ? 1
      : 0;
}

function topOwner(candidate: Candidate, byKey: ReadonlyMap<string, Candidate>): Candidate {
  let current = candidate;
  const seen = new Set<Candidate>([candidate]);
  for (;;) {
    const owner = controllerOf(current.object);
    const next = owner && byKey.get(keyOf(owner.kind, current.namespace, owner.name));
    if (!next || seen.has(next)) return current;
    seen.add(next);
    current = next;
  }
}

/**
 * The controlling owner reference (`controller: true`), as `kubectl describe` shows "Controlled
 * By": other owner references only hold the pod for garbage collection. A mirror pod's controller
 * is its Node: it is the static pod itself, not a member of a workload.
 */
function controllerOf(object: KubeObject): { kind: string; name: string } | undefined {
  const refs = object.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find(
    (r): r is { kind: string; name: string } =>
      isRecord(r) && r.controller === true && typeof r.kind === 'string' && typeof r.name === 'string',
  );
  return ref && ref.kind !== 'Node' && ref.kind !== '' && ref.name !== ''
    ? { kind: ref.kind, name: ref.name }
    : undefined;
}

function podIps(object: KubeObject): IpSet {
  if (object.kind !== 'Pod' || !isRecord(object.status)) return IpSet.EMPTY;
  const texts = new Set<string>();
  if (typeof object.status.podIP === 'string') texts.add(object.status.podIP);
  if (Array.isArray(object.status.podIPs)) {
    for (const entry of object.status.podIPs) if (isRecord(entry) && typeof entry.ip === 'string') texts.add(entry.ip);
  }
  let set = IpSet.EMPTY;
  for (const text of texts) {
    const address = parseAddress(text);
    if (address) set = set.union(IpSet.of(address.family, [[address.value, address.value]]));
  }
  return set;
}

function keyOf(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

/** Byte-wise string order, as the netpol-analyzer (Go) sorts its lines. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
