import { BUILT_IN_RESOURCES, type ResourceType, resourceTypes } from '../../analyze/rbac/index.js';
import type { Inventory } from '../../core/inventory.js';
import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { isPlatformRole, ROLE_KINDS, roleOf } from '../rbac-support.js';

type MessageId = 'singular' | 'wrongGroup' | 'unknownResource' | 'clusterScoped' | 'urlsInRole' | 'noGroups';

/**
 * Groups whose resources Kubernetes serves in full (metrics.k8s.io: metrics-server's): a resource
 * absent from them exists nowhere. Other groups belong to CRDs or aggregated APIs the input may not
 * hold, and are not judged. `extensions` served nothing since v1.22 and is left alone: old rules
 * name it on purpose, for old clusters.
 */
const COMPLETE_GROUPS: ReadonlySet<string> = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'storage.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'node.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'metrics.k8s.io',
]);

const METRICS: readonly ResourceType[] = ['pods', 'nodes'].map((resource) => ({
  resource,
  group: 'metrics.k8s.io',
  kind: resource === 'pods' ? 'PodMetrics' : 'NodeMetrics',
  namespaced: resource === 'pods',
  shortNames: [],
}));

/** Resources Kubernetes removed: rules keep naming them for older clusters, which is no typo. */
const REMOVED: ReadonlySet<string> = new Set(['policy/podsecuritypolicies', 'batch/scheduledjobs']);

const typesCache = new WeakMap<Inventory, readonly ResourceType[]>();

function typesOf(inventory: Inventory): readonly ResourceType[] {
  let types = typesCache.get(inventory);
  if (!types) {
    types = [...resourceTypes(inventory), ...METRICS];
    typesCache.set(inventory, types);
  }
  return types;
}

/** `pod` for pods, `networkpolicy` for networkpolicies, `ingress` for ingresses. */
function singular(plural: string): string {
  if (plural.endsWith('ies')) return `${plural.slice(0, -3)}y`;
  if (plural.endsWith('sses') || plural.endsWith('xes')) return plural.slice(0, -2);
  return plural.endsWith('s') ? plural.slice(0, -1) : plural;
}

const groupName = (group: string) => (group === '' ? 'the core group ("")' : `API group ${group}`);

interface Verdict {
  messageId: MessageId;
  data: Record<string, string>;
}

/** Why a resource a rule names matches no request in any of the rule's groups, or undefined when it may match. */
function judge(
  name: string,
  groups: readonly string[],
  types: readonly ResourceType[],
  role: string,
): Verdict | undefined {
  if (name === '*' || name.startsWith('*/')) return undefined;
  const base = name.split('/')[0] as string;
  const inGroups = types.filter((t) => groups.includes(t.group) && t.resource === base);
  if (inGroups.length > 0) {
    if (role !== 'Role' || base === 'namespaces' || inGroups.some((t) => t.namespaced)) return undefined;
    // a Role grants in its namespace only: requests for cluster-scoped objects carry none
    return { messageId: 'clusterScoped', data: { resource: name, group: groupName(inGroups[0]?.group ?? '') } };
  }
  if (groups.some((g) => REMOVED.has(`${g}/${base}`))) return undefined;
  const lower = base.toLowerCase();
  const where = groups.map(groupName).join(' or ');
  // the singular, the kind or another case of a resource the group has: a typo, whoever serves the group
  const meant = types.find(
    (t) =>
      groups.includes(t.group) &&
      (singular(t.resource) === lower || t.kind.toLowerCase() === lower || t.resource === lower),
  );
  if (meant) return { messageId: 'singular', data: { resource: name, plural: meant.resource, group: where } };
  if (!groups.every((g) => COMPLETE_GROUPS.has(g))) return undefined;
  const elsewhere = BUILT_IN_RESOURCES.find((t) => t.resource === base);
  if (elsewhere)
    return { messageId: 'wrongGroup', data: { resource: name, group: where, home: groupName(elsewhere.group) } };
  return { messageId: 'unknownResource', data: { resource: name, group: where } };
}

/**
 * Flags the rules of Roles and ClusterRoles that grant nothing as written: a resource that does
 * not exist in the API groups the rule names (`rolebindings` under the core group, a singular `pod`,
 * `Pods` in capitals), a cluster-scoped resource in a Role, non-resource URLs in a Role. Such typos
 * fail quietly, and the usual "fix" is a `*` that grants far more than was meant.
 */
export const rbacRuleGrantsNothing = defineRule<MessageId>({
  meta: {
    id: 'rbac-rule-grants-nothing',
    title: 'Role rules name resources that exist where they look for them',
    description:
      'Reports each resource of a Role or ClusterRole rule that no request can match: a name that is not a resource of the built-in API groups the rule names (a singular or capitalised name such as `pod` or `Pods`, a resource of another group such as `rolebindings` under the core group, or no resource at all), a cluster-scoped resource (nodes, persistentvolumes, clusterroles, a cluster-scoped CRD of the input, …) in a Role, whose grants carry a namespace, and nonResourceURLs in a Role. Only groups Kubernetes serves in full are judged (the core group, apps, batch, rbac.authorization.k8s.io, networking.k8s.io, … and metrics.k8s.io), together with the CRDs of the input; `namespaces` in a Role grants its own namespace and passes, and resources Kubernetes removed (podsecuritypolicies) are not typos.',
    rationale:
      'RBAC matches resource names exactly: `pod`, `Pods` and `deployments` under the core group match nothing, and a Role that names `nodes` can never grant them, since a RoleBinding grants only requests in its namespace. The API server accepts all of these without a word. The workload then fails with "forbidden", and the fix that gets applied under pressure is usually `resources: ["*"]` or `apiGroups: ["*"]`, which grants far more than was ever meant: Secrets, pods/exec, every resource added later.',
    remediation:
      'Use the lowercase plural that `kubectl api-resources` lists, under its group, and grant cluster-scoped resources with a ClusterRole bound by a ClusterRoleBinding:\n\n```yaml\nrules:\n- apiGroups: [""]\n  resources: ["pods"]          # not "pod" or "Pods"\n  verbs: ["get", "list"]\n- apiGroups: ["rbac.authorization.k8s.io"]\n  resources: ["rolebindings"]  # not under ""\n  verbs: ["get"]\n```',
    stage: 'runtime',
    severity: 'low',
    owner: 'platform',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      mitre: ['T1078'],
    },
    kinds: ROLE_KINDS,
    messages: {
      singular:
        'names "{{resource}}", which is no resource of {{group}}: RBAC matches the lowercase plural "{{plural}}" exactly, so this grants nothing',
      wrongGroup:
        'names "{{resource}}" in {{group}}, which has no such resource ({{home}} serves it), so this grants nothing',
      unknownResource: 'names "{{resource}}", which is no resource of {{group}}, so this grants nothing',
      clusterScoped:
        'names the cluster-scoped "{{resource}}" of {{group}} in a Role: a Role grants only requests in its namespace, and requests for cluster-scoped objects have none, so this grants nothing',
      noGroups:
        'names resources but no apiGroups, so it matches no request: the core group is written "" (apiGroups: [""])',
      urlsInRole:
        'names non-resource URLs in a Role: only a ClusterRole bound by a ClusterRoleBinding grants them, so this grants nothing',
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-and-clusterrole',
    ],
  },
  check(ctx) {
    const { role } = roleOf(ctx);
    if (!role || role.aggregation || isPlatformRole(role)) return NOT_APPLICABLE;
    const types = typesOf(ctx.inventory);
    const reports: Report<MessageId>[] = [];
    for (const { rule, index } of role.rules) {
      if (role.kind === 'Role' && rule.nonResourceURLs.length > 0)
        reports.push({ path: ['rules', index, 'nonResourceURLs'], messageId: 'urlsInRole' });
      if (rule.resources.length > 0 && rule.apiGroups.length === 0) {
        reports.push({ path: ['rules', index, 'resources'], messageId: 'noGroups' });
        continue;
      }
      if (rule.apiGroups.includes('*') || rule.verbs.length === 0) continue;
      rule.resources.forEach((name, at) => {
        const verdict = judge(name, rule.apiGroups, types, role.kind);
        if (verdict) reports.push({ path: ['rules', index, 'resources', at], ...verdict });
      });
    }
    return reports;
  },
});
