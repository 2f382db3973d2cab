/**
 * The `system:controller:*` ClusterRoles of the bootstrap policy, one per kube-controller-manager
 * controller, each bound to the ServiceAccount of kube-system named after the controller. Roles of
 * controllers behind a feature gate carry the version from which the gate is on by default.
 */
export const CONTROLLER_ROLES = `
ClusterRole system:controller:attachdetach-controller
  - persistentvolumeclaims,persistentvolumes list,watch
  - nodes get,list,watch
  - nodes/status patch,update
  - pods list,watch
  -,events.k8s.io events create,patch,update
  storage.k8s.io volumeattachments create,delete,get,list,watch
  storage.k8s.io csidrivers get,list,watch
  storage.k8s.io csinodes get,list,watch
ClusterRole system:controller:certificate-controller
  certificates.k8s.io certificatesigningrequests delete,get,list,watch
  certificates.k8s.io certificatesigningrequests/approval,certificatesigningrequests/status update
  certificates.k8s.io signers approve names:kubernetes.io/kube-apiserver-client-kubelet
  certificates.k8s.io signers sign names:kubernetes.io/kube-apiserver-client,kubernetes.io/kube-apiserver-client-kubelet,kubernetes.io/kubelet-serving,kubernetes.io/legacy-unknown
  authorization.k8s.io subjectaccessreviews create
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:clusterrole-aggregation-controller
  rbac.authorization.k8s.io clusterroles escalate,get,list,patch,update,watch
ClusterRole system:controller:cronjob-controller
  batch cronjobs get,list,update,watch
  batch jobs create,delete,get,list,patch,update,watch
  batch cronjobs/status update
  batch cronjobs/finalizers update
  - pods delete,list,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:daemon-set-controller
  apps,extensions daemonsets get,list,watch
  apps,extensions daemonsets/status update
  apps,extensions daemonsets/finalizers update
  - nodes list,watch
  - pods create,delete,list,patch,watch
  - pods/binding create
  apps controllerrevisions create,delete,get,list,patch,update,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:deployment-controller
  apps,extensions deployments get,list,update,watch
  apps,extensions deployments/status update
  apps,extensions deployments/finalizers update
  apps,extensions replicasets create,delete,get,list,patch,update,watch
  - pods get,list,update,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:device-taint-eviction-controller since:1.36
  - pods delete,get,list,watch
  - pods/status patch,update
  resource.k8s.io resourceclaims get,list,watch
  resource.k8s.io resourceslices get,list,watch
  resource.k8s.io deviceclasses get,list,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:disruption-controller
  apps,extensions deployments get,list,watch
  apps,extensions replicasets get,list,watch
  - replicationcontrollers get,list,watch
  policy poddisruptionbudgets get,list,watch
  apps statefulsets get,list,watch
  policy poddisruptionbudgets/status update
  - pods/status patch,update
  * */scale get
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:endpoint-controller
  - pods,services get,list,watch
  - endpoints create,delete,get,list,update,watch
  - endpoints/restricted create
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:endpointslice-controller
  - nodes,pods,services get,list,watch
  - services/finalizers update
  discovery.k8s.io endpointslices create,delete,get,list,update,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:endpointslicemirroring-controller
  - endpoints,services get,list,watch
  - services/finalizers update
  - endpoints/finalizers update
  discovery.k8s.io endpointslices create,delete,get,list,update,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:ephemeral-volume-controller
  - pods get,list,watch
  - pods/finalizers update
  - persistentvolumeclaims create,get,list,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:expand-controller
  - persistentvolumes get,list,patch,update,watch
  - persistentvolumeclaims/status patch,update
  - persistentvolumeclaims get,list,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:generic-garbage-collector
  * * delete,get,list,patch,update,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:horizontal-pod-autoscaler
  autoscaling horizontalpodautoscalers get,list,watch
  autoscaling horizontalpodautoscalers/status update
  * */scale get,update
  - pods list,watch
  metrics.k8s.io pods list,watch
  custom.metrics.k8s.io * get,list,watch
  external.metrics.k8s.io * get,list,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:job-controller
  batch jobs get,list,patch,update,watch
  batch jobs/status update
  batch jobs/finalizers update
  - pods create,delete,list,patch,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:legacy-service-account-token-cleaner since:1.29
  - configmaps get names:kube-apiserver-legacy-service-account-token-tracking
  - secrets delete,patch
ClusterRole system:controller:namespace-controller
  - namespaces delete,get,list,watch
  - namespaces/finalize,namespaces/status update
  * * delete,deletecollection,get,list,watch
ClusterRole system:controller:node-controller
  - nodes delete,get,list,patch,update,watch
  - nodes/status patch,update
  - pods/status patch,update
  - pods delete,get,list,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:persistent-volume-binder
  - persistentvolumes create,delete,get,list,update,watch
  - persistentvolumes/status update
  - persistentvolumeclaims get,list,update,watch
  - persistentvolumeclaims/status update
  - pods create,delete,get,list,watch
  storage.k8s.io storageclasses get,list,watch
  - nodes list,watch
  -,events.k8s.io events create,patch,update
  - events watch
ClusterRole system:controller:pod-garbage-collector
  - pods delete,list,watch
  - nodes get,list,watch
  - pods/status patch
ClusterRole system:controller:pv-protection-controller
  - persistentvolumes get,list,update,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:pvc-protection-controller
  - persistentvolumeclaims get,list,update,watch
  - persistentvolumeclaims/status update
  - pods get,list,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:replicaset-controller
  apps,extensions replicasets get,list,update,watch
  apps,extensions replicasets/status update
  apps,extensions replicasets/finalizers update
  - pods create,delete,list,patch,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:replication-controller
  - replicationcontrollers get,list,update,watch
  - replicationcontrollers/status update
  - replicationcontrollers/finalizers update
  - pods create,delete,list,patch,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:resource-claim-controller since:1.34
  - pods get,list,watch
  - pods/finalizers update
  resource.k8s.io resourceclaims create,delete,get,list,watch
  resource.k8s.io resourceclaims,resourceclaims/status patch,update
  - pods/status patch,update
  -,events.k8s.io events create,patch,update
  resource.k8s.io resourceclaims/binding patch,update
ClusterRole system:controller:resourcequota-controller
  * * list,watch
  - resourcequotas/status update
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:root-ca-cert-publisher
  - configmaps create,update
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:route-controller
  - nodes list,watch
  - nodes/status patch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:selinux-warning-controller since:1.33
  -,events.k8s.io events create,patch,update
  - persistentvolumes get,list,watch
  - persistentvolumeclaims get,list,watch
  - pods get,list,watch
  storage.k8s.io csidrivers get,list,watch
ClusterRole system:controller:service-account-controller
  - serviceaccounts create
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:service-cidrs-controller since:1.33
  networking.k8s.io servicecidrs get,list,patch,update,watch
  networking.k8s.io servicecidrs/finalizers patch,update
  networking.k8s.io servicecidrs/status patch,update
  networking.k8s.io ipaddresses get,list,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:service-controller
  - services get,list,watch
  - services/status patch,update
  - nodes list,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:statefulset-controller
  - pods list,watch
  apps statefulsets get,list,watch
  apps statefulsets/status update
  apps statefulsets/finalizers update
  - pods create,delete,get,patch,update
  apps controllerrevisions create,delete,get,list,patch,update,watch
  - persistentvolumeclaims create,get,list,watch
  - persistentvolumeclaims delete,update
  - pods/finalizers update
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:ttl-after-finished-controller
  batch jobs delete,get,list,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:ttl-controller
  - nodes list,patch,update,watch
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:validatingadmissionpolicy-status-controller since:1.30
  admissionregistration.k8s.io validatingadmissionpolicies get,list,watch
  admissionregistration.k8s.io validatingadmissionpolicies/status get,patch,update
  -,events.k8s.io events create,patch,update
ClusterRole system:controller:volumeattributesclass-protection-controller since:1.34
  - persistentvolumeclaims get,list,watch
  - persistentvolumes get,list,watch
  storage.k8s.io volumeattributesclasses get,list,update,watch
  -,events.k8s.io events create,patch,update
`;
