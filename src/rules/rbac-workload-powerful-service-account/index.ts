import {
  describeNamespace,
  describePath,
  exposureOf,
  ignoredSubjects,
  isPlatformSubject,
  TARGETS,
} from '../../analyze/rbac/index.js';
import { namespacedName } from '../../core/applied-namespace.js';
import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule } from '../../core/rule.js';
import { analysisOf, IGNORE_SUBJECTS_OPTION } from '../rbac-support.js';

const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

/**
 * Flags workloads whose pods mount the token of a ServiceAccount that reaches cluster-admin or
 * every Secret: whoever compromises the pod (an exposed one first) inherits that power.
 */
export const rbacWorkloadPowerfulServiceAccount = defineRule({
  meta: {
    id: 'rbac-workload-powerful-service-account',
    title: 'A workload runs with a ServiceAccount that reaches cluster-admin or every Secret',
    description:
      "Joins each workload to its ServiceAccount and the ServiceAccount's escalation paths, and reports pods that mount a token reaching cluster-admin or the Secrets of every namespace; critical when a LoadBalancer, NodePort, Ingress or the host network exposes the pods.",
    rationale:
      "A pod's ServiceAccount token is one file read away for anyone who gets code execution in it. An exposed pod with a powerful token turns one application bug into a cluster compromise.",
    remediation:
      'Give the workload its own ServiceAccount with only what it needs, set automountServiceAccountToken: false where it needs no API access, and keep powerful controllers unexposed. `rampart rbac workloads` lists every workload with its power.',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { cis: ['5.1.5', '5.1.6'], mitre: ['T1528', 'T1078'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      clusterAdmin: 'runs as ServiceAccount {{serviceAccount}}, which can reach cluster-admin: {{path}}{{exposed}}',
      secrets: 'runs as ServiceAccount {{serviceAccount}}, which can read every Secret: {{path}}{{exposed}}',
    },
    options: { ignoreSubjects: IGNORE_SUBJECTS_OPTION },
    references: ['https://kubernetes.io/docs/concepts/security/service-accounts/'],
  },
  check(ctx) {
    const { resource, inventory, options } = ctx;
    // without RBAC objects of the input, only the built-in policy grants, and it grants a workload nothing;
    // looked up before the analysis is built (2 ms with the built-in roles, per inventory: the
    // webhook's inventory is one object per request)
    if (RBAC_KINDS.every((kind) => inventory.ofKind(kind).length === 0)) return [];
    const analysis = analysisOf(ctx);
    if (analysis.index.isEmpty) return [];
    const workload = analysis.workload(resource);
    if (!workload?.tokenMounted) return [];
    const subject = { kind: 'ServiceAccount' as const, namespace: workload.namespace, name: workload.serviceAccount };
    if (isPlatformSubject(subject, ignoredSubjects(options))) return [];
    const admin = analysis.pathFrom(subject, TARGETS.clusterAdmin);
    const found = admin ?? analysis.pathFrom(subject, TARGETS.secrets);
    if (!found) return [];
    const applied = analysis.index.applied;
    const exposure = exposureOf(workload, inventory, applied);
    const implied = !resource.object.metadata?.namespace;
    const at =
      typeof workload.spec.serviceAccountName === 'string'
        ? [...workload.specPath, 'serviceAccountName']
        : [...workload.specPath];
    return [
      {
        path: at,
        messageId: admin ? 'clusterAdmin' : 'secrets',
        severity: admin || exposure.length > 0 ? 'critical' : 'high',
        data: {
          serviceAccount: implied
            ? `${workload.serviceAccount} of ${describeNamespace(workload.namespace, true, applied)}`
            : namespacedName(workload.namespace, workload.serviceAccount),
          path: describePath(found),
          exposed: exposure.length > 0 ? `; the pods are exposed by ${exposure.join(', ')}` : '',
        },
      },
    ];
  },
});
