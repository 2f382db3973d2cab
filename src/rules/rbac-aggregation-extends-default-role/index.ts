import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { type Severity, severityRank } from '../../core/severity.js';
import { aggregationOf, type Excess } from '../rbac-aggregation.js';
import { relatedText, roleRuleConcerns } from '../rbac-concerns.js';
import { describeReach, quoteRule, roleOf } from '../rbac-support.js';

export { DEFAULT_ROLE_CAPABILITIES } from '../rbac-aggregation.js';

type MessageId = 'exceeds' | 'viewWrites';

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
        'is aggregated into ClusterRole {{target}} ({{via}}), so everyone bound to {{target}} gains "{{capability}}", which upstream {{target}} does not grant: {{rule}}{{also}}; {{bound}}{{related}}',
      viewWrites:
        'is aggregated into ClusterRole view ({{via}}), which is read-only upstream, but grants {{verbs}}: {{rule}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
    ],
  },
  check(ctx) {
    const { analysis, role } = roleOf(ctx);
    if (role?.kind !== 'ClusterRole') return NOT_APPLICABLE;
    const aggregation = aggregationOf(analysis, role);
    if (!aggregation) return [];
    const { target, via } = aggregation;
    const bound = describeReach(analysis, role);
    const concerns = roleRuleConcerns(analysis, role);
    const reports: Report<MessageId>[] = [];
    const reported = new Set<unknown>();
    for (const e of aggregation.excess) {
      // one finding per rule of the role (per role, when it is aggregated itself), naming the rest
      const at = role.aggregation ? role : e.source;
      if (reported.has(at)) continue;
      reported.add(at);
      const judged = concerns.get(e.source);
      const related = role.aggregation
        ? otherExcess(aggregation.excess, e)
        : judged
          ? relatedText(judged, (c) => c === judged.primary)
          : '';
      const rule = quoteRule(e.source);
      const also = e.with.length ? `, together with ${e.with.map(quoteRule).join(' and ')}` : '';
      const severity = judged?.severity ?? maxSeverity(aggregation.excess);
      reports.push(
        e.kind === 'viewWrites'
          ? {
              path: ['rules', e.source.index, 'verbs'],
              messageId: 'viewWrites',
              severity,
              data: { via, verbs: e.what, rule, bound, related },
            }
          : {
              path: role.aggregation ? ['metadata', 'name'] : ['rules', e.source.index],
              messageId: 'exceeds',
              severity,
              data: { target, via, capability: e.what, rule, also, bound, related },
            },
      );
    }
    return reports;
  },
});

function otherExcess(all: readonly Excess[], reported: Excess): string {
  const others = [...new Set(all.filter((e) => e !== reported).map((e) => e.what))];
  return others.length ? `; it also grants: ${others.join(', ')}` : '';
}

function maxSeverity(all: readonly Excess[]): Severity {
  return all.reduce<Severity>((max, e) => (severityRank(e.severity) > severityRank(max) ? e.severity : max), 'info');
}
