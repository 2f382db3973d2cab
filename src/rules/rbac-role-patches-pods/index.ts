import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/** Reports the rules of Roles and ClusterRoles that change running pods, whose images can be swapped in place. */
export const rbacRolePatchesPods = rbacCapabilityRule<'patchPods'>({
  meta: {
    id: 'rbac-role-patches-pods',
    title: 'Roles do not change running pods',
    description:
      'Reports each rule of a Role or ClusterRole that allows `patch` or `update` on pods (including through `*` verbs or resources), with the bindings that hand it out. Rules limited to named pods are reported too: a pod name is no boundary. Severity follows the risky-capability catalogue (medium); a rule that also creates pods or execs into them is reported once, by the rule of the graver concern.',
    rationale:
      "The image of a running container can be changed in place. Whoever may patch a pod swaps in an image of their choosing, which then runs with the pod's ServiceAccount token, its Secrets, its volumes and its network position: the power of exec, without an exec in the audit log. Controllers that only label or annotate pods rarely need more than `patch` on a few fields, which RBAC cannot express, so the grant is worth a look.",
    remediation:
      'Let workload controllers (Deployments, StatefulSets) change pods through their templates, and keep patch on pods out of people\'s and operators\' roles; an operator that must label pods should run in its own namespace and be recorded as an exception:\n\n```yaml\nrules:\n- apiGroups: [""]\n  resources: ["pods"]\n  verbs: ["get", "list", "watch", "delete"]\n```',
    severity: 'medium',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      mitre: ['T1609', 'T1525'],
    },
    messages: {
      patchPods:
        "lets its holders change running pods{{names}}, whose container images can be swapped to run code as the pod's ServiceAccount: {{rule}}{{also}}; {{bound}}{{related}}",
    },
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/#pod-update-and-replacement',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation',
    ],
  },
  capabilities: [{ id: 'patch-pods', messageId: 'patchPods' }],
});
