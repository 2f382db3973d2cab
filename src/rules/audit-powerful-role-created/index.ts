import { isRecord } from '../../core/pod-spec.js';
import type { Report } from '../../core/rule.js';
import { actor, at, defineAuditRule, isFinal, refused, target, WRITE } from '../audit-support.js';

type MessageId = 'wildcard' | 'podExec' | 'write';

const ROLES = new Set(['clusterroles', 'roles']);

/**
 * A role is harmless until bound, but creating one with wildcards or pod exec is how broad access
 * is prepared; reported once per role, for its most powerful rule.
 */
export const auditPowerfulRoleCreated = defineAuditRule<MessageId>({
  meta: {
    id: 'audit-powerful-role-created',
    title: 'No roles created with wildcards, pod exec or write access',
    description:
      'Reports Roles and ClusterRoles created (from the request object) whose rules use `*` in verbs, resources or API groups (high), grant `pods/exec` (medium), or grant writes (low, and only once per role). Aggregated ClusterRoles are judged by the rules they are created with.',
    rationale:
      'Wildcards grant what exists today and every resource added later, Secrets and RBAC included; pod exec is a shell in every pod of the scope. A role created with them is usually the first half of an escalation.',
    remediation:
      'List the verbs and resources the role needs instead of `*`; grant `pods/exec` for a time, not in standing roles. Allow-list the controllers that create such roles (`allowUsers`).',
    severity: 'high',
    owner: 'security',
    frameworks: { mitre: ['T1098'] },
    messages: {
      wildcard: '{{user}} created {{target}} with "*" in {{field}}',
      podExec: '{{user}} created {{target}}, which can exec into pods',
      write: '{{user}} created {{target}}, which can {{verbs}}',
    },
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
  },
  detect(view) {
    if (!ROLES.has(view.resource) || view.subresource !== '' || view.verb !== 'create') return undefined;
    if (!isFinal(view) || refused(view) || !view.requestObject) return undefined;
    const rules = view.requestObject.rules;
    if (!Array.isArray(rules)) return [];
    const data = { user: actor(view), target: target(view) };
    let write: Report<MessageId> | undefined;
    let exec: Report<MessageId> | undefined;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (!isRecord(rule)) continue;
      for (const field of ['verbs', 'resources', 'apiGroups'] as const) {
        const values = rule[field];
        if (Array.isArray(values) && values.includes('*'))
          return [at(['requestObject', 'rules', i, field], 'wildcard', { ...data, field })];
      }
      const verbs = Array.isArray(rule.verbs) ? rule.verbs.filter((v): v is string => typeof v === 'string') : [];
      const resources = Array.isArray(rule.resources) ? rule.resources : [];
      if (!exec && resources.includes('pods/exec') && (verbs.includes('create') || verbs.includes('get')))
        exec = at(['requestObject', 'rules', i, 'resources'], 'podExec', data, { severity: 'medium' });
      const writes = verbs.filter((v) => WRITE.has(v));
      if (!write && writes.length > 0)
        write = at(
          ['requestObject', 'rules', i, 'verbs'],
          'write',
          { ...data, verbs: writes.join(', ') },
          { severity: 'low' },
        );
    }
    return exec ? [exec] : write ? [write] : [];
  },
});
