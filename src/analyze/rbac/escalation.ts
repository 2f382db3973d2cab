import { namespacedName, namespacePhrase } from '../../core/applied-namespace.js';
import { ClusterFacts } from './cluster-facts.js';
import { addPrincipalEdges, type EdgeContext, type Held } from './escalation-edges.js';
import { Graph, nodeIds, TARGETS } from './graph.js';
import { identityKeys, identityOf, MASTERS } from './identity.js';
import type { PolicyIndex } from './policy-index.js';
import { identityProfile, Profile } from './profile.js';
import type { BindingInfo, Identity, RoleInfo, SubjectRef } from './types.js';

export interface EscalationGraph {
  graph: Graph;
  facts: ClusterFacts;
  /** Every subject the analysis knows: binding subjects, ServiceAccounts of the inputs, system:masters. */
  subjects: SubjectRef[];
  /** Adds a subject the policy does not name (its rights come from its implicit groups), once. */
  addSubject(subject: SubjectRef): void;
}

/**
 * Builds the escalation graph of a policy: who can become whom, and who reaches the targets
 * (cluster-admin, Secrets, nodes), each step with the RBAC grants that allow it. A Group node
 * carries only what the group itself is granted; a User or ServiceAccount node carries its own
 * grants and its implicit groups' (system:authenticated, system:serviceaccounts, …).
 */
export function buildEscalationGraph(index: PolicyIndex): EscalationGraph {
  const graph = new Graph();
  const facts = new ClusterFacts(index.inventory, index);
  const subjects = collectSubjects(index, facts);
  const pending: { id: string; role: RoleInfo; namespace: string }[] = [];
  const ctx: EdgeContext = {
    graph,
    facts,
    index,
    users: subjects.filter((s) => s.kind === 'User'),
    groups: subjects.filter((s) => s.kind === 'Group'),
    roleHolder(role, namespace) {
      const scope = namespace || '*';
      const id = nodeIds.roleHolder(role.kind, role.namespace, role.name, scope);
      if (!graph.nodes.has(id)) {
        const name = role.namespace ? namespacedName(role.namespace, role.name) : role.name;
        graph.node(
          id,
          'role-holder',
          `holder of ${role.kind} ${name} ${namespace ? `in ${namespacePhrase(namespace)}` : 'cluster-wide'}`,
        );
        pending.push({ id, role, namespace });
      }
      return id;
    },
  };
  const done = new Set<string>();
  const addSubject = (subject: SubjectRef) => {
    const node = graph.subjectNode(subject);
    if (done.has(node.id)) return;
    done.add(node.id);
    const identity: Identity = subject.kind === 'Group' ? { groups: [subject.name] } : identityOf(subject);
    const profile = identityProfile(index, identity);
    if (!profile.isEmpty) addPrincipalEdges(ctx, node.id, profile, heldRoles(index, identity));
    while (pending.length > 0) {
      const { id, role, namespace } = pending.shift() as (typeof pending)[number];
      const holder = new Profile();
      holder.add(hypotheticalBinding(role, namespace), role, 0, namespace);
      addPrincipalEdges(ctx, id, holder, [{ role, namespace }]);
    }
  };
  structure(graph, facts);
  for (const subject of subjects) addSubject(subject);
  return { graph, facts, subjects, addSubject };
}

function collectSubjects(index: PolicyIndex, facts: ClusterFacts): SubjectRef[] {
  const seen = new Map<string, SubjectRef>();
  const add = (subject: SubjectRef) => {
    const id = nodeIds.subject(subject);
    if (!seen.has(id)) seen.set(id, subject);
  };
  add({ kind: 'Group', name: MASTERS });
  for (const binding of index.bindings) for (const subject of binding.subjects) if (subject) add(subject);
  for (const namespace of facts.namespaces) for (const sa of facts.serviceAccountsIn(namespace)) add(sa);
  return [...seen.values()];
}

/** Nodes and edges that hold whatever the RBAC policy: what each target and pseudo-principal implies. */
function structure(graph: Graph, facts: ClusterFacts): void {
  graph.node(TARGETS.clusterAdmin, 'target', 'cluster-admin');
  graph.node(TARGETS.secrets, 'target', 'every Secret of the cluster');
  graph.node(TARGETS.nodes, 'target', 'root on a node');
  const implies = (from: string, to: string, text: string) =>
    graph.edge({ from, to, kind: 'implies', text, grants: [] });
  graph.edge({
    from: nodeIds.subject({ kind: 'Group', name: MASTERS }),
    to: TARGETS.clusterAdmin,
    kind: 'privileged-group',
    text: `is in ${MASTERS}, which the API server allows everything`,
    grants: [],
  });
  implies(TARGETS.clusterAdmin, TARGETS.secrets, 'cluster-admin reads every Secret');
  implies(TARGETS.clusterAdmin, TARGETS.nodes, 'cluster-admin runs a privileged pod on any node');
  graph.node(nodeIds.anyServiceAccount('*'), 'any-service-account', 'any ServiceAccount of any namespace');
  graph.node(nodeIds.runningPods('*'), 'running-pods', 'a shell in any running pod');
  for (const ns of facts.namespaces) {
    graph.node(nodeIds.secrets(ns), 'target', `every Secret of ${namespacePhrase(ns)}`);
    graph.node(nodeIds.anyServiceAccount(ns), 'any-service-account', `any ServiceAccount of ${namespacePhrase(ns)}`);
    graph.node(nodeIds.runningPods(ns), 'running-pods', `a shell in any running pod of ${namespacePhrase(ns)}`);
    graph.node(nodeIds.namespaceAdmin(ns), 'namespace-admin', `full control of ${namespacePhrase(ns)}`);
    implies(TARGETS.secrets, nodeIds.secrets(ns), `every Secret includes those of ${namespacePhrase(ns)}`);
    implies(nodeIds.anyServiceAccount('*'), nodeIds.anyServiceAccount(ns), `picks ${namespacePhrase(ns)}`);
    implies(nodeIds.runningPods('*'), nodeIds.runningPods(ns), `picks a pod of ${namespacePhrase(ns)}`);
    const admin = nodeIds.namespaceAdmin(ns);
    implies(admin, nodeIds.secrets(ns), `reads the Secrets of ${namespacePhrase(ns)}`);
    implies(admin, nodeIds.anyServiceAccount(ns), `creates pods in ${namespacePhrase(ns)}`);
    implies(admin, nodeIds.runningPods(ns), `execs into pods of ${namespacePhrase(ns)}`);
    if (facts.privilegedPodsAllowed(ns))
      implies(
        admin,
        TARGETS.nodes,
        `runs a privileged pod (${namespacePhrase(ns)} does not enforce baseline or restricted Pod Security)`,
      );
    for (const sa of facts.serviceAccountsIn(ns)) {
      graph.subjectNode(sa);
      graph.edge({
        from: nodeIds.anyServiceAccount(ns),
        to: nodeIds.subject(sa),
        kind: 'run-as',
        text: `runs as ServiceAccount ${ns}/${sa.name}`,
        grants: [],
      });
    }
  }
  for (const workload of facts.workloads) {
    if (!workload.tokenMounted) continue;
    const sa: SubjectRef = { kind: 'ServiceAccount', namespace: workload.namespace, name: workload.serviceAccount };
    graph.edge({
      from: nodeIds.runningPods(workload.namespace),
      to: nodeIds.subject(sa),
      kind: 'run-as',
      text: `uses the token of ServiceAccount ${namespacedName(workload.namespace, workload.serviceAccount)} mounted in ${workload.kind} ${workload.name}`,
      grants: [],
      via: [{ kind: workload.kind, namespace: workload.namespace, name: workload.name }],
    });
  }
}

function heldRoles(index: PolicyIndex, identity: Identity): Held[] {
  const held: Held[] = [];
  for (const key of identityKeys(identity)) {
    for (const { binding } of index.entriesFor(key)) {
      if (binding.role)
        held.push({ role: binding.role, namespace: binding.kind === 'RoleBinding' ? binding.namespace : '' });
    }
  }
  return held;
}

/** The binding an attacker would create to hold a role: evidence for what the role-holder node can do. */
function hypotheticalBinding(role: RoleInfo, namespace: string): BindingInfo {
  return {
    kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    namespace,
    name: '(a binding the holder creates)',
    roleRef: { kind: role.kind, name: role.name },
    subjects: [],
    role,
    resource: role.resource,
    order: -1,
  };
}
