/*
 * Seeded RBAC worlds: Roles and ClusterRoles with wildcards, subresources, resourceNames and
 * non-resource URLs; aggregated ClusterRoles (nested, by matchLabels and matchExpressions, and
 * into the built-in view/edit/admin); bindings to users, groups and ServiceAccounts (with and
 * without a namespace), some to roles that do not exist. Every object is valid for the API server.
 */
import type { Random } from './oracle.js';

type Obj = Record<string, unknown>;

export const RBAC_NAMESPACES = ['rb-a', 'rb-b', 'rb-c'];
export const USERS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
export const GROUPS = ['g0', 'g1', 'g2', 'g3'];
export const SERVICE_ACCOUNTS: [string, string][] = [
  ['rb-a', 'sa0'],
  ['rb-a', 'sa1'],
  ['rb-b', 'sa0'],
  ['rb-c', 'sa2'],
];
export const VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'bind',
  'escalate',
  'impersonate',
  'approve',
  'use',
];
/** [apiGroup, resource] pairs requests are drawn from; rules draw from them and from wildcards. */
export const RESOURCES: [string, string][] = [
  ['', 'pods'],
  ['', 'pods/log'],
  ['', 'pods/exec'],
  ['', 'secrets'],
  ['', 'configmaps'],
  ['', 'namespaces'],
  ['', 'nodes'],
  ['', 'serviceaccounts/token'],
  ['apps', 'deployments'],
  ['apps', 'deployments/scale'],
  ['apps', 'statefulsets/scale'],
  ['batch', 'jobs'],
  ['rbac.authorization.k8s.io', 'roles'],
  ['rbac.authorization.k8s.io', 'clusterroles'],
  ['example.com', 'widgets'],
  ['example.com', 'widgets/status'],
];
export const NAMES = ['web', 'db', 'cache'];
export const PATHS = [
  '/healthz',
  '/healthz/ping',
  '/metrics',
  '/api',
  '/api/v1',
  '/apis/example.com',
  '/logs/kube.log',
  '/version',
  '/readyz',
  '/custom/x',
];
const URL_RULES = ['/healthz', '/metrics', '/api/*', '/logs/*', '*', '/version', '/custom/*', '/custom'];
const AGG_LABELS = ['agg-a', 'agg-b', 'agg-c'];
const BUILTIN_AGGREGATES = ['view', 'edit', 'admin'];

function resourceRule(r: Random): Obj {
  const pairs = r.some(RESOURCES, 0.15);
  const groups = new Set<string>();
  const resources = new Set<string>();
  for (const [group, resource] of pairs.length > 0 ? pairs : [r.pick(RESOURCES)]) {
    groups.add(group);
    resources.add(resource);
  }
  if (r.chance(0.1)) groups.add('*');
  if (r.chance(0.08)) resources.add('*');
  if (r.chance(0.06)) resources.add('*/scale');
  if (r.chance(0.05)) resources.add('pods/*');
  const verbs = r.chance(0.1) ? ['*'] : r.some(VERBS, 0.25);
  const rule: Obj = { apiGroups: [...groups], resources: [...resources], verbs: verbs.length > 0 ? verbs : ['get'] };
  if (r.chance(0.15)) rule.resourceNames = r.some(NAMES, 0.5).length > 0 ? r.some(NAMES, 0.5) : ['web'];
  if (Array.isArray(rule.resourceNames) && rule.resourceNames.length === 0) delete rule.resourceNames;
  return rule;
}

function urlRule(r: Random): Obj {
  const urls = r.some(URL_RULES, 0.25);
  return {
    nonResourceURLs: urls.length > 0 ? urls : ['/healthz'],
    verbs: r.chance(0.2) ? ['*'] : r.pick([['get'], ['get', 'post'], ['post']]),
  };
}

function rules(r: Random, clusterScoped: boolean): Obj[] {
  const out: Obj[] = [];
  const count = 1 + r.int(3);
  for (let i = 0; i < count; i++) out.push(clusterScoped && r.chance(0.2) ? urlRule(r) : resourceRule(r));
  return out;
}

function subject(r: Random, namespaced: boolean): Obj {
  const roll = r.next();
  if (roll < 0.4) return { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: r.pick(USERS) };
  if (roll < 0.7) {
    const name = r.chance(0.1)
      ? r.pick(['system:authenticated', 'system:serviceaccounts:rb-a', 'system:serviceaccounts'])
      : r.pick(GROUPS);
    return { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name };
  }
  const [namespace, name] = r.pick(SERVICE_ACCOUNTS);
  // A RoleBinding may leave a ServiceAccount's namespace out: it means the binding's own.
  if (namespaced && r.chance(0.25)) return { kind: 'ServiceAccount', name };
  return { kind: 'ServiceAccount', name, namespace };
}

export function generateRbac(r: Random): Obj[] {
  const objects: Obj[] = [];
  const clusterRoles: string[] = [];
  for (let i = 0; i < 14; i++) {
    const labels: Record<string, string> = {};
    for (const label of r.some(AGG_LABELS, 0.25)) labels[`rampart-test/${label}`] = 'true';
    if (r.chance(0.1)) labels[`rbac.authorization.k8s.io/aggregate-to-${r.pick(BUILTIN_AGGREGATES)}`] = 'true';
    const name = `rt-cr-${i}`;
    clusterRoles.push(name);
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels },
      rules: rules(r, true),
    });
  }
  AGG_LABELS.forEach((label, i) => {
    const selectors: Obj[] = [{ matchLabels: { [`rampart-test/${label}`]: 'true' } }];
    if (r.chance(0.5))
      selectors.push({ matchExpressions: [{ key: `rampart-test/${r.pick(AGG_LABELS)}`, operator: 'Exists' }] });
    const name = `rt-agg-${i}`;
    clusterRoles.push(name);
    // The second aggregate is itself selected by the third: aggregation of aggregates.
    const labels = i === 1 ? { 'rampart-test/agg-c': 'true' } : {};
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels },
      aggregationRule: { clusterRoleSelectors: selectors },
      // Written rules of an aggregated role are replaced by the controller.
      rules: r.chance(0.5) ? [resourceRule(r)] : [],
    });
  });
  const roles = new Map<string, string[]>();
  for (const namespace of RBAC_NAMESPACES) {
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const name = `rt-role-${i}`;
      names.push(name);
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name, namespace },
        rules: rules(r, false),
      });
    }
    roles.set(namespace, names);
  }
  const builtin = ['view', 'edit', 'admin', 'cluster-admin', 'system:basic-user'];
  for (const namespace of RBAC_NAMESPACES) {
    for (let i = 0; i < 8; i++) {
      const roll = r.next();
      const roleRef =
        roll < 0.45
          ? { kind: 'Role', name: r.chance(0.08) ? 'rt-missing' : r.pick(roles.get(namespace) ?? []) }
          : { kind: 'ClusterRole', name: roll < 0.85 ? r.pick(clusterRoles) : r.pick(builtin.slice(0, 3)) };
      objects.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `rt-rb-${i}`, namespace },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
        subjects: Array.from({ length: 1 + r.int(3) }, () => subject(r, true)),
      });
    }
  }
  for (let i = 0; i < 8; i++) {
    const name = r.chance(0.08) ? 'rt-missing' : r.chance(0.1) ? r.pick(builtin) : r.pick(clusterRoles);
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `rt-crb-${i}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: Array.from({ length: 1 + r.int(2) }, () => subject(r, false)),
    });
  }
  return objects;
}

export interface AccessRequest {
  user?: string;
  groups: string[];
  resource?: { verb: string; group: string; resource: string; subresource: string; name: string; namespace: string };
  nonResource?: { verb: string; path: string };
}

/** An identity as the authenticator would hand it to the authorizer. */
export function identity(r: Random): { user?: string; groups: string[] } {
  const roll = r.next();
  if (roll < 0.5) {
    const groups = [...r.some(GROUPS, 0.3), 'system:authenticated'];
    if (r.chance(0.03)) groups.push('system:masters');
    return { user: r.pick(USERS), groups };
  }
  if (roll < 0.8) {
    const [namespace, name] = r.pick(SERVICE_ACCOUNTS);
    return {
      user: `system:serviceaccount:${namespace}:${name}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
    };
  }
  if (roll < 0.93) return { groups: [...r.some(GROUPS, 0.5), 'system:authenticated'] };
  return { user: 'system:anonymous', groups: ['system:unauthenticated'] };
}

export function request(r: Random): NonNullable<AccessRequest['resource'] | AccessRequest['nonResource']> {
  if (r.chance(0.12)) return { verb: r.pick(['get', 'post', 'put']), path: r.pick(PATHS) };
  const [group, full] = r.chance(0.05)
    ? [r.pick(['', 'apps', 'other.io']), r.pick(['widgets', 'pods'])]
    : r.pick(RESOURCES);
  const [resource = full, subresource = ''] = full.split('/');
  const clusterScoped = ['namespaces', 'nodes', 'clusterroles'].includes(resource);
  const namespace = clusterScoped ? '' : r.chance(0.15) ? '' : r.pick([...RBAC_NAMESPACES, 'default']);
  const verb = r.chance(0.05) ? r.pick(['*', 'proxy']) : r.pick(VERBS);
  const name = r.chance(0.35) ? r.pick([...NAMES, 'other']) : '';
  return { verb, group, resource, subresource, name, namespace };
}
