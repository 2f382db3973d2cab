import { describeEvidence, describePath, ignoredSubjects, TARGETS } from '../../analyze/rbac/index.js';
import { defineRule, type Report } from '../../core/rule.js';
import { KUBE_SYSTEM_SECRETS, reportedPaths, subjectLabel, whoItIs } from '../rbac-binding-concerns.js';
import { analysisOf, IGNORE_SUBJECTS_OPTION } from '../rbac-support.js';

/**
 * Flags the bindings that let a subject read the Secrets of every namespace, or of kube-system,
 * directly or through a chain of steps. Reading its own namespace's Secrets is what `edit` grants
 * and is not reported; subjects that reach cluster-admin are left to rbac-escalation-to-cluster-admin.
 */
export const rbacSecretsAccessPath = defineRule({
  meta: {
    id: 'rbac-secrets-access-path',
    title: 'A binding opens a path to the Secrets of every namespace or of kube-system',
    description:
      'Follows RBAC transitively and reports each binding that gives a subject outside the control plane the first step of a path to reading every Secret of the cluster, or the Secrets of kube-system.',
    rationale:
      'Secrets hold credentials: cloud keys, database passwords, TLS keys, ServiceAccount tokens. Cluster-wide read access, or read access to kube-system, hands over the credentials of other teams and of the control plane.',
    remediation:
      'Grant Secret access per namespace and per name (resourceNames), not cluster-wide; keep kube-system out of reach. Run `rampart rbac paths <subject> --to secrets` to see every step.',
    stage: 'runtime',
    severity: 'high',
    owner: 'security',
    frameworks: { cis: ['5.1.2'], mitre: ['T1552.007'] },
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    messages: {
      everyNamespace: '{{subject}} can read the Secrets of every namespace: {{path}} (granted by {{evidence}})',
      kubeSystem: '{{subject}} can read the Secrets of kube-system: {{path}} (granted by {{evidence}})',
    },
    options: { ignoreSubjects: IGNORE_SUBJECTS_OPTION },
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets'],
  },
  check(ctx) {
    const { resource, options } = ctx;
    const analysis = analysisOf(ctx);
    const binding = analysis.binding(resource);
    if (!binding) return [];
    const ignore = ignoredSubjects(options);
    const reported = new Set<number>();
    const reports: Report<'everyNamespace' | 'kubeSystem'>[] = [];
    for (const [target, messageId] of [
      [TARGETS.secrets, 'everyNamespace'],
      [KUBE_SYSTEM_SECRETS, 'kubeSystem'],
    ] as const) {
      for (const { subjectIndex, subject, path } of reportedPaths(analysis, binding, target, ignore)) {
        if (reported.has(subjectIndex)) continue;
        // a subject that reaches cluster-admin at all is that rule's finding, whichever binding opens it
        if (analysis.pathFrom(subject, TARGETS.clusterAdmin)) continue;
        reported.add(subjectIndex);
        reports.push({
          path: ['subjects', subjectIndex],
          messageId,
          // open to anyone who reaches the API server
          ...(whoItIs(subject).includes('unauthenticated') ? { severity: 'critical' as const } : {}),
          data: {
            subject: subjectLabel(subject),
            path: describePath(path),
            evidence: describeEvidence(path.steps[0]?.grants ?? []),
          },
        });
      }
    }
    return reports;
  },
});
