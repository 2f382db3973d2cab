import { AUTHENTICATED, formatSubject, type SubjectRef } from '../../analyze/rbac/index.js';
import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { pathSubjects } from '../rbac-binding-concerns.js';
import { bindingExposure, roleRefText } from '../rbac-public-access.js';
import { BINDING_KINDS, bindingOf } from '../rbac-support.js';

type MessageId = 'authenticated' | 'serviceAccounts' | 'missingRole';

const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';

function isEveryone(subject: SubjectRef | undefined): subject is SubjectRef {
  return subject?.kind === 'Group' && (subject.name === AUTHENTICATED || subject.name === ALL_SERVICE_ACCOUNTS);
}

/**
 * Flags bindings that give every authenticated identity, or every ServiceAccount of the cluster,
 * more than upstream gives them all (discovery, health, version, self-reviews). The bootstrap
 * bindings of system:basic-user, system:discovery and system:public-info-viewer pass by what they grant.
 */
export const rbacBindingToAllAuthenticated = defineRule<MessageId>({
  meta: {
    id: 'rbac-binding-to-all-authenticated',
    title: 'Roles are not granted to every authenticated identity',
    description:
      'Reports each binding subject that is the group system:authenticated or system:serviceaccounts when the bound role grants more than upstream gives every identity: API discovery, health and version endpoints, OIDC discovery and self-reviews. A role the input does not define is reported unless it is one of those upstream roles.',
    rationale:
      'system:authenticated is everyone with any credential the API server accepts: every ServiceAccount token of every pod, every node, and on some managed offerings any account of the cloud provider, not only members of your organisation. system:serviceaccounts is every pod of the cluster. A role bound to them is one compromised pod, or one stranger with a cloud account, away from being used.',
    remediation:
      'Bind the role to the group that needs it, and to ServiceAccounts by name:\n\n```yaml\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: developers        # not system:authenticated\n- kind: ServiceAccount\n  name: reporter\n  namespace: tools\n```',
    stage: 'runtime',
    severity: 'high',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      mitre: ['T1078'],
    },
    kinds: BINDING_KINDS,
    messages: {
      authenticated: '{{subject}} (every authenticated identity) is granted {{role}}, which grants {{evidence}}',
      serviceAccounts:
        '{{subject}} (every ServiceAccount of every namespace) is granted {{role}}, which grants {{evidence}}',
      missingRole:
        '{{subject}} is granted {{role}}, which the input does not define: whatever it grants, every {{who}} gets',
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles',
    ],
  },
  check(ctx) {
    const { analysis, binding } = bindingOf(ctx);
    if (!binding) return NOT_APPLICABLE;
    if (!binding.subjects.some(isEveryone)) return [];
    const judged = bindingExposure(binding);
    if (judged.exposure !== 'access') return [];
    // a subject the path rules report gets one finding, theirs, which says who the subject is
    const paths = pathSubjects(analysis, binding);
    const reports: Report<MessageId>[] = [];
    binding.subjects.forEach((subject, index) => {
      if (!isEveryone(subject) || paths.has(index)) return;
      const all = subject.name === AUTHENTICATED;
      reports.push({
        path: ['subjects', index],
        messageId: judged.missing ? 'missingRole' : all ? 'authenticated' : 'serviceAccounts',
        data: {
          subject: formatSubject(subject),
          role: roleRefText(binding),
          evidence: judged.evidence ?? '',
          who: all ? 'authenticated identity' : 'ServiceAccount',
        },
      });
    });
    return reports;
  },
});
