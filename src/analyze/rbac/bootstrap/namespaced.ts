/**
 * The bootstrap policy's namespaced Roles (kube-system, kube-public), its RoleBindings, and its
 * ClusterRoleBindings other than the controllers' (those follow from ./controller-roles.ts).
 */
export const NAMESPACED_ROLES = `
Role kube-public system:controller:bootstrap-signer
  - configmaps get,list,watch
  - configmaps update names:cluster-info
  -,events.k8s.io events create,patch,update
Role kube-system extension-apiserver-authentication-reader
  - configmaps get,list,watch names:extension-apiserver-authentication
Role kube-system system::leader-locking-kube-controller-manager
  coordination.k8s.io leases create,get,list,update,watch
  coordination.k8s.io leasecandidates create,get,list,update,watch
Role kube-system system::leader-locking-kube-scheduler
  coordination.k8s.io leases create,get,list,update,watch
  coordination.k8s.io leasecandidates create,get,list,update,watch
Role kube-system system:controller:bootstrap-signer
  - secrets get,list,watch
Role kube-system system:controller:cloud-provider
  - configmaps create,get,list,watch
Role kube-system system:controller:token-cleaner
  - secrets delete,get,list,watch
  -,events.k8s.io events create,patch,update
`;

export const BINDINGS = `
ClusterRoleBinding cluster-admin ClusterRole:cluster-admin Group:system:masters
ClusterRoleBinding system:basic-user ClusterRole:system:basic-user Group:system:authenticated
ClusterRoleBinding system:discovery ClusterRole:system:discovery Group:system:authenticated
ClusterRoleBinding system:kube-controller-manager ClusterRole:system:kube-controller-manager User:system:kube-controller-manager
ClusterRoleBinding system:kube-dns ClusterRole:system:kube-dns ServiceAccount:kube-system/kube-dns
ClusterRoleBinding system:kube-scheduler ClusterRole:system:kube-scheduler User:system:kube-scheduler
ClusterRoleBinding system:monitoring ClusterRole:system:monitoring Group:system:monitoring
ClusterRoleBinding system:node ClusterRole:system:node
ClusterRoleBinding system:node-proxier ClusterRole:system:node-proxier User:system:kube-proxy
ClusterRoleBinding system:public-info-viewer ClusterRole:system:public-info-viewer Group:system:authenticated Group:system:unauthenticated
ClusterRoleBinding system:service-account-issuer-discovery ClusterRole:system:service-account-issuer-discovery Group:system:serviceaccounts
ClusterRoleBinding system:volume-scheduler ClusterRole:system:volume-scheduler User:system:kube-scheduler
RoleBinding kube-public system:controller:bootstrap-signer Role:system:controller:bootstrap-signer ServiceAccount:kube-system/bootstrap-signer
RoleBinding kube-system system::extension-apiserver-authentication-reader Role:extension-apiserver-authentication-reader User:system:kube-controller-manager User:system:kube-scheduler
RoleBinding kube-system system::leader-locking-kube-controller-manager Role:system::leader-locking-kube-controller-manager User:system:kube-controller-manager ServiceAccount:kube-system/kube-controller-manager ServiceAccount:kube-system/leader-election-controller
RoleBinding kube-system system::leader-locking-kube-scheduler Role:system::leader-locking-kube-scheduler User:system:kube-scheduler ServiceAccount:kube-system/kube-scheduler
RoleBinding kube-system system:controller:bootstrap-signer Role:system:controller:bootstrap-signer ServiceAccount:kube-system/bootstrap-signer
RoleBinding kube-system system:controller:cloud-provider Role:system:controller:cloud-provider ServiceAccount:kube-system/cloud-provider
RoleBinding kube-system system:controller:token-cleaner Role:system:controller:token-cleaner ServiceAccount:kube-system/token-cleaner
`;
