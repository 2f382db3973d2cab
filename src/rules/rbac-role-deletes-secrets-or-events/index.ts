import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/** Reports the rules of Roles and ClusterRoles that delete Secrets, or the events that record what happened. */
export const rbacRoleDeletesSecretsOrEvents = rbacCapabilityRule<'deleteSecrets' | 'deleteEvents'>({
  meta: {
    id: 'rbac-role-deletes-secrets-or-events',
    title: 'Roles do not delete Secrets or events without need',
    description:
      'Reports each rule of a Role or ClusterRole that allows `delete` or `deletecollection` on Secrets (medium), or on events of the core or events.k8s.io group (low), including through `*` verbs or resources, with the bindings that hand it out. Rules limited to named objects pass: a component managing its own is the remedy. Severity follows the risky-capability catalogue.',
    rationale:
      'Deleting Secrets takes down every workload that mounts them and destroys keys and credentials that may exist nowhere else; `deletecollection` does it to a whole namespace in one request. Events are the record of what happened in a namespace (which pods ran, which images were pulled, which probes failed): deleting them is how an intruder removes the traces of a pod it ran. Neither is something an application or a person needs as a standing right.',
    remediation:
      'Let the owner of each Secret (its operator, the deployment pipeline) delete it, by name where possible, and leave events to the control plane, which expires them:\n\n```yaml\nrules:\n- apiGroups: [""]\n  resources: ["secrets"]\n  resourceNames: ["shop-tls"]\n  verbs: ["get", "update", "delete"]\n```',
    severity: 'medium',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control', 'Audit logging and threat detection'],
      mitre: ['T1485', 'T1070'],
    },
    messages: {
      deleteSecrets:
        'lets its holders delete Secrets{{names}}, taking down the workloads that mount them and destroying keys that may exist nowhere else: {{rule}}{{also}}; {{bound}}{{related}}',
      deleteEvents:
        'lets its holders delete events{{names}}, the record of what happened in a namespace: {{rule}}{{also}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/',
      'https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/',
    ],
  },
  capabilities: [
    { id: 'delete-secrets', messageId: 'deleteSecrets' },
    { id: 'delete-events', messageId: 'deleteEvents' },
  ],
});
