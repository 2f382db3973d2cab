import { WORKLOAD_RESOURCES } from './atoms.js';
import { type Capability, firstOf, found, named, RBAC, WRITE } from './capability.js';
import { evidence } from './query.js';

/** Capabilities over a namespace's workloads, credentials and RBAC (the first part of the catalogue). */
export const ACCESS_CAPABILITIES: readonly Capability[] = [
  {
    id: 'cluster-admin',
    title: 'full control of the cluster',
    severity: 'critical',
    scope: 'cluster',
    risk: 'every verb on every resource in every API group, cluster-wide: the power of cluster-admin',
    find: (q) => found(q.all('rampart:any-verb', 'rampart.any-group', 'rampart:any-resource')),
  },
  {
    id: 'namespace-admin',
    title: 'full control of a namespace',
    severity: 'high',
    scope: 'namespace',
    risk: 'every verb on every resource of the namespace: its Secrets, its ServiceAccounts, its RBAC',
    find: (q) =>
      q.namespace === '*' ? undefined : found(q.all('rampart:any-verb', 'rampart.any-group', 'rampart:any-resource')),
  },
  {
    id: 'read-secrets',
    title: 'read Secrets',
    severity: 'high',
    scope: 'namespace',
    risk: 'get, list or watch returns Secret data: credentials, TLS keys, and ServiceAccount tokens',
    mitre: ['T1552.007'],
    find: (q) =>
      named(
        firstOf(
          q.all('list', '', 'secrets'),
          q.all('watch', '', 'secrets'),
          q.all('get', '', 'secrets'),
          q.some('get', '', 'secrets'),
          q.some('list', '', 'secrets'),
          q.some('watch', '', 'secrets'),
        ),
      ),
  },
  {
    id: 'create-pods',
    title: 'create pods',
    severity: 'high',
    scope: 'namespace',
    risk: 'a new pod runs any image as any ServiceAccount of the namespace, and as root on the node where admission allows privileged pods',
    mitre: ['T1610'],
    find: (q) => found(q.all('create', '', 'pods')),
  },
  {
    id: 'write-workloads',
    title: 'create or change workload controllers',
    severity: 'high',
    scope: 'namespace',
    risk: 'a Deployment, DaemonSet, Job, … creates pods from its template, with any ServiceAccount of the namespace',
    mitre: ['T1610'],
    find: (q) => found(firstOf(...WORKLOAD_RESOURCES.map(([group, resource]) => q.anyVerb(WRITE, group, resource)))),
  },
  {
    id: 'exec-pods',
    title: 'exec into pods',
    severity: 'high',
    scope: 'namespace',
    risk: 'a shell in a running container: its files, its environment, its mounted ServiceAccount token',
    mitre: ['T1609'],
    find: (q) => named(q.some('create', '', 'pods/exec')),
  },
  {
    id: 'attach-pods',
    title: 'attach to pods',
    severity: 'high',
    scope: 'namespace',
    risk: 'the input and output of a running container, often a shell',
    mitre: ['T1609'],
    find: (q) => named(q.some('create', '', 'pods/attach')),
  },
  {
    id: 'ephemeral-containers',
    title: 'add ephemeral containers to pods',
    severity: 'high',
    scope: 'namespace',
    risk: 'a debug container joins a running pod: its ServiceAccount token, its process namespace, its volumes',
    mitre: ['T1609'],
    find: (q) =>
      named(firstOf(q.some('patch', '', 'pods/ephemeralcontainers'), q.some('update', '', 'pods/ephemeralcontainers'))),
  },
  {
    id: 'patch-pods',
    title: 'change running pods',
    severity: 'medium',
    scope: 'namespace',
    risk: "a container image can be swapped in place, so the pod's ServiceAccount runs code of the holder's choosing",
    find: (q) => named(firstOf(q.some('patch', '', 'pods'), q.some('update', '', 'pods'))),
  },
  {
    id: 'create-tokens',
    title: 'create ServiceAccount tokens',
    severity: 'high',
    scope: 'namespace',
    risk: 'the TokenRequest API issues a token for the ServiceAccount: the holder becomes it',
    mitre: ['T1528'],
    find: (q) => named(q.some('create', '', 'serviceaccounts/token')),
  },
  {
    id: 'mint-legacy-tokens',
    title: 'create and read Secrets',
    severity: 'high',
    scope: 'namespace',
    risk: 'a Secret of type kubernetes.io/service-account-token is filled with a token by the control plane, for any ServiceAccount of the namespace',
    find: (q) =>
      found(
        q.all('create', '', 'secrets'),
        firstOf(q.all('get', '', 'secrets'), q.all('list', '', 'secrets'), q.all('watch', '', 'secrets')),
      ),
  },
  {
    id: 'bind-roles',
    title: 'bind roles beyond its own rights',
    severity: 'critical',
    scope: 'namespace',
    risk: 'the bind verb lifts the escalation check on bindings: the holder grants itself the roles it may bind',
    mitre: ['T1078'],
    find: (q) => {
      const bind = firstOf(q.some('bind', RBAC, 'clusterroles'), q.some('bind', RBAC, 'roles'));
      const write =
        q.namespace === '*'
          ? firstOf(q.anyVerb(WRITE, RBAC, 'clusterrolebindings'), q.anyVerb(WRITE, RBAC, 'rolebindings'))
          : q.anyVerb(WRITE, RBAC, 'rolebindings');
      return bind && write
        ? { grants: evidence(bind, write), ...(bind.names === 'all' ? {} : { names: [...bind.names].sort() }) }
        : undefined;
    },
  },
  {
    id: 'escalate-roles',
    title: 'write roles beyond its own rights',
    severity: 'critical',
    scope: 'namespace',
    risk: 'the escalate verb lifts the escalation check on roles: the holder adds any permission to a role it can write',
    mitre: ['T1078'],
    find: (q) => {
      const escalate = firstOf(q.some('escalate', RBAC, 'clusterroles'), q.some('escalate', RBAC, 'roles'));
      const write = firstOf(
        q.anyVerb(['update', 'patch', 'create'], RBAC, 'clusterroles'),
        q.anyVerb(['update', 'patch', 'create'], RBAC, 'roles'),
        q.some('patch', RBAC, 'clusterroles'),
        q.some('update', RBAC, 'clusterroles'),
        q.some('patch', RBAC, 'roles'),
        q.some('update', RBAC, 'roles'),
      );
      return found(escalate, write);
    },
  },
  {
    id: 'write-bindings',
    title: 'write role bindings',
    severity: 'medium',
    scope: 'namespace',
    risk: 'without bind it cannot exceed its own rights, but it can hand them to anyone, the anonymous user included',
    find: (q) => found(firstOf(q.anyVerb(WRITE, RBAC, 'clusterrolebindings'), q.anyVerb(WRITE, RBAC, 'rolebindings'))),
  },
  {
    id: 'impersonate',
    title: 'impersonate users, groups or ServiceAccounts',
    severity: 'critical',
    scope: 'namespace',
    risk: 'requests made as another identity; impersonating the group system:masters is cluster-admin',
    mitre: ['T1078'],
    find: (q) =>
      named(
        firstOf(
          q.some('impersonate', '', 'users'),
          q.some('impersonate', '', 'groups'),
          q.some('impersonate', '', 'serviceaccounts'),
        ),
      ),
  },
];
