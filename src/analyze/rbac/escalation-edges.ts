import { namespacedName, namespacePhrase } from '../../core/applied-namespace.js';
import { WORKLOAD_RESOURCES } from './atoms.js';
import type { ClusterFacts } from './cluster-facts.js';
import { type Edge, type Graph, nodeIds, TARGETS } from './graph.js';
import { MASTERS } from './identity.js';
import type { PolicyIndex } from './policy-index.js';
import { type Hit, namesCover, type Profile } from './profile.js';
import { evidence, ScopeQuery } from './query.js';
import type { RoleInfo, SubjectRef } from './types.js';

const RBAC = 'rbac.authorization.k8s.io';
const CERTS = 'certificates.k8s.io';
const WRITE = ['create', 'update', 'patch'] as const;
const READ = ['list', 'watch', 'get'] as const;
const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';

export interface EdgeContext {
  graph: Graph;
  facts: ClusterFacts;
  index: PolicyIndex;
  users: readonly SubjectRef[];
  groups: readonly SubjectRef[];
  /** Creates (once) the node standing for one role held in one scope, and returns its id. */
  roleHolder(role: RoleInfo, namespace: string): string;
}

/** A role a principal already holds, and where: '' cluster-wide, else the RoleBinding's namespace. */
export interface Held {
  role: RoleInfo;
  namespace: string;
}

type Add = (to: string, kind: Edge['kind'], text: string, ...hits: (Hit | undefined)[]) => void;

/**
 * The escalation steps open to one principal (a subject, or a pseudo-principal such as the holder
 * of a role): each step leads to another principal or to a target, with its evidence.
 */
export function addPrincipalEdges(ctx: EdgeContext, from: string, profile: Profile, held: readonly Held[]): void {
  const add: Add = (to, kind, text, ...hits) => ctx.graph.edge({ from, to, kind, text, grants: evidence(...hits) });
  clusterEdges(ctx, add, new ScopeQuery(profile, '*'), held);
  for (const namespace of ['*', ...profile.namespaces()])
    namespaceEdges(ctx, from, add, new ScopeQuery(profile, namespace), held);
}

function clusterEdges(ctx: EdgeContext, add: Add, q: ScopeQuery, held: readonly Held[]): void {
  const wildcard = q.all('rampart:any-verb', 'rampart.any-group', 'rampart:any-resource');
  if (wildcard) add(TARGETS.clusterAdmin, 'wildcard', 'holds every verb on every resource cluster-wide', wildcard);

  const approval =
    q.some('update', CERTS, 'certificatesigningrequests/approval') ??
    q.some('patch', CERTS, 'certificatesigningrequests/approval');
  const approve = q.some('approve', CERTS, 'signers');
  const create = q.all('create', CERTS, 'certificatesigningrequests');
  const read = anyOf(q, READ, CERTS, 'certificatesigningrequests');
  if (
    approval &&
    approve &&
    create &&
    read &&
    (namesCover(approve.names, CLIENT_SIGNER) || namesCover(approve.names, 'kubernetes.io/*'))
  ) {
    add(
      TARGETS.clusterAdmin,
      'approve-csr',
      `creates and approves a ${CLIENT_SIGNER} CSR for a client certificate in group ${MASTERS}`,
      create,
      approval,
      approve,
      read,
    );
  }

  const webhook = firstHit(
    WRITE.map((verb) => q.some(verb, 'admissionregistration.k8s.io', 'mutatingwebhookconfigurations')),
  );
  if (webhook)
    add(
      TARGETS.clusterAdmin,
      'mutating-webhook',
      'registers a mutating webhook that receives, and may rewrite, every object written to the API',
      webhook,
    );

  const proxy = q.some('get', '', 'nodes/proxy') ?? q.some('create', '', 'nodes/proxy');
  if (proxy) {
    add(
      TARGETS.nodes,
      'nodes-proxy',
      'reaches the kubelet API through nodes/proxy, which runs commands in any pod of the node',
      proxy,
    );
    add(
      nodeIds.runningPods('*'),
      'nodes-proxy',
      'runs commands in running pods through the kubelet API (nodes/proxy)',
      proxy,
    );
  }

  const users = q.some('impersonate', '', 'users');
  if (users) {
    for (const user of ctx.users) {
      if (namesCover(users.names, user.name))
        add(nodeIds.subject(user), 'impersonate', `impersonates User ${user.name}`, users);
    }
    const groups = q.some('impersonate', '', 'groups');
    if (groups && namesCover(groups.names, MASTERS)) {
      add(TARGETS.clusterAdmin, 'impersonate', `impersonates a user in group ${MASTERS}`, users, groups);
    } else if (groups) {
      for (const group of ctx.groups) {
        if (namesCover(groups.names, group.name))
          add(nodeIds.subject(group), 'impersonate', `impersonates a member of Group ${group.name}`, users, groups);
      }
    }
  }

  // bind: a ClusterRoleBinding to any ClusterRole the bind verb covers
  const bind = q.some('bind', RBAC, 'clusterroles');
  const writeCrb = anyOf(q, WRITE, RBAC, 'clusterrolebindings');
  if (bind && writeCrb) {
    if (namesCover(bind.names, 'cluster-admin')) {
      add(
        TARGETS.clusterAdmin,
        'bind',
        'binds itself to ClusterRole cluster-admin with a ClusterRoleBinding (the bind verb lifts the escalation check)',
        bind,
        writeCrb,
      );
    } else if (bind.names !== 'all') {
      for (const name of bind.names) {
        const role = ctx.index.role('ClusterRole', '', name);
        if (role)
          add(
            ctx.roleHolder(role, ''),
            'bind',
            `binds itself to ClusterRole ${name} cluster-wide (the bind verb lifts the escalation check)`,
            bind,
            writeCrb,
          );
      }
    }
  }

  // escalate: a ClusterRole it holds can be given any rule
  const escalate = q.some('escalate', RBAC, 'clusterroles');
  if (escalate) {
    const update = firstHit([q.some('update', RBAC, 'clusterroles'), q.some('patch', RBAC, 'clusterroles')]);
    for (const { role, namespace } of held) {
      if (role.kind !== 'ClusterRole') continue;
      if (update && namesCover(update.names, role.name) && namesCover(escalate.names, role.name)) {
        const target = namespace ? nodeIds.namespaceAdmin(namespace) : TARGETS.clusterAdmin;
        const where = namespace ? `in ${namespacePhrase(namespace)}` : 'cluster-wide';
        add(
          target,
          'escalate',
          `adds any rule to ClusterRole ${role.name}, which it holds ${where} (the escalate verb lifts the escalation check)`,
          escalate,
          update,
        );
      }
    }
    const createRole = q.all('create', RBAC, 'clusterroles');
    if (createRole) {
      for (const { role, namespace } of held) {
        if (!role.aggregation) continue;
        const target = namespace ? nodeIds.namespaceAdmin(namespace) : TARGETS.clusterAdmin;
        add(
          target,
          'aggregate',
          `creates a ClusterRole labelled to aggregate into ClusterRole ${role.name}, which it holds${namespace ? ` in ${namespacePhrase(namespace)}` : ' cluster-wide'}`,
          escalate,
          createRole,
        );
      }
    }
  }
}

function namespaceEdges(ctx: EdgeContext, from: string, add: Add, q: ScopeQuery, held: readonly Held[]): void {
  const ns = q.namespace;
  const all = ns === '*';
  const where = all ? 'in every namespace' : `in ${namespacePhrase(ns)}`;

  if (!all) {
    const wildcard = q.all('rampart:any-verb', 'rampart.any-group', 'rampart:any-resource');
    if (wildcard) add(nodeIds.namespaceAdmin(ns), 'wildcard', `holds every verb on every resource ${where}`, wildcard);
  }

  const read = anyOf(q, READ, '', 'secrets');
  if (read) add(nodeIds.secrets(ns), 'read-secrets', `reads every Secret ${where}`, read);
  const getNamed = q.some('get', '', 'secrets');
  for (const secret of ctx.facts.tokenSecrets) {
    if (!all && secret.namespace !== ns) continue;
    const hit = read ?? (getNamed && namesCover(getNamed.names, secret.name) ? getNamed : undefined);
    if (!hit) continue;
    ctx.graph.edge({
      from,
      to: nodeIds.subject({ kind: 'ServiceAccount', namespace: secret.namespace, name: secret.serviceAccount }),
      kind: 'read-token-secret',
      text: `reads the token in Secret ${namespacedName(secret.namespace, secret.name)} of ServiceAccount ${namespacedName(secret.namespace, secret.serviceAccount)}`,
      grants: hit.grants,
      via: [{ kind: 'Secret', namespace: secret.namespace, name: secret.name }],
    });
  }
  const createSecret = q.all('create', '', 'secrets');
  if (createSecret && read) {
    add(
      nodeIds.anyServiceAccount(ns),
      'mint-token-secret',
      `creates a service-account-token Secret ${where} and reads the token the control plane puts in it`,
      createSecret,
      read,
    );
  }

  const pods = q.all('create', '', 'pods');
  if (pods)
    add(
      nodeIds.anyServiceAccount(ns),
      'create-pods',
      `creates a pod ${where} that runs as any of its ServiceAccounts`,
      pods,
    );
  const workloads = firstHit(WORKLOAD_RESOURCES.map(([group, resource]) => anyOf(q, WRITE, group, resource)));
  if (workloads && !pods)
    add(
      nodeIds.anyServiceAccount(ns),
      'write-workloads',
      `creates or changes a workload ${where} whose pods run as any of its ServiceAccounts`,
      workloads,
    );
  const podMaker = pods ?? workloads;
  if (podMaker && (all || ctx.facts.privilegedPodsAllowed(ns))) {
    const why = all
      ? 'in a namespace without Pod Security enforcement'
      : `(${namespacePhrase(ns)} does not enforce baseline or restricted Pod Security)`;
    add(TARGETS.nodes, 'privileged-pod', `runs a privileged pod ${why}, which is root on its node`, podMaker);
  }

  const exec =
    q.all('create', '', 'pods/exec') ??
    q.all('create', '', 'pods/attach') ??
    q.all('patch', '', 'pods/ephemeralcontainers') ??
    q.all('update', '', 'pods/ephemeralcontainers') ??
    q.all('patch', '', 'pods') ??
    q.all('update', '', 'pods');
  if (exec)
    add(
      nodeIds.runningPods(ns),
      'exec-pods',
      `runs commands in running pods ${where} (exec, attach, ephemeral containers or an image swap)`,
      exec,
    );

  for (const [verb, kind, text] of [
    ['create', 'create-token', 'requests a token for'],
    ['impersonate', 'impersonate', 'impersonates'],
  ] as const) {
    const hit = q.some(verb, '', verb === 'create' ? 'serviceaccounts/token' : 'serviceaccounts');
    if (!hit) continue;
    if (hit.names === 'all') add(nodeIds.anyServiceAccount(ns), kind, `${text} any ServiceAccount ${where}`, hit);
    else {
      for (const namespace of all ? ctx.facts.namespaces : [ns]) {
        for (const name of hit.names) {
          add(
            nodeIds.subject({ kind: 'ServiceAccount', namespace, name }),
            kind,
            `${text} ServiceAccount ${namespacedName(namespace, name)}`,
            hit,
          );
        }
      }
    }
  }

  if (!all) {
    const bindCluster = q.some('bind', RBAC, 'clusterroles');
    const bindRole = q.some('bind', RBAC, 'roles');
    const writeRb = anyOf(q, WRITE, RBAC, 'rolebindings');
    if (writeRb && bindCluster) {
      if (
        bindCluster.names === 'all' ||
        namesCover(bindCluster.names, 'cluster-admin') ||
        namesCover(bindCluster.names, 'admin')
      ) {
        add(
          nodeIds.namespaceAdmin(ns),
          'bind',
          `binds itself to ClusterRole ${bindCluster.names === 'all' || bindCluster.names.has('cluster-admin') ? 'cluster-admin' : 'admin'} ${where} (the bind verb lifts the escalation check)`,
          bindCluster,
          writeRb,
        );
      } else {
        for (const name of bindCluster.names) {
          const role = ctx.index.role('ClusterRole', '', name);
          if (role)
            add(ctx.roleHolder(role, ns), 'bind', `binds itself to ClusterRole ${name} ${where}`, bindCluster, writeRb);
        }
      }
    }
    if (writeRb && bindRole) {
      for (const role of ctx.index.roles) {
        if (role.kind === 'Role' && role.namespace === ns && namesCover(bindRole.names, role.name)) {
          add(ctx.roleHolder(role, ns), 'bind', `binds itself to Role ${ns}/${role.name}`, bindRole, writeRb);
        }
      }
    }
    const escalate = q.some('escalate', RBAC, 'roles');
    const update = firstHit([q.some('update', RBAC, 'roles'), q.some('patch', RBAC, 'roles')]);
    if (escalate && update) {
      for (const { role, namespace } of held) {
        if (
          role.kind === 'Role' &&
          namespace === ns &&
          namesCover(update.names, role.name) &&
          namesCover(escalate.names, role.name)
        ) {
          add(
            nodeIds.namespaceAdmin(ns),
            'escalate',
            `adds any rule to Role ${ns}/${role.name}, which it holds (the escalate verb lifts the escalation check)`,
            escalate,
            update,
          );
        }
      }
    }
  }
}

function anyOf(q: ScopeQuery, verbs: readonly string[], group: string, resource: string): Hit | undefined {
  return q.anyVerb(verbs, group, resource);
}

function firstHit(hits: readonly (Hit | undefined)[]): Hit | undefined {
  return hits.find(Boolean);
}
