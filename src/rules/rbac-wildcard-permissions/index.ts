import type { PolicyRule } from '../../analyze/rbac/index.js';
import { namespacePhrase } from '../../core/applied-namespace.js';
import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { relatedText, roleRuleConcerns, WILDCARD_RULE, wildcardLists } from '../rbac-concerns.js';
import { isPlatformRole, ROLE_KINDS, roleOf } from '../rbac-support.js';

type MessageId = 'everything' | 'verbs' | 'resources' | 'apiGroups';

const RBAC = 'rbac.authorization.k8s.io';
const IMPERSONATED: readonly [string, string][] = [
  ['', 'users'],
  ['', 'groups'],
  ['', 'serviceaccounts'],
  ['authentication.k8s.io', 'userextras'],
  ['authentication.k8s.io', 'uids'],
];

/** Whether a rule names (or matches by `*`) a resource of a group. */
const covers = (rule: PolicyRule, group: string, resource: string) =>
  (rule.apiGroups.includes('*') || rule.apiGroups.includes(group)) &&
  (rule.resources.includes('*') || rule.resources.includes(resource));

/** The verbs `*` adds that matter for these resources: escalate and bind on roles, impersonate on identities. */
function specialVerbs(rule: PolicyRule): string {
  const special: string[] = [];
  if (covers(rule, RBAC, 'roles') || covers(rule, RBAC, 'clusterroles')) special.push('escalate', 'bind');
  if (IMPERSONATED.some(([group, resource]) => covers(rule, group, resource))) special.push('impersonate');
  return special.length ? `, ${special.join(' and ')} included,` : '';
}

function groupsText(groups: readonly string[]): string {
  if (groups.includes('*')) return 'every API group';
  const named = groups.map((g) => (g === '' ? 'the core group' : g));
  const api = groups.filter((g) => g !== '');
  if (api.length === 0) return named.join(', ');
  return `${groups.includes('') ? 'the core group and ' : ''}API group${api.length > 1 ? 's' : ''} ${api.join(', ')}`;
}

/**
 * Flags `*` in the verbs, resources and apiGroups of Role and ClusterRole rules, once per rule of
 * the role. The message says what the wildcard covers in the groups the rule names, and which
 * risky capabilities it grants: those are reported here, not again by their own rules.
 * `*\/scale`-style subresource wildcards are not reported: they are the documented way to let an
 * autoscaler scale any workload. Non-resource URLs are rbac-non-resource-url-wildcard's.
 */
export const rbacWildcardPermissions = defineRule<MessageId>({
  meta: {
    id: 'rbac-wildcard-permissions',
    title: 'Roles name their verbs, resources and API groups',
    description:
      "Reports `*` in the verbs, resources or apiGroups of each rule of a Role or ClusterRole, once per rule, on the first list that holds it (`rules[0].verbs`). A rule with `*` in all three grants everything: critical in a ClusterRole (it is cluster-admin), high in a Role (full control of the namespace). Otherwise medium (low for `*` verbs on named resources where no escalate, bind or impersonate applies), raised to the severity of the risky capabilities the wildcard grants (Secrets, nodes/proxy, webhooks, …), which the message lists and their own rules then leave to this one. Aggregated ClusterRoles are judged through the roles they aggregate, and the platform's bootstrap roles (cluster-admin, the controllers' roles) not at all: the API server recreates them at every start.",
    rationale:
      'A wildcard grants every verb, resource or API group that exists now and every one added later: `*` verbs include deletecollection, and on roles escalate and bind, on users and groups impersonate; `*` resources include Secrets, subresources such as pods/exec and nodes/proxy, and every CustomResourceDefinition installed next year, which may hold credentials of its own. Reviewers read a wildcard as "a bit of everything" and approve it; attackers read it as "everything".',
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
      verbs: 'grants every verb{{special}} on {{resources}} in {{groups}}, verbs added later included{{grants}}',
      resources:
        'grants {{verbs}} on every resource of {{groups}}, subresources and resources added later included{{grants}}',
      apiGroups: 'grants {{verbs}} on {{resources}} in every API group, groups added later included{{grants}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
    ],
  },
  check(ctx) {
    const { analysis, role } = roleOf(ctx);
    if (!role || role.aggregation || isPlatformRole(role)) return NOT_APPLICABLE;
    const cluster = role.kind === 'ClusterRole';
    const concerns = roleRuleConcerns(analysis, role);
    const reports: Report<MessageId>[] = [];
    for (const source of role.rules) {
      const judged = concerns.get(source);
      if (judged?.primary.rule !== WILDCARD_RULE) continue;
      const { rule, index } = source;
      if (judged.primary.title === 'do everything') {
        reports.push({
          path: ['rules', index],
          messageId: 'everything',
          severity: judged.severity,
          data: {
            scope: cluster
              ? 'cluster-wide where a ClusterRoleBinding grants it'
              : `in ${namespacePhrase(role.namespace)}`,
            equivalent: cluster ? 'cluster-admin' : 'a namespace admin, its RBAC and Secrets included',
          },
        });
        continue;
      }
      const lists = wildcardLists(source);
      const list: MessageId = lists.verbs ? 'verbs' : lists.resources ? 'resources' : 'apiGroups';
      reports.push({
        path: ['rules', index, list],
        messageId: list,
        severity: judged.severity,
        data: {
          verbs: rule.verbs.includes('*') ? 'every verb' : rule.verbs.join(', '),
          special: specialVerbs(rule),
          resources:
            rule.resources.length === 0
              ? `the URLs ${rule.nonResourceURLs.join(', ')}`
              : rule.resources.includes('*')
                ? 'every resource'
                : rule.resources.join(', '),
          groups: rule.resources.length === 0 ? 'the API server' : groupsText(rule.apiGroups),
          grants: relatedText(judged, (c) => c === judged.primary, 'that includes'),
        },
      });
    }
    return reports;
  },
});
