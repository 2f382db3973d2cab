import { ignoredSubjects, isPlatformSubject } from '../../analyze/rbac/index.js';
import { namespacePhrase } from '../../core/applied-namespace.js';
import { defineRule, NOT_APPLICABLE, type Report } from '../../core/rule.js';
import { bindsClusterAdmin, pathSubjects, subjectLabel } from '../rbac-binding-concerns.js';
import { BINDING_KINDS, bindingOf, IGNORE_SUBJECTS_OPTION } from '../rbac-support.js';

type MessageId = 'clusterWide' | 'namespace';

/**
 * Flags bindings of the cluster-admin ClusterRole to subjects other than the platform's own. A
 * ClusterRoleBinding to it is the one-step path to cluster-admin, reported here rather than by
 * rbac-escalation-to-cluster-admin; a RoleBinding is reported here unless control of its namespace
 * leads on to cluster-admin, which that rule then tells whole.
 */
export const rbacClusterAdminBinding = defineRule<MessageId>({
  meta: {
    id: 'rbac-cluster-admin-binding',
    title: 'cluster-admin is bound only to the platform',
    description:
      "Reports each subject of a ClusterRoleBinding or RoleBinding whose roleRef is the ClusterRole cluster-admin (every cluster has it: the bootstrap policy defines it), other than the platform's own (system:masters, system:nodes, control-plane users and kube-system controllers). ClusterRoleBindings are critical, and rbac-escalation-to-cluster-admin leaves them to this rule; RoleBindings are high (full control of one namespace, its RBAC and its Secrets included), unless control of that namespace leads on to cluster-admin: rbac-escalation-to-cluster-admin then reports the subject with the whole path. Option `ignoreSubjects` lists subjects as the CLI writes them (`user:alice`, `group:ops`, `sa:argocd/argocd-application-controller`).",
    rationale:
      'cluster-admin is every verb on every resource, in every namespace, for now and for every API added later: all Secrets, all nodes through their pods, all RBAC. One leaked credential of a subject bound to it is the whole cluster, and bindings made "temporarily" for an installer or an operator are rarely removed. Through a RoleBinding it is still full control of the namespace, including its RoleBindings, so the holder can hand it on.',
    remediation:
      'Bind a role that grants what the subject needs; for people, bind `admin` or `edit` in their namespaces and keep a break-glass group for the rest:\n\n```yaml\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: team-admins\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: admin\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: shop-admins\n```\n\nOperators and CD tools should get a ClusterRole listing the resources they manage (`rampart rbac generate` writes one from an audit log).',
    stage: 'runtime',
    severity: 'critical',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.1'],
      mitre: ['T1078', 'T1098.006'],
    },
    kinds: BINDING_KINDS,
    messages: {
      clusterWide: '{{subject}} is bound to cluster-admin cluster-wide: every action on every resource of the cluster',
      namespace:
        '{{subject}} is bound to cluster-admin in {{namespace}}: every action on every resource of the namespace, its Secrets and RoleBindings included',
    },
    options: { ignoreSubjects: IGNORE_SUBJECTS_OPTION },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    ],
  },
  check(ctx) {
    const { options } = ctx;
    const { analysis, binding } = bindingOf(ctx);
    if (!binding) return NOT_APPLICABLE;
    if (binding.roleRef.kind !== 'ClusterRole' || binding.roleRef.name !== 'cluster-admin') return [];
    const clusterWide = binding.kind === 'ClusterRoleBinding';
    // an input that redefines cluster-admin with less is judged by what it grants, by the other rules
    if (clusterWide && !bindsClusterAdmin(binding)) return [];
    // in a namespace whose control leads to cluster-admin, rbac-escalation-to-cluster-admin tells the whole story
    const paths = clusterWide ? new Set<number>() : pathSubjects(analysis, binding);
    const ignore = ignoredSubjects(options);
    const reports: Report<MessageId>[] = [];
    binding.subjects.forEach((subject, index) => {
      if (!subject || isPlatformSubject(subject, ignore) || paths.has(index)) return;
      reports.push({
        path: ['subjects', index],
        messageId: clusterWide ? 'clusterWide' : 'namespace',
        severity: clusterWide ? 'critical' : 'high',
        data: { subject: subjectLabel(subject), namespace: namespacePhrase(binding.namespace) },
      });
    });
    return reports;
  },
});
