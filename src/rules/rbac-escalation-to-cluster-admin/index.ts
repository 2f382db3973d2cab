import { describeEvidence, describePath, grantSteps, ignoredSubjects, TARGETS } from '../../analyze/rbac/index.js';
import { defineRule } from '../../core/rule.js';
import { reportedPaths, subjectLabel } from '../rbac-binding-concerns.js';
import { analysisOf, IGNORE_SUBJECTS_OPTION } from '../rbac-support.js';

/**
 * Flags the bindings that give a subject (other than the platform's own) a way to
 * cluster-admin power, directly or through a chain of steps, and prints the chain.
 */
export const rbacEscalationToClusterAdmin = defineRule({
  meta: {
    id: 'rbac-escalation-to-cluster-admin',
    title: 'A binding opens a path to cluster-admin',
    description:
      'Follows RBAC transitively (pods run as ServiceAccounts, bind and escalate grant roles, impersonation, token Secrets, CSR approval, webhooks) and reports each binding that gives a subject outside the control plane the first step of a path to cluster-admin-equivalent power.',
    rationale:
      'Whoever can reach cluster-admin owns the cluster: every Secret, every node, every workload. Indirect paths (create pods in kube-system, bind, escalate, impersonate) are as real as a direct cluster-admin binding and far easier to miss in review.',
    remediation:
      'Remove the subject from the binding, or narrow the role: no create/update on pods or workloads in namespaces whose ServiceAccounts are powerful, no bind/escalate/impersonate, no token or Secret access beyond need. Run `rampart rbac paths <subject>` to see every step.',
    stage: 'runtime',
    severity: 'critical',
    owner: 'security',
    frameworks: { cis: ['5.1.1', '5.1.8'], mitre: ['T1078', 'T1068'] },
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    messages: {
      direct: '{{subject}} holds cluster-admin power: {{path}} (granted by {{evidence}})',
      path: '{{subject}} can reach cluster-admin in {{steps}} steps: {{path}} (first step granted by {{evidence}})',
    },
    options: { ignoreSubjects: IGNORE_SUBJECTS_OPTION },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
    ],
  },
  check(ctx) {
    const { resource, options } = ctx;
    const analysis = analysisOf(ctx);
    const binding = analysis.binding(resource);
    if (!binding) return [];
    return reportedPaths(analysis, binding, TARGETS.clusterAdmin, ignoredSubjects(options)).map(
      ({ subjectIndex, subject, path }) => ({
        path: ['subjects', subjectIndex],
        messageId: grantSteps(path) === 1 ? 'direct' : 'path',
        data: {
          subject: subjectLabel(subject),
          steps: grantSteps(path),
          path: describePath(path),
          evidence: describeEvidence(path.steps[0]?.grants ?? []),
        },
      }),
    );
  },
});
