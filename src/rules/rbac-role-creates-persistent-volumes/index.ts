import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/** Reports the rules of ClusterRoles that create PersistentVolumes, which may point at a node's file system. */
export const rbacRoleCreatesPersistentVolumes = rbacCapabilityRule<'createPersistentVolumes'>({
  meta: {
    id: 'rbac-role-creates-persistent-volumes',
    title: 'Roles do not create PersistentVolumes',
    description:
      'Reports each rule of a ClusterRole that allows `create` on persistentvolumes (including through `*` verbs or resources), with the bindings that hand it out. A ClusterRole the inputs bind only with RoleBindings passes: PersistentVolumes are cluster-scoped. Severity follows the risky-capability catalogue.',
    rationale:
      "A PersistentVolume can be a hostPath volume. Whoever creates one, and can create a claim that binds to it, mounts any directory of a node (the kubelet's credentials, the container runtime socket, other pods' volumes) into a pod, even where Pod Security forbids hostPath volumes in pods: the pod only names a claim.",
    remediation:
      'Leave PersistentVolume creation to storage provisioners (CSI drivers create volumes through their own ServiceAccounts); users and applications create PersistentVolumeClaims against a StorageClass:\n\n```yaml\nrules:\n- apiGroups: [""]\n  resources: ["persistentvolumeclaims"]\n  verbs: ["get", "list", "create", "delete"]\n```',
    severity: 'high',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.9'],
      mitre: ['T1611'],
    },
    messages: {
      createPersistentVolumes:
        "lets its holders create PersistentVolumes, which can mount a node's file system (hostPath): {{rule}}{{also}}; {{bound}}{{related}}",
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation',
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
    ],
  },
  capabilities: [{ id: 'create-persistent-volumes', messageId: 'createPersistentVolumes' }],
});
