import { formatSubject, parseServiceAccountUsername, type SubjectRef } from '../../analyze/rbac/index.js';
import { namespacePhrase } from '../../core/applied-namespace.js';
import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { pathSubjects } from '../rbac-binding-concerns.js';
import { bindingExposure, roleRefText } from '../rbac-public-access.js';
import { BINDING_KINDS, bindingOf } from '../rbac-support.js';

type MessageId = 'defaultAccount' | 'missingRole';

/** The namespace whose default ServiceAccount the subject is, as a ServiceAccount subject or its user name. */
function defaultAccountOf(subject: SubjectRef | undefined): string | undefined {
  if (!subject) return undefined;
  if (subject.kind === 'ServiceAccount') return subject.name === 'default' ? subject.namespace : undefined;
  if (subject.kind !== 'User') return undefined;
  const account = parseServiceAccountUsername(subject.name);
  return account?.name === 'default' ? account.namespace : undefined;
}

/** Flags bindings that give a namespace's default ServiceAccount rights (CIS 5.1.5). */
export const rbacDefaultServiceAccountBinding = defineRule<MessageId>({
  meta: {
    id: 'rbac-default-service-account-binding',
    title: "Namespaces' default ServiceAccounts are granted nothing",
    description:
      "Reports each binding subject that is a namespace's `default` ServiceAccount (as a ServiceAccount subject, or the user system:serviceaccount:<namespace>:default) when the bound role grants more than every identity already has (discovery, health, version, self-reviews). A role the input does not define is reported too. ClusterRoleBindings are high, RoleBindings medium.",
    rationale:
      "Every pod that names no ServiceAccount runs as its namespace's `default` one, and gets its token unless automounting is turned off. Rights granted to `default` for one application therefore reach every other pod of the namespace, present and future, including third-party images that never needed API access; the audit log cannot tell which of them acted.",
    remediation:
      'Create a ServiceAccount for the workload that needs the rights, bind it instead, and name it in the pod:\n\n```yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: reporter\n  namespace: tools\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reporter\n  namespace: tools\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reporter\nsubjects:\n- kind: ServiceAccount\n  name: reporter       # not default\n  namespace: tools\n```',
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: {
      nsa: [
        'Pod security: protecting Pod service account tokens',
        'Authentication and authorization: role-based access control',
      ],
      cis: ['5.1.5'],
      mitre: ['T1078.001', 'T1528'],
    },
    kinds: BINDING_KINDS,
    messages: {
      defaultAccount:
        '{{subject}} (every pod of {{namespace}} that names no ServiceAccount) is granted {{role}}, which grants {{evidence}}',
      missingRole:
        '{{subject}} (every pod of {{namespace}} that names no ServiceAccount) is granted {{role}}, which the input does not define',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#service-account-permissions',
    ],
  },
  check(ctx) {
    const { analysis, binding } = bindingOf(ctx);
    if (!binding) return NOT_APPLICABLE;
    if (!binding.subjects.some((s) => defaultAccountOf(s) !== undefined)) return [];
    const judged = bindingExposure(binding);
    if (judged.exposure !== 'access') return [];
    // a subject the path rules report gets one finding, theirs, which says who the subject is
    const paths = pathSubjects(analysis, binding);
    const reports: Report<MessageId>[] = [];
    binding.subjects.forEach((subject, index) => {
      const namespace = defaultAccountOf(subject);
      if (!subject || namespace === undefined || paths.has(index)) return;
      reports.push({
        path: ['subjects', index],
        messageId: judged.missing ? 'missingRole' : 'defaultAccount',
        severity: binding.kind === 'ClusterRoleBinding' ? 'high' : 'medium',
        data: {
          subject: formatSubject(subject),
          namespace: namespacePhrase(namespace),
          role: roleRefText(binding),
          evidence: judged.evidence ?? '',
        },
      });
    });
    return reports;
  },
});
