import { formatSubject } from './identity.js';
import type { Grant, ObjectRef, SubjectRef } from './types.js';

/** What a node of the escalation graph stands for. */
export type NodeKind =
  | 'subject'
  /** run a pod as any ServiceAccount of a namespace (`*`: of every namespace) */
  | 'any-service-account'
  /** a shell in any running pod of a namespace, and the token it mounts */
  | 'running-pods'
  /** the rights of one role in one scope, once bound to oneself */
  | 'role-holder'
  | 'namespace-admin'
  | 'target';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  subject?: SubjectRef;
}

export type EdgeKind =
  | 'privileged-group'
  | 'wildcard'
  | 'read-secrets'
  | 'read-token-secret'
  | 'mint-token-secret'
  | 'create-pods'
  | 'write-workloads'
  | 'privileged-pod'
  | 'exec-pods'
  | 'run-as'
  | 'create-token'
  | 'impersonate'
  | 'bind'
  | 'escalate'
  | 'aggregate'
  | 'nodes-proxy'
  | 'approve-csr'
  | 'mutating-webhook'
  | 'implies';

export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** One sentence: what the step does. */
  text: string;
  /** The bindings, roles and rules that allow the step (none for structural steps). */
  grants: readonly Grant[];
  /** Other objects the step relies on: a token Secret, a workload, a role. */
  via?: readonly ObjectRef[];
}

export const TARGETS = {
  clusterAdmin: 'cluster-admin',
  secrets: 'secrets:*',
  nodes: 'nodes',
} as const;

export const nodeIds = {
  subject: (s: SubjectRef) =>
    s.kind === 'ServiceAccount' ? `ServiceAccount:${s.namespace}/${s.name}` : `${s.kind}:${s.name}`,
  anyServiceAccount: (namespace: string) => `any-service-account:${namespace}`,
  runningPods: (namespace: string) => `running-pods:${namespace}`,
  namespaceAdmin: (namespace: string) => `namespace-admin:${namespace}`,
  secrets: (namespace: string) => `secrets:${namespace}`,
  roleHolder: (kind: string, namespace: string, name: string, scope: string) =>
    `role:${kind}/${namespace ? `${namespace}/` : ''}${name}@${scope}`,
};

/** A directed graph with evidence on every edge, built once and searched many times. */
export class Graph {
  readonly nodes = new Map<string, GraphNode>();
  readonly out = new Map<string, Edge[]>();
  readonly into = new Map<string, Edge[]>();
  private readonly pairs = new Set<string>();

  node(id: string, kind: NodeKind, label: string, subject?: SubjectRef): GraphNode {
    let node = this.nodes.get(id);
    if (!node) {
      node = subject ? { id, kind, label, subject } : { id, kind, label };
      this.nodes.set(id, node);
    }
    return node;
  }

  subjectNode(subject: SubjectRef): GraphNode {
    return this.node(nodeIds.subject(subject), 'subject', formatSubject(subject), subject);
  }

  /** Adds an edge; a second edge of the same kind between the same nodes adds nothing. */
  edge(edge: Edge): void {
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.kind}`;
    if (this.pairs.has(key) || edge.from === edge.to) return;
    this.pairs.add(key);
    push(this.out, edge.from, edge);
    push(this.into, edge.to, edge);
  }

  get edgeCount(): number {
    return this.pairs.size;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
