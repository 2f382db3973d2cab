/**
 * The ClusterRoles of the Kubernetes bootstrap policy (kube-apiserver creates and reconciles them
 * at every start): cluster-admin, the aggregated admin/edit/view and their parts, and the `system:`
 * roles of nodes, the scheduler, kube-proxy, discovery and CSR approval. Facts of the upstream
 * policy written in the notation of ./policy-text.ts; test/rbac/built-in-roles.test.ts checks them
 * against the upstream golden files.
 */
export const CLUSTER_ROLES = `
ClusterRole admin aggregates:aggregate-to-admin
ClusterRole cluster-admin
  * * *
  url * *
ClusterRole edit labels:aggregate-to-admin aggregates:aggregate-to-edit
ClusterRole system:aggregate-to-admin labels:aggregate-to-admin
  authorization.k8s.io localsubjectaccessreviews create
  rbac.authorization.k8s.io rolebindings,roles create,delete,deletecollection,get,list,patch,update,watch
ClusterRole system:aggregate-to-edit labels:aggregate-to-edit
  - pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy get,list,watch
  - serviceaccounts impersonate
  - pods,pods/attach,pods/exec,pods/portforward,pods/proxy create,delete,deletecollection,patch,update
  - pods/eviction create
  - configmaps,events,persistentvolumeclaims,replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy create,delete,deletecollection,patch,update
  - serviceaccounts/token create
  apps daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,statefulsets,statefulsets/scale create,delete,deletecollection,patch,update
  autoscaling horizontalpodautoscalers create,delete,deletecollection,patch,update
  batch cronjobs,jobs create,delete,deletecollection,patch,update
  extensions daemonsets,deployments,deployments/rollback,deployments/scale,ingresses,networkpolicies,replicasets,replicasets/scale,replicationcontrollers/scale create,delete,deletecollection,patch,update
  policy poddisruptionbudgets create,delete,deletecollection,patch,update
  networking.k8s.io ingresses,networkpolicies create,delete,deletecollection,patch,update
  coordination.k8s.io leases create,delete,deletecollection,get,list,patch,update,watch
ClusterRole system:aggregate-to-view labels:aggregate-to-view
  - configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status get,list,watch
  - bindings,events,limitranges,namespaces/status,pods/log,pods/status,replicationcontrollers/status,resourcequotas,resourcequotas/status get,list,watch
  - namespaces get,list,watch
  discovery.k8s.io endpointslices get,list,watch
  apps controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status get,list,watch
  autoscaling horizontalpodautoscalers,horizontalpodautoscalers/status get,list,watch
  batch cronjobs,cronjobs/status,jobs,jobs/status get,list,watch
  extensions daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,networkpolicies,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale get,list,watch
  policy poddisruptionbudgets,poddisruptionbudgets/status get,list,watch
  networking.k8s.io ingresses,ingresses/status,networkpolicies get,list,watch
ClusterRole system:auth-delegator
  authentication.k8s.io tokenreviews create
  authorization.k8s.io subjectaccessreviews create
ClusterRole system:basic-user
  authorization.k8s.io selfsubjectaccessreviews,selfsubjectrulesreviews create
  authentication.k8s.io selfsubjectreviews create
ClusterRole system:certificates.k8s.io:certificatesigningrequests:nodeclient
  certificates.k8s.io certificatesigningrequests/nodeclient create
ClusterRole system:certificates.k8s.io:certificatesigningrequests:selfnodeclient
  certificates.k8s.io certificatesigningrequests/selfnodeclient create
ClusterRole system:certificates.k8s.io:kube-apiserver-client-approver
  certificates.k8s.io signers approve names:kubernetes.io/kube-apiserver-client
ClusterRole system:certificates.k8s.io:kube-apiserver-client-kubelet-approver
  certificates.k8s.io signers approve names:kubernetes.io/kube-apiserver-client-kubelet
ClusterRole system:certificates.k8s.io:kubelet-serving-approver
  certificates.k8s.io signers approve names:kubernetes.io/kubelet-serving
ClusterRole system:certificates.k8s.io:legacy-unknown-approver
  certificates.k8s.io signers approve names:kubernetes.io/legacy-unknown
ClusterRole system:discovery
  url /api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/ get
ClusterRole system:heapster
  - events,namespaces,nodes,pods get,list,watch
  extensions deployments get,list,watch
ClusterRole system:kube-aggregator
  - endpoints,services get,list,watch
ClusterRole system:kube-controller-manager
  -,events.k8s.io events create,patch,update
  coordination.k8s.io leases create
  coordination.k8s.io leases get,update names:kube-controller-manager
  - secrets,serviceaccounts create
  - secrets delete
  - configmaps,namespaces,secrets,serviceaccounts get
  - secrets,serviceaccounts update
  authentication.k8s.io tokenreviews create
  authorization.k8s.io subjectaccessreviews create
  * * list,watch
  - serviceaccounts/token create
ClusterRole system:kube-dns
  - endpoints,services list,watch
ClusterRole system:kube-scheduler
  -,events.k8s.io events create,patch,update
  coordination.k8s.io leases create
  coordination.k8s.io leases get,update names:kube-scheduler
  - nodes get,list,watch
  - pods delete,get,list,watch
  - bindings,pods/binding create
  - pods/status patch,update
  - replicationcontrollers,services get,list,watch
  apps,extensions replicasets get,list,watch
  apps statefulsets get,list,watch
  policy poddisruptionbudgets get,list,watch
  - persistentvolumeclaims,persistentvolumes get,list,watch
  authentication.k8s.io tokenreviews create
  authorization.k8s.io subjectaccessreviews create
  storage.k8s.io csinodes get,list,watch
  - namespaces get,list,watch
  storage.k8s.io csidrivers get,list,watch
  storage.k8s.io csistoragecapacities get,list,watch
ClusterRole system:kubelet-api-admin
  - nodes get,list,watch
  - nodes proxy
  - nodes/log,nodes/metrics,nodes/proxy,nodes/stats *
ClusterRole system:monitoring
  url /healthz,/healthz/*,/livez,/livez/*,/metrics,/metrics/slis,/readyz,/readyz/* get
ClusterRole system:node
  authentication.k8s.io tokenreviews create
  authorization.k8s.io localsubjectaccessreviews,subjectaccessreviews create
  - services get,list,watch
  - nodes create,get,list,watch
  - nodes/status patch,update
  - nodes patch,update
  - events create,patch,update
  - pods get,list,watch
  - pods create,delete
  - pods/status patch,update
  - pods/eviction create
  - configmaps,secrets get,list,watch
  - persistentvolumeclaims,persistentvolumes get
  - endpoints get
  certificates.k8s.io certificatesigningrequests create,get,list,watch
  coordination.k8s.io leases create,delete,get,patch,update
  storage.k8s.io volumeattachments get
  - serviceaccounts/token create
  - persistentvolumeclaims/status get,patch,update
  storage.k8s.io csidrivers get,list,watch
  storage.k8s.io csinodes create,delete,get,patch,update
  node.k8s.io runtimeclasses get,list,watch
ClusterRole system:node-bootstrapper
  certificates.k8s.io certificatesigningrequests create,get,list,watch
ClusterRole system:node-problem-detector
  - nodes get
  - nodes/status patch
  -,events.k8s.io events create,patch,update
ClusterRole system:node-proxier
  - endpoints,services list,watch
  - nodes get,list,watch
  -,events.k8s.io events create,patch,update
  discovery.k8s.io endpointslices list,watch
ClusterRole system:persistent-volume-provisioner
  - persistentvolumes create,delete,get,list,watch
  - persistentvolumeclaims get,list,update,watch
  storage.k8s.io storageclasses get,list,watch
  - events watch
  -,events.k8s.io events create,patch,update
ClusterRole system:public-info-viewer
  url /healthz,/livez,/readyz,/version,/version/ get
ClusterRole system:service-account-issuer-discovery
  url /.well-known/openid-configuration,/openid/v1/jwks get
ClusterRole system:volume-scheduler
  - persistentvolumes get,list,patch,update,watch
  storage.k8s.io storageclasses get,list,watch
  - persistentvolumeclaims get,list,patch,update,watch
ClusterRole view labels:aggregate-to-edit aggregates:aggregate-to-view
`;
