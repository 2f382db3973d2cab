import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/** Reports the rules of Roles and ClusterRoles that create pods, directly or through workload controllers. */
export const rbacRoleCreatesPods = rbacCapabilityRule<'createPods' | 'writeWorkloads'>({
  meta: {
    id: 'rbac-role-creates-pods',
    title: 'Roles do not create pods or workloads without need',
    description:
      'Reports each rule of a Role or ClusterRole that allows creating pods, or creating or changing the controllers that create them (Deployments, ReplicaSets, DaemonSets, StatefulSets, Jobs, CronJobs, ReplicationControllers), including through `*` verbs, resources or API groups, with the bindings that hand it out. Severity follows the risky-capability catalogue.',
    rationale:
      "Whoever creates a pod chooses what it runs and as which ServiceAccount of the namespace, and so holds the power of the namespace's most powerful ServiceAccount; it can also mount any Secret or ConfigMap of the namespace. Where admission lets privileged pods or hostPath volumes in, a pod is root on a node. In kube-system this is a path to cluster-admin.",
    remediation:
      'Let a deployment pipeline (not people) create workloads, in the namespaces it deploys to, with a Role per namespace; enforce Pod Security `restricted` there so a created pod cannot escape. Users who only restart or scale need `patch` on `deployments/scale`, not create:\n\n```yaml\nrules:\n- apiGroups: ["apps"]\n  resources: ["deployments/scale"]\n  verbs: ["get", "patch"]\n```',
    severity: 'high',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.4'],
      mitre: ['T1610'],
    },
    messages: {
      createPods:
        'lets its holders create pods, which run any image as any ServiceAccount of the namespace: {{rule}}{{also}}; {{bound}}{{related}}',
      writeWorkloads:
        'lets its holders create or change workload controllers, whose pods run as any ServiceAccount of the namespace: {{rule}}{{also}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation',
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
    ],
  },
  capabilities: [
    { id: 'create-pods', messageId: 'createPods' },
    { id: 'write-workloads', messageId: 'writeWorkloads' },
  ],
});
