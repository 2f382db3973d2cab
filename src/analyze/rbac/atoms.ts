import { own } from '../../core/lookup.js';
import type { ResourceRequest } from './types.js';

/**
 * A permission the escalation analysis asks about: one verb on one resource, for any name.
 * `namespaced` says whether a RoleBinding can grant it (the request carries a namespace).
 */
export interface Atom {
  id: string;
  request: ResourceRequest;
  namespaced: boolean;
}

const NAMESPACED: Record<string, boolean> = {
  nodes: false,
  'nodes/proxy': false,
  'nodes/status': false,
  clusterroles: false,
  clusterrolebindings: false,
  certificatesigningrequests: false,
  'certificatesigningrequests/approval': false,
  'certificatesigningrequests/status': false,
  signers: false,
  mutatingwebhookconfigurations: false,
  validatingwebhookconfigurations: false,
  validatingadmissionpolicies: false,
  validatingadmissionpolicybindings: false,
  persistentvolumes: false,
  namespaces: false,
  customresourcedefinitions: false,
  apiservices: false,
  users: false,
  groups: false,
  userextras: false,
  uids: false,
};

export function atomId(verb: string, group: string, resource: string): string {
  return `${verb} ${group ? `${group}/` : ''}${resource}`;
}

function atom(verb: string, group: string, resource: string, namespaced?: boolean): Atom {
  const slash = resource.indexOf('/');
  const base = slash === -1 ? resource : resource.slice(0, slash);
  const subresource = slash === -1 ? '' : resource.slice(slash + 1);
  return {
    id: atomId(verb, group, resource),
    request: { kind: 'resource', verb, apiGroup: group, resource: base, subresource, name: '', namespace: '' },
    namespaced: namespaced ?? own(NAMESPACED, resource) ?? true,
  };
}

/**
 * The request no real client makes: only `*` in verbs, apiGroups and resources allows it, so a
 * grant of it is a grant of everything (cluster-admin when cluster-wide).
 */
export const WILDCARD = atom('rampart:any-verb', 'rampart.any-group', 'rampart:any-resource');

const RBAC = 'rbac.authorization.k8s.io';
const CERTS = 'certificates.k8s.io';
const ADMISSION = 'admissionregistration.k8s.io';
const WRITE = ['create', 'update', 'patch'];

export const WORKLOAD_RESOURCES: readonly [string, string][] = [
  ['apps', 'deployments'],
  ['apps', 'replicasets'],
  ['apps', 'daemonsets'],
  ['apps', 'statefulsets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
  ['', 'replicationcontrollers'],
];

function many(verbs: readonly string[], group: string, resource: string): Atom[] {
  return verbs.map((verb) => atom(verb, group, resource));
}

export const ATOMS: readonly Atom[] = [
  WILDCARD,
  ...many(['get', 'list', 'watch', 'create', 'delete', 'deletecollection'], '', 'secrets'),
  ...many(['create', 'update', 'patch'], '', 'pods'),
  atom('create', '', 'pods/exec'),
  atom('create', '', 'pods/attach'),
  atom('create', '', 'pods/portforward'),
  ...many(['update', 'patch'], '', 'pods/ephemeralcontainers'),
  ...many(['update', 'patch'], '', 'pods/status'),
  ...WORKLOAD_RESOURCES.flatMap(([group, resource]) => many(WRITE, group, resource)),
  atom('create', '', 'serviceaccounts/token'),
  atom('impersonate', '', 'users'),
  atom('impersonate', '', 'groups'),
  atom('impersonate', '', 'serviceaccounts'),
  atom('impersonate', 'authentication.k8s.io', 'userextras'),
  atom('impersonate', 'authentication.k8s.io', 'uids'),
  atom('bind', RBAC, 'roles'),
  // the bind check for a ClusterRole runs in the namespace of the binding being written
  atom('bind', RBAC, 'clusterroles', true),
  atom('escalate', RBAC, 'roles'),
  atom('escalate', RBAC, 'clusterroles'),
  ...many(WRITE, RBAC, 'roles'),
  ...many(WRITE, RBAC, 'clusterroles'),
  ...many(WRITE, RBAC, 'rolebindings'),
  ...many(WRITE, RBAC, 'clusterrolebindings'),
  ...many(['get', 'create'], '', 'nodes/proxy'),
  ...many(['update', 'patch', 'delete'], '', 'nodes'),
  ...many(['update', 'patch'], '', 'nodes/status'),
  ...many(['create', 'get', 'list', 'watch'], CERTS, 'certificatesigningrequests'),
  ...many(['update', 'patch'], CERTS, 'certificatesigningrequests/approval'),
  ...many(['update', 'patch'], CERTS, 'certificatesigningrequests/status'),
  atom('approve', CERTS, 'signers'),
  atom('sign', CERTS, 'signers'),
  ...many(WRITE, ADMISSION, 'mutatingwebhookconfigurations'),
  ...many([...WRITE, 'delete'], ADMISSION, 'validatingwebhookconfigurations'),
  ...many([...WRITE, 'delete'], ADMISSION, 'validatingadmissionpolicies'),
  ...many([...WRITE, 'delete'], ADMISSION, 'validatingadmissionpolicybindings'),
  atom('create', '', 'persistentvolumes'),
  ...many(['update', 'patch'], '', 'namespaces'),
  ...many(WRITE, 'apiextensions.k8s.io', 'customresourcedefinitions'),
  ...many(WRITE, 'apiregistration.k8s.io', 'apiservices'),
  ...many(['create', 'update', 'patch', 'delete'], '', 'configmaps'),
  ...many(['delete', 'deletecollection'], '', 'events'),
  ...many(['delete', 'deletecollection'], 'events.k8s.io', 'events'),
  ...many(['create', 'update', 'patch', 'delete', 'deletecollection'], 'networking.k8s.io', 'networkpolicies'),
];
