import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/** Reports the rules that change the ConfigMaps of kube-system, which configure the cluster itself. */
export const rbacRoleWritesKubeSystemConfigmaps = rbacCapabilityRule<'kubeSystemConfigmaps'>({
  meta: {
    id: 'rbac-role-writes-kube-system-configmaps',
    title: 'Roles do not change the ConfigMaps of kube-system',
    description:
      'Reports each rule of a Role of kube-system, or of a ClusterRole bound cluster-wide, that allows create, update, patch or delete on ConfigMaps (including through `*` verbs or resources), for every name or for a ConfigMap that configures the cluster: coredns, kube-dns, aws-auth, kube-proxy, kubeadm-config, kubelet-config, cluster-info. A ClusterRole the inputs bind only with RoleBindings passes. Severity follows the risky-capability catalogue (high).',
    rationale:
      "Some ConfigMaps of kube-system are the cluster's own configuration. The coredns Corefile answers every DNS query of every pod: one rewrite sends a service's traffic, and its credentials, elsewhere. On EKS, aws-auth maps cloud identities to Kubernetes users and groups, system:masters included: whoever writes it names the next cluster-admin. kube-proxy's and kubeadm's configuration steer every node. A cluster-wide ConfigMap grant for an operator's own settings reaches all of them.",
    remediation:
      'Keep ConfigMap writes in a Role of the namespace whose ConfigMaps the workload owns, by name; on EKS, manage access entries instead of aws-auth:\n\n```yaml\nkind: Role\nmetadata:\n  name: settings\n  namespace: shop\nrules:\n- apiGroups: [""]\n  resources: ["configmaps"]\n  resourceNames: ["shop-settings"]\n  verbs: ["get", "update", "patch"]\n```',
    severity: 'high',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      mitre: ['T1565', 'T1098'],
    },
    messages: {
      kubeSystemConfigmaps:
        'lets its holders change the ConfigMaps of kube-system{{names}}, coredns (DNS of every pod) and aws-auth (EKS identities, system:masters included) among them: {{rule}}{{also}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/tasks/administer-cluster/dns-custom-nameservers/',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    ],
  },
  capabilities: [{ id: 'kube-system-configmaps', messageId: 'kubeSystemConfigmaps' }],
});
