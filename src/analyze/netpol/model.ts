import type { LabelSelector } from '../../core/inventory.js';
import type { Path } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import type { Protocol } from './conn-set.js';
import type { IpSet } from './ip-set.js';

/** The namespace the API server assigns to objects that name none (kubectl's default context). */
export const DEFAULT_NAMESPACE = 'default';
/** The label the API server puts on every namespace (Kubernetes 1.21+); selectors may rely on it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface ContainerPort {
  port: number;
  protocol: Protocol;
  name?: string;
}

/**
 * The unit of analysis: a Pod, or the controller that owns pods (its template stands for them).
 * Pods of a snapshot fold into their owner when the owner is in the input too.
 */
export interface Workload {
  /** Position in the analysis' sorted workload list. */
  index: number;
  namespace: string;
  name: string;
  kind: string;
  /** `ns/name[Kind]`, the connectivity-list form. */
  id: string;
  labels: Readonly<Record<string, string>>;
  ports: readonly ContainerPort[];
  /** Named container ports; a name may (invalidly) repeat, so a list. */
  namedPorts: ReadonlyMap<string, readonly ContainerPort[]>;
  /** Pod IPs known from a snapshot's status; ipBlock peers match them. */
  ips: IpSet | undefined;
  hostNetwork: boolean;
  /** The object that defines the workload, for locations. */
  resource: Resource;
}

export interface NamespaceInfo {
  name: string;
  /** The Namespace object's labels plus kubernetes.io/metadata.name. */
  labels: Readonly<Record<string, string>>;
  /** Absent when the input has no Namespace object: then only the name label is known. */
  resource: Resource | undefined;
}

export type PortSpec =
  | { protocol: Protocol; kind: 'all' }
  | { protocol: Protocol; kind: 'range'; start: number; end: number }
  | { protocol: Protocol; kind: 'named'; name: string };

export type Peer =
  | {
      kind: 'pods';
      index: number;
      /** Absent: every pod (of the selected namespaces). */
      podSelector: LabelSelector | undefined;
      /** Absent: the policy's own namespace. */
      namespaceSelector: LabelSelector | undefined;
    }
  | { kind: 'ipBlock'; index: number; cidr: string; except: readonly string[]; set: IpSet };

export type Direction = 'ingress' | 'egress';

export interface Rule {
  direction: Direction;
  /** Index in spec.ingress or spec.egress. */
  index: number;
  policy: Policy;
  /** null: no `from`/`to`, so every source or destination, outside included. */
  peers: readonly Peer[] | null;
  /** null: no `ports`, so every port of every protocol. */
  ports: readonly PortSpec[] | null;
  path: Path;
}

export interface Policy {
  index: number;
  namespace: string;
  name: string;
  /** `ns/name`. */
  id: string;
  podSelector: LabelSelector;
  /** Whether the policy isolates its pods in each direction (policyTypes, with the API's defaulting). */
  types: { ingress: boolean; egress: boolean };
  ingress: readonly Rule[];
  egress: readonly Rule[];
  resource: Resource;
}

/** Something in the input the analysis had to ignore or could not judge; never silent. */
export interface Problem {
  severity: 'error' | 'warning';
  message: string;
  resource?: Resource;
  path?: Path;
}

/** A policy of a CNI's own API: not evaluated, but it may restrict traffic further. */
export interface CniPolicy {
  kind: string;
  apiVersion: string;
  name: string;
  /** Undefined for cluster-wide kinds. */
  namespace: string | undefined;
  /** Directions in which it clearly denies everything for every pod it covers (a default deny). */
  defaultDeny: { ingress: boolean; egress: boolean };
  resource: Resource;
}
