import { formatSubject, type SubjectRef, UNAUTHENTICATED } from '../../analyze/rbac/index.js';
import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { pathSubjects } from '../rbac-binding-concerns.js';
import { bindingExposure, roleRefText } from '../rbac-public-access.js';
import { BINDING_KINDS, bindingOf } from '../rbac-support.js';

type MessageId = 'access' | 'missingRole' | 'discovery';

const ANONYMOUS_USER = 'system:anonymous';

function isAnonymous(subject: SubjectRef | undefined): subject is SubjectRef {
  if (!subject) return false;
  return (
    (subject.kind === 'User' && subject.name === ANONYMOUS_USER) ||
    (subject.kind === 'Group' && subject.name === UNAUTHENTICATED)
  );
}

/**
 * Flags bindings that give unauthenticated requests anything beyond what upstream gives them:
 * health, version and ServiceAccount issuer discovery (system:public-info-viewer,
 * system:service-account-issuer-discovery) and reviews of one's own access. Judged by the role's
 * rules, so a harmless role passes whatever its name, and a role named like a harmless one but
 * granting more does not.
 */
export const rbacAnonymousAccess = defineRule<MessageId>({
  meta: {
    id: 'rbac-anonymous-access',
    title: 'Anonymous requests get no access beyond health and version',
    description:
      'Reports each binding subject that is the user system:anonymous or the group system:unauthenticated when the bound role grants more than upstream grants everyone: the health, version and OIDC discovery endpoints, and self-reviews. API discovery (/api, /apis, /openapi), which upstream stopped granting anonymous users in Kubernetes 1.14, is low; anything else, or a role the input does not define, is critical.',
    rationale:
      'With anonymous authentication on (the API server default), every request without credentials is the user system:anonymous in the group system:unauthenticated. Whatever those are bound to is open to anyone who can reach the API server: scanners on the internet find exposed clusters within hours, and anonymous read access to Secrets or pods, or any write access, has been the first step of real cluster compromises.',
    remediation:
      'Delete the binding, or bind the role to the authenticated users that need it instead:\n\n```yaml\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: platform-readers   # not system:unauthenticated\n```\n\nWhere no client needs anonymous access, also start the API server with `--anonymous-auth=false`, or (Kubernetes 1.32+) limit anonymous requests to the health endpoints with an AuthenticationConfiguration `anonymous.conditions` list.',
    stage: 'runtime',
    severity: 'critical',
    owner: 'security',
    frameworks: {
      nsa: [
        'Authentication and authorization: authentication',
        'Authentication and authorization: role-based access control',
      ],
      mitre: ['T1078.001', 'T1190'],
    },
    kinds: BINDING_KINDS,
    messages: {
      access: '{{subject}} (every unauthenticated request) is granted {{role}}, which grants {{evidence}}',
      missingRole:
        '{{subject}} (every unauthenticated request) is granted {{role}}, which the input does not define: whatever it grants, anyone who reaches the API server gets',
      discovery:
        '{{subject}} (every unauthenticated request) is granted API discovery by {{role}} ({{evidence}}); Kubernetes grants it to authenticated users only since v1.14',
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#hardening',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles',
    ],
  },
  check(ctx) {
    const { analysis, binding } = bindingOf(ctx);
    if (!binding) return NOT_APPLICABLE;
    if (!binding.subjects.some(isAnonymous)) return [];
    const judged = bindingExposure(binding);
    if (judged.exposure === 'public') return [];
    const messageId: MessageId = judged.missing
      ? 'missingRole'
      : judged.exposure === 'discovery'
        ? 'discovery'
        : 'access';
    // a subject the path rules report gets one finding, theirs, which says who the subject is
    const paths = pathSubjects(analysis, binding);
    const reports: Report<MessageId>[] = [];
    binding.subjects.forEach((subject, index) => {
      if (!isAnonymous(subject) || paths.has(index)) return;
      reports.push({
        path: ['subjects', index],
        messageId,
        severity: messageId === 'discovery' ? 'low' : 'critical',
        data: { subject: formatSubject(subject), role: roleRefText(binding), evidence: judged.evidence ?? '' },
      });
    });
    return reports;
  },
});
