/**
 * One scan rule per family of the analyzer's risky-capability catalogue: the rule reports each
 * rule of a Role or ClusterRole that grants a capability of its family, with the catalogue's
 * severity, so `rampart scan` and `rampart rbac access` agree on what is dangerous and how much.
 */
import {
  capabilityById,
  describeNamespace,
  type GrantScope,
  type ResourceRequest,
  ruleAllowsIgnoringName,
} from '../analyze/rbac/index.js';
import { defineRule, NOT_APPLICABLE, type Report, type Rule, type RuleMeta } from '../core/rule.js';
import type { Severity } from '../core/severity.js';
import { CAPABILITY_OWNERS, relatedText, roleRuleConcerns, scopeOf } from './rbac-concerns.js';
import { describeReach, isPlatformRole, quoteRule, ROLE_KINDS, roleOf } from './rbac-support.js';

export interface CapabilityEntry<MessageId extends string> {
  /** The catalogue id (see src/analyze/rbac/catalogue.ts); its owner in ./rbac-concerns.ts must be this rule. */
  id: string;
  messageId: MessageId;
}

/** A part of a capability that is worth a finding on its own (the bind verb without write access to bindings). */
export interface FragmentEntry<MessageId extends string> {
  messageId: MessageId;
  severity: Severity;
  /** `cluster`: only a ClusterRole under a ClusterRoleBinding grants it. */
  scope: GrantScope;
  requests: readonly (readonly [verb: string, group: string, resource: string])[];
}

export interface CapabilityRuleSpec<MessageId extends string> {
  meta: Omit<RuleMeta<MessageId>, 'kinds' | 'stage'>;
  capabilities: readonly CapabilityEntry<MessageId>[];
  fragments?: readonly FragmentEntry<MessageId>[];
}

/**
 * A rule judging Roles and ClusterRoles as written. A ClusterRole counts as bound cluster-wide
 * unless the inputs bind it, and only by RoleBindings (then cluster-scoped resources are out of
 * its reach). Aggregated ClusterRoles are judged through the roles they aggregate (their rules are
 * the aggregation controller's), the platform's defaults not at all. A rule of a role that several
 * scan rules care about is reported once, by its primary rule (see ./rbac-concerns.ts).
 */
export function rbacCapabilityRule<MessageId extends string>(spec: CapabilityRuleSpec<MessageId>): Rule<MessageId> {
  for (const entry of spec.capabilities) {
    capabilityById(entry.id);
    if (CAPABILITY_OWNERS[entry.id]?.rule !== spec.meta.id)
      throw new Error(
        `rule ${spec.meta.id}: capability ${entry.id} is reported by ${CAPABILITY_OWNERS[entry.id]?.rule}`,
      );
  }
  const fragments = (spec.fragments ?? []).map((fragment) => ({
    ...fragment,
    requests: fragment.requests.map(request),
  }));
  return defineRule<MessageId>({
    meta: { ...spec.meta, kinds: ROLE_KINDS, stage: 'runtime' },
    check(ctx) {
      const { analysis, role } = roleOf(ctx);
      if (!role || role.aggregation || isPlatformRole(role)) return NOT_APPLICABLE;
      const scope = scopeOf(analysis, role);
      const where =
        role.kind === 'Role'
          ? `in ${describeNamespace(role.namespace, role.namespaceImplied === true, analysis.index.applied)}`
          : scope === 'cluster'
            ? 'wherever it is bound (in every namespace through a ClusterRoleBinding)'
            : 'in the namespaces of its RoleBindings';
      const concerns = roleRuleConcerns(analysis, role);
      const reports: Report<MessageId>[] = [];
      for (const source of role.rules) {
        const judged = concerns.get(source);
        if (judged) {
          const { primary } = judged;
          const entry = spec.capabilities.find((e) => e.id === primary.found?.capability.id);
          if (primary.rule !== spec.meta.id || !entry || !primary.found) continue;
          const f = primary.found;
          reports.push({
            path: ['rules', source.index],
            messageId: entry.messageId,
            severity: judged.severity,
            data: {
              rule: quoteRule(f.at),
              also: f.with.length ? `, together with ${f.with.map(quoteRule).join(' and ')}` : '',
              names: f.names ? ` (only for the names ${f.names.join(', ')})` : '',
              bound: describeReach(analysis, role),
              where,
              related: relatedText(judged, (c) => c === primary),
            },
          });
          continue;
        }
        const fragment = fragments.find(
          (fr) =>
            (fr.scope === 'namespace' || scope === 'cluster') &&
            fr.requests.some((r) => ruleAllowsIgnoringName(source.rule, r)),
        );
        if (!fragment) continue;
        reports.push({
          path: ['rules', source.index],
          messageId: fragment.messageId,
          severity: fragment.severity,
          data: {
            rule: quoteRule(source),
            also: '',
            names: '',
            bound: describeReach(analysis, role),
            where,
            related: '',
          },
        });
      }
      return reports;
    },
  });
}

function request([verb, group, resource]: readonly [string, string, string]): ResourceRequest {
  const slash = resource.indexOf('/');
  return {
    kind: 'resource',
    verb,
    apiGroup: group,
    resource: slash === -1 ? resource : resource.slice(0, slash),
    subresource: slash === -1 ? '' : resource.slice(slash + 1),
    name: '',
    namespace: '',
  };
}
