import type { RbacAnalysis, RoleInfo } from '../../analyze/rbac/index.js';
import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { capabilitiesByRule, type FoundCapability, impersonatesPeople } from '../rbac-capabilities.js';
import { describeReach, quoteRule, roleOf } from '../rbac-support.js';

type MessageId = 'exceeds' | 'viewWrites';
type Target = 'view' | 'edit' | 'admin';

const TARGETS: readonly Target[] = ['view', 'edit', 'admin'];
const label = (target: Target) => `rbac.authorization.k8s.io/aggregate-to-${target}`;

/** The catalogue capabilities upstream's roles grant themselves: aggregating them in adds nothing. */
const EDIT = [
  'read-secrets',
  'mint-legacy-tokens',
  'create-pods',
  'write-workloads',
  'patch-pods',
  'exec-pods',
  'attach-pods',
  'create-tokens',
  'impersonate',
  'port-forward',
  'aws-auth-configmap',
];
/** Checked against the bootstrap policy in test/rbac-rules.test.ts. */
export const DEFAULT_ROLE_CAPABILITIES: Readonly<Record<Target, ReadonlySet<string>>> = {
  view: new Set(),
  edit: new Set(EDIT),
  admin: new Set([...EDIT, 'write-bindings']),
};
const READ_VERBS = new Set(['get', 'list', 'watch']);

/** Upstream edit impersonates ServiceAccounts only; users and groups go beyond it. */
function withinBaseline(found: FoundCapability, target: Target): boolean {
  if (!DEFAULT_ROLE_CAPABILITIES[target].has(found.capability.id)) return false;
  if (found.capability.id !== 'impersonate') return true;
  return !impersonatesPeople(found);
}

/** The least powerful of view, edit and admin that the role's rules flow into, and how. */
function targetOf(role: RoleInfo, analysis: RbacAnalysis): { target: Target; via: string } | undefined {
  const aggregators = new Set(analysis.aggregatorsOf(role).map((r) => r.name));
  for (const target of TARGETS) {
    if (role.labels[label(target)] === 'true') return { target, via: `label ${label(target)}` };
    if (aggregators.has(target)) return { target, via: `selected by the aggregationRule of ClusterRole ${target}` };
  }
  return undefined;
}

/**
 * Flags ClusterRoles aggregated into view, edit or admin that add what those roles do not grant
 * upstream: everyone bound to the default role silently gains it. Judged against upstream's own
 * capabilities, so the bootstrap parts (system:aggregate-to-edit and friends) and operators that
 * aggregate their CRDs into the defaults pass.
 */
export const rbacAggregationExtendsDefaultRole = defineRule<MessageId>({
  meta: {
    id: 'rbac-aggregation-extends-default-role',
    title: 'Aggregation does not extend view, edit or admin beyond their upstream power',
    description:
      "Reports rules of ClusterRoles that flow into the default roles view, edit or admin (by an `rbac.authorization.k8s.io/aggregate-to-*` label, or selected by the aggregationRule of the input's view, edit or admin) and grant a risky capability of the catalogue that the upstream role does not: reading Secrets through view, bind, escalate or impersonating users through edit, nodes/proxy, CSR approval or webhook configuration through any of them. Write verbs aggregated into view are medium. Judged against the least powerful default role the ClusterRole reaches, with the capability's catalogue severity.",
    rationale:
      "Aggregation rewrites the default roles without touching them: a ClusterRole labelled aggregate-to-view is merged into view by the controller manager, and from then on every subject bound to view (often every developer, cluster-wide) holds its rules. A review of the RoleBindings shows nothing new, and a Helm chart can ship the label. view deliberately excludes Secrets; a chart that aggregates Secret reads into it hands every viewer the cluster's credentials.",
    remediation:
      'Remove the aggregation label from roles that grant more than the default role is meant to, and bind them separately to those who need them; aggregate only the read (view), write (edit) or management (admin) verbs of your own CRDs:\n\n```yaml\nkind: ClusterRole\nmetadata:\n  name: widgets-view\n  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: "true"\nrules:\n- apiGroups: ["example.com"]\n  resources: ["widgets"]\n  verbs: ["get", "list", "watch"]\n```',
    stage: 'runtime',
    severity: 'high',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      mitre: ['T1098.006'],
    },
    kinds: ['ClusterRole'],
    messages: {
      exceeds:
        'is aggregated into ClusterRole {{target}} ({{via}}), so everyone bound to {{target}} gains "{{capability}}", which upstream {{target}} does not grant: {{rule}}{{also}}; {{bound}}',
      viewWrites:
        'is aggregated into ClusterRole view ({{via}}), which is read-only upstream, but grants {{verbs}}: {{rule}}; {{bound}}',
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
    ],
  },
  check({ resource, inventory }) {
    const { analysis, role } = roleOf(resource, inventory);
    if (role?.kind !== 'ClusterRole') return NOT_APPLICABLE;
    if ((TARGETS as readonly string[]).includes(role.name)) return [];
    const reached = targetOf(role, analysis);
    if (!reached) return [];
    const { target, via } = reached;
    const bound = describeReach(analysis, role);
    // an aggregated role passes its sources' rules on: its own `rules` are the controller's copy
    const { found, everything } = capabilitiesByRule(analysis, role, 'cluster');
    const reports: Report<MessageId>[] = [];
    const reported = new Set<number>();
    const report = (index: number, capability: string, severity: Report['severity'], rule: string, also: string) => {
      reported.add(index);
      reports.push({
        path: role.aggregation ? ['metadata', 'name'] : ['rules', index],
        messageId: 'exceeds',
        severity,
        data: { target, via, capability, rule, also, bound },
      });
    };
    for (const source of everything) report(source.index, 'do everything', 'critical', quoteRule(source), '');
    for (const f of found) {
      if (withinBaseline(f, target)) continue;
      const also = f.with.length ? `, together with ${f.with.map(quoteRule).join(' and ')}` : '';
      report(f.at.index, f.capability.title, f.capability.severity, quoteRule(f.at), also);
    }
    if (target !== 'view' || role.aggregation) return reports;
    for (const source of role.rules) {
      const writes = source.rule.verbs.filter((verb) => !READ_VERBS.has(verb));
      if (writes.length === 0 || reported.has(source.index) || everything.has(source)) continue;
      reports.push({
        path: ['rules', source.index, 'verbs'],
        messageId: 'viewWrites',
        severity: 'medium',
        data: { via, verbs: writes.join(', '), rule: quoteRule(source), bound },
      });
    }
    return reports;
  },
});
