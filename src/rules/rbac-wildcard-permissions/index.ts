import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { isPlatformRole, ROLE_KINDS, roleOf } from '../rbac-support.js';

type MessageId = 'everything' | 'verbs' | 'resources' | 'apiGroups';

/**
 * Flags `*` in the verbs, resources and apiGroups of Role and ClusterRole rules. A rule with `*`
 * in all three is one finding (it grants everything); otherwise one finding per wildcard list.
 * `*\/scale`-style subresource wildcards are not reported: they are the documented way to let an
 * autoscaler scale any workload. Non-resource URLs are rbac-non-resource-url-wildcard's.
 */
export const rbacWildcardPermissions = defineRule<MessageId>({
  meta: {
    id: 'rbac-wildcard-permissions',
    title: 'Roles name their verbs, resources and API groups',
    description:
      "Reports `*` in the verbs, resources or apiGroups of each rule of a Role or ClusterRole, on the list that holds it (`rules[0].verbs`). A rule with `*` in all three grants everything and is reported once, on the rule: critical in a ClusterRole (it is cluster-admin), high in a Role (full control of the namespace). Aggregated ClusterRoles are judged through the roles they aggregate, and the platform's bootstrap roles (cluster-admin, the controllers' roles) not at all: the API server recreates them at every start.",
    rationale:
      'A wildcard grants every verb, resource or API group that exists now and every one added later: `*` verbs include escalate, bind, impersonate and deletecollection; `*` resources include Secrets, subresources such as pods/exec and nodes/proxy, and every CustomResourceDefinition installed next year, which may hold credentials of its own. Reviewers read a wildcard as "a bit of everything" and approve it; attackers read it as "everything".',
    remediation:
      'List what the role needs; `kubectl api-resources -o wide` shows every resource with its verbs, and `rampart rbac generate --audit-log` writes the minimal rules from what a subject really did:\n\n```yaml\nrules:\n- apiGroups: ["apps"]\n  resources: ["deployments", "replicasets"]\n  verbs: ["get", "list", "watch", "update", "patch"]\n```',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.3'],
      mitre: ['T1078'],
    },
    kinds: ROLE_KINDS,
    messages: {
      everything:
        'grants every verb on every resource of every API group ({{scope}}), including those added later: the power of {{equivalent}}',
      verbs: 'grants every verb, escalate, bind, impersonate and deletecollection included, on {{resources}}',
      resources: 'grants {{verbs}} on every resource of {{groups}}, {{included}} included',
      apiGroups: 'grants {{verbs}} on {{resources}} in every API group, including groups added later',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
    ],
  },
  check({ resource, inventory }) {
    const { role } = roleOf(resource, inventory);
    if (!role || role.aggregation || isPlatformRole(role)) return NOT_APPLICABLE;
    const cluster = role.kind === 'ClusterRole';
    const reports: Report<MessageId>[] = [];
    for (const { rule, index } of role.rules) {
      if (rule.resources.length === 0) {
        // `*` URLs are rbac-non-resource-url-wildcard's, with their verbs
        const everyUrl = rule.nonResourceURLs.some((url) => url === '*' || url === '/*');
        if (rule.verbs.includes('*') && !everyUrl)
          reports.push({
            path: ['rules', index, 'verbs'],
            messageId: 'verbs',
            data: { resources: `the URLs ${rule.nonResourceURLs.join(', ')}` },
          });
        continue;
      }
      const verbs = rule.verbs.includes('*');
      const resources = rule.resources.includes('*');
      const groups = rule.apiGroups.includes('*');
      if (verbs && resources && groups) {
        reports.push({
          path: ['rules', index],
          messageId: 'everything',
          severity: cluster ? 'critical' : 'high',
          data: {
            scope: cluster ? 'cluster-wide where a ClusterRoleBinding grants it' : `in namespace ${role.namespace}`,
            equivalent: cluster ? 'cluster-admin' : 'a namespace admin, its RBAC and Secrets included',
          },
        });
        continue;
      }
      const data = {
        verbs: verbs ? 'every verb' : rule.verbs.join(', '),
        resources: resources ? 'every resource' : rule.resources.join(', '),
        groups: groups ? 'every API group' : rule.apiGroups.map((g) => (g === '' ? 'the core group' : g)).join(', '),
        included:
          groups || rule.apiGroups.includes('')
            ? 'Secrets, subresources such as pods/exec, and resources added later'
            : 'subresources and resources added later',
      };
      if (verbs) reports.push({ path: ['rules', index, 'verbs'], messageId: 'verbs', data });
      if (resources) reports.push({ path: ['rules', index, 'resources'], messageId: 'resources', data });
      if (groups) reports.push({ path: ['rules', index, 'apiGroups'], messageId: 'apiGroups', data });
    }
    return reports;
  },
});
