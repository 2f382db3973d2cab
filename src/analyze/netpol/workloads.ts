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
  ips: IpSet;
}

export function namespaceOf(object: KubeObject): string {
  const ns = object.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : DEFAULT_NAMESPACE;
}

/**
 * The workloads of the input, sorted by `ns/name[Kind]`. A pod of a snapshot is represented by
 * the top-most controller of its owner chain that the input holds; when the input holds none, by
 * its controlling owner reference (as `kubectl get pods` shows it: `web-7d9f[ReplicaSet]`).
 */
export function extractWorkloads(resources: readonly Resource[], problems: Problem[]): Workload[] {
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
    const ips = podIps(candidate.object);
    if (group) {
      group.ips = group.ips.union(ips);
      if (top === candidate && candidate.object.kind !== 'Pod') {
        problems.push({
          severity: 'warning',
          message: `${kind} ${candidate.namespace}/${name} is defined more than once; the first definition is analysed`,
          resource: candidate.resource,
        });
      }
      continue;
    }
    groups.set(key, { kind, namespace: candidate.namespace, name, representative: top, ips });
  }

  const workloads = [...groups.values()].map((group) => toWorkload(group));
  workloads.sort((a, b) => compare(a.id, b.id));
  workloads.forEach((workload, index) => {
    workload.index = index;
  });
  return workloads;
}

function toWorkload(group: Group): Workload {
  const { object, resource } = group.representative;
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
    ips: group.ips.isEmpty() ? undefined : group.ips,
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

function controllerOf(object: KubeObject): { kind: string; name: string } | undefined {
  const refs = object.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const valid = refs.filter(
    (ref): ref is { kind: string; name: string; controller?: boolean } =>
      isRecord(ref) && typeof ref.kind === 'string' && typeof ref.name === 'string',
  );
  const ref = valid.find((r) => r.controller === true) ?? valid[0];
  return ref && { kind: ref.kind, name: ref.name };
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
