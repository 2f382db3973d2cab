import type { Severity } from '../../core/severity.js';
import { WORKLOAD_RESOURCES } from './atoms.js';
import type { Hit, Profile } from './profile.js';
import { evidence, ScopeQuery } from './query.js';
import type { Grant } from './types.js';

const RBAC = 'rbac.authorization.k8s.io';
const CERTS = 'certificates.k8s.io';
const ADMISSION = 'admissionregistration.k8s.io';
const WRITE = ['create', 'update', 'patch'] as const;

export interface Capability {
  id: string;
  title: string;
  severity: Severity;
  /** `cluster`: only ClusterRoleBindings can grant it; `namespace`: judged in each namespace too. */
  scope: 'cluster' | 'namespace';
  /** What a holder can do with it: the reason it is on the list. */
  risk: string;
  mitre?: readonly string[];
  find(q: ScopeQuery): { grants: Grant[]; names?: readonly string[] } | undefined;
}

const found = (...hits: (Hit | undefined)[]) => (hits.every(Boolean) ? { grants: evidence(...hits) } : undefined);
const named = (hit: Hit | undefined) =>
  hit ? { grants: hit.grants, ...(hit.names === 'all' ? {} : { names: [...hit.names].sort() }) } : undefined;
const firstOf = (...hits: (Hit | undefined)[]) => hits.find(Boolean);

/** The risky-capability catalogue: each entry says what it takes in RBAC terms and why it matters. */
export const CATALOGUE: readonly Capability[] = [
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
  {
    id: 'approve-csrs',
    title: 'approve certificate signing requests',
    severity: 'critical',
    scope: 'cluster',
    risk: 'an approved kube-apiserver-client CSR becomes a client certificate for any user and group, system:masters included',
    mitre: ['T1649'],
    find: (q) =>
      found(
        firstOf(
          q.some('update', CERTS, 'certificatesigningrequests/approval'),
          q.some('patch', CERTS, 'certificatesigningrequests/approval'),
        ),
        q.some('approve', CERTS, 'signers'),
      ),
  },
  {
    id: 'sign-csrs',
    title: 'sign certificate signing requests',
    severity: 'high',
    scope: 'cluster',
    risk: 'writing status.certificate of CSRs: whoever also holds a trusted CA key issues credentials',
    mitre: ['T1649'],
    find: (q) =>
      found(
        firstOf(
          q.some('update', CERTS, 'certificatesigningrequests/status'),
          q.some('patch', CERTS, 'certificatesigningrequests/status'),
        ),
        q.some('sign', CERTS, 'signers'),
      ),
  },
  {
    id: 'nodes-proxy',
    title: 'reach the kubelet API through nodes/proxy',
    severity: 'critical',
    scope: 'cluster',
    risk: 'the kubelet API runs commands in every pod of the node, bypassing admission and audit of exec',
    mitre: ['T1609'],
    find: (q) => named(firstOf(q.some('get', '', 'nodes/proxy'), q.some('create', '', 'nodes/proxy'))),
  },
  {
    id: 'write-nodes',
    title: 'change or delete nodes',
    severity: 'high',
    scope: 'cluster',
    risk: "labels and taints steer pods (and the Secrets they mount) onto a node of the holder's choosing",
    find: (q) =>
      named(firstOf(q.some('patch', '', 'nodes'), q.some('update', '', 'nodes'), q.some('delete', '', 'nodes'))),
  },
  {
    id: 'node-status',
    title: 'change node status',
    severity: 'medium',
    scope: 'cluster',
    risk: 'a node can be made to report false addresses, capacity or conditions',
    find: (q) => named(firstOf(q.some('patch', '', 'nodes/status'), q.some('update', '', 'nodes/status'))),
  },
  {
    id: 'pod-status',
    title: 'change pod status',
    severity: 'low',
    scope: 'namespace',
    risk: 'a pod can be made to report false IPs or readiness, steering Service traffic',
    find: (q) => named(firstOf(q.some('patch', '', 'pods/status'), q.some('update', '', 'pods/status'))),
  },
  {
    id: 'mutating-webhooks',
    title: 'write mutating webhook configurations',
    severity: 'critical',
    scope: 'cluster',
    risk: 'a webhook receives and may rewrite every object written to the API, Secrets and pods included',
    mitre: ['T1546'],
    find: (q) => named(firstOf(...WRITE.map((verb) => q.some(verb, ADMISSION, 'mutatingwebhookconfigurations')))),
  },
  {
    id: 'validating-webhooks',
    title: 'write validating webhook configurations',
    severity: 'high',
    scope: 'cluster',
    risk: 'a webhook receives every object written to the API, Secrets included, and can be removed to switch policy off',
    find: (q) =>
      named(firstOf(...[...WRITE, 'delete'].map((verb) => q.some(verb, ADMISSION, 'validatingwebhookconfigurations')))),
  },
  {
    id: 'admission-policies',
    title: 'write validating admission policies',
    severity: 'high',
    scope: 'cluster',
    risk: 'admission policies and their bindings can be weakened or removed, switching policy enforcement off',
    find: (q) =>
      named(
        firstOf(
          ...[...WRITE, 'delete'].flatMap((verb) => [
            q.some(verb, ADMISSION, 'validatingadmissionpolicies'),
            q.some(verb, ADMISSION, 'validatingadmissionpolicybindings'),
          ]),
        ),
      ),
  },
  {
    id: 'create-persistent-volumes',
    title: 'create PersistentVolumes',
    severity: 'high',
    scope: 'cluster',
    risk: "a hostPath PersistentVolume mounts a node's file system into any pod that claims it",
    mitre: ['T1611'],
    find: (q) => found(q.all('create', '', 'persistentvolumes')),
  },
  {
    id: 'write-namespaces',
    title: 'change namespaces',
    severity: 'medium',
    scope: 'cluster',
    risk: 'removing pod-security.kubernetes.io labels lets privileged pods into a namespace',
    find: (q) => named(firstOf(q.some('patch', '', 'namespaces'), q.some('update', '', 'namespaces'))),
  },
  {
    id: 'write-crds',
    title: 'write CustomResourceDefinitions',
    severity: 'medium',
    scope: 'cluster',
    risk: 'an API type can be replaced or removed, with the objects of operators that rely on it',
    find: (q) =>
      named(firstOf(...WRITE.map((verb) => q.some(verb, 'apiextensions.k8s.io', 'customresourcedefinitions')))),
  },
  {
    id: 'write-apiservices',
    title: 'write APIServices',
    severity: 'high',
    scope: 'cluster',
    risk: "an API group can be served by a server of the holder's choosing, which then sees its requests and credentials",
    find: (q) => named(firstOf(...WRITE.map((verb) => q.some(verb, 'apiregistration.k8s.io', 'apiservices')))),
  },
  {
    id: 'aws-auth-configmap',
    title: 'change the aws-auth ConfigMap (EKS)',
    severity: 'high',
    scope: 'namespace',
    risk: 'on EKS, kube-system/aws-auth maps cloud identities to Kubernetes groups, system:masters included',
    find: (q) => {
      if (q.namespace !== 'kube-system' && q.namespace !== '*') return undefined;
      const hit = firstOf(q.some('patch', '', 'configmaps'), q.some('update', '', 'configmaps'));
      return hit && (hit.names === 'all' || hit.names.has('aws-auth')) ? { grants: hit.grants } : undefined;
    },
  },
  {
    id: 'port-forward',
    title: 'port-forward to pods',
    severity: 'low',
    scope: 'namespace',
    risk: 'network access to any port of the pods, past NetworkPolicies and Services',
    find: (q) => named(q.some('create', '', 'pods/portforward')),
  },
];

export interface CapabilityHit {
  capability: Capability;
  /** `*` for all namespaces (or cluster-scoped), else the namespace. */
  namespace: string;
  /** Present when the grant covers only these object names. */
  names?: readonly string[];
  grants: Grant[];
}

/** The catalogue entries a profile holds: cluster-wide first, then namespace by namespace where not already held cluster-wide. */
export function capabilitiesOf(profile: Profile, only?: string): CapabilityHit[] {
  const out: CapabilityHit[] = [];
  const scopes = ['*', ...profile.namespaces()].filter((ns) => only === undefined || ns === '*' || ns === only);
  for (const capability of CATALOGUE) {
    const wide = capability.find(new ScopeQuery(profile, '*'));
    if (wide) out.push({ capability, namespace: '*', ...wide });
    if (capability.scope === 'cluster' || (wide && !wide.names)) continue;
    for (const namespace of scopes) {
      if (namespace === '*') continue;
      const local = capability.find(new ScopeQuery(profile, namespace));
      if (!local) continue;
      // a namespace adds nothing when the cluster-wide grant already covers every name
      if (wide && JSON.stringify(wide.names) === JSON.stringify(local.names)) continue;
      out.push({ capability, namespace, ...local });
    }
  }
  return out;
}
