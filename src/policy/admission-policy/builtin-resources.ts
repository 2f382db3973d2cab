/**
 * The REST resources of the built-in kinds, as an API server's discovery would list them: which
 * resource a kind is written to, and whether it lives in a namespace. Old group/versions are kept
 * (extensions/v1beta1 Deployments, batch/v1beta1 CronJobs…) because manifests still use them and
 * `matchPolicy: Equivalent` has to map them onto the current ones.
 *
 * One line per group/version: `group/version  Kind:resource:scope …` (scope N namespaced, C cluster).
 */
const TABLE = `
v1 Binding:bindings:N ComponentStatus:componentstatuses:C ConfigMap:configmaps:N Endpoints:endpoints:N Event:events:N LimitRange:limitranges:N Namespace:namespaces:C Node:nodes:C PersistentVolume:persistentvolumes:C PersistentVolumeClaim:persistentvolumeclaims:N Pod:pods:N PodTemplate:podtemplates:N ReplicationController:replicationcontrollers:N ResourceQuota:resourcequotas:N Secret:secrets:N Service:services:N ServiceAccount:serviceaccounts:N
apps/v1 ControllerRevision:controllerrevisions:N DaemonSet:daemonsets:N Deployment:deployments:N ReplicaSet:replicasets:N StatefulSet:statefulsets:N
apps/v1beta2 ControllerRevision:controllerrevisions:N DaemonSet:daemonsets:N Deployment:deployments:N ReplicaSet:replicasets:N StatefulSet:statefulsets:N
apps/v1beta1 ControllerRevision:controllerrevisions:N Deployment:deployments:N StatefulSet:statefulsets:N
extensions/v1beta1 DaemonSet:daemonsets:N Deployment:deployments:N Ingress:ingresses:N NetworkPolicy:networkpolicies:N PodSecurityPolicy:podsecuritypolicies:C ReplicaSet:replicasets:N
batch/v1 CronJob:cronjobs:N Job:jobs:N
batch/v1beta1 CronJob:cronjobs:N
autoscaling/v1 HorizontalPodAutoscaler:horizontalpodautoscalers:N
autoscaling/v2 HorizontalPodAutoscaler:horizontalpodautoscalers:N
autoscaling/v2beta2 HorizontalPodAutoscaler:horizontalpodautoscalers:N
autoscaling/v2beta1 HorizontalPodAutoscaler:horizontalpodautoscalers:N
policy/v1 PodDisruptionBudget:poddisruptionbudgets:N
policy/v1beta1 PodDisruptionBudget:poddisruptionbudgets:N PodSecurityPolicy:podsecuritypolicies:C
networking.k8s.io/v1 Ingress:ingresses:N IngressClass:ingressclasses:C NetworkPolicy:networkpolicies:N
networking.k8s.io/v1beta1 Ingress:ingresses:N IngressClass:ingressclasses:C
rbac.authorization.k8s.io/v1 ClusterRole:clusterroles:C ClusterRoleBinding:clusterrolebindings:C Role:roles:N RoleBinding:rolebindings:N
rbac.authorization.k8s.io/v1beta1 ClusterRole:clusterroles:C ClusterRoleBinding:clusterrolebindings:C Role:roles:N RoleBinding:rolebindings:N
storage.k8s.io/v1 CSIDriver:csidrivers:C CSINode:csinodes:C CSIStorageCapacity:csistoragecapacities:N StorageClass:storageclasses:C VolumeAttachment:volumeattachments:C
storage.k8s.io/v1beta1 CSIDriver:csidrivers:C CSINode:csinodes:C CSIStorageCapacity:csistoragecapacities:N StorageClass:storageclasses:C VolumeAttachment:volumeattachments:C
scheduling.k8s.io/v1 PriorityClass:priorityclasses:C
scheduling.k8s.io/v1beta1 PriorityClass:priorityclasses:C
node.k8s.io/v1 RuntimeClass:runtimeclasses:C
node.k8s.io/v1beta1 RuntimeClass:runtimeclasses:C
coordination.k8s.io/v1 Lease:leases:N
discovery.k8s.io/v1 EndpointSlice:endpointslices:N
discovery.k8s.io/v1beta1 EndpointSlice:endpointslices:N
events.k8s.io/v1 Event:events:N
events.k8s.io/v1beta1 Event:events:N
certificates.k8s.io/v1 CertificateSigningRequest:certificatesigningrequests:C
certificates.k8s.io/v1beta1 CertificateSigningRequest:certificatesigningrequests:C
admissionregistration.k8s.io/v1 MutatingAdmissionPolicy:mutatingadmissionpolicies:C MutatingAdmissionPolicyBinding:mutatingadmissionpolicybindings:C MutatingWebhookConfiguration:mutatingwebhookconfigurations:C ValidatingAdmissionPolicy:validatingadmissionpolicies:C ValidatingAdmissionPolicyBinding:validatingadmissionpolicybindings:C ValidatingWebhookConfiguration:validatingwebhookconfigurations:C
admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicy:mutatingadmissionpolicies:C MutatingAdmissionPolicyBinding:mutatingadmissionpolicybindings:C MutatingWebhookConfiguration:mutatingwebhookconfigurations:C ValidatingAdmissionPolicy:validatingadmissionpolicies:C ValidatingAdmissionPolicyBinding:validatingadmissionpolicybindings:C ValidatingWebhookConfiguration:validatingwebhookconfigurations:C
admissionregistration.k8s.io/v1alpha1 MutatingAdmissionPolicy:mutatingadmissionpolicies:C MutatingAdmissionPolicyBinding:mutatingadmissionpolicybindings:C ValidatingAdmissionPolicy:validatingadmissionpolicies:C ValidatingAdmissionPolicyBinding:validatingadmissionpolicybindings:C
apiextensions.k8s.io/v1 CustomResourceDefinition:customresourcedefinitions:C
apiextensions.k8s.io/v1beta1 CustomResourceDefinition:customresourcedefinitions:C
apiregistration.k8s.io/v1 APIService:apiservices:C
flowcontrol.apiserver.k8s.io/v1 FlowSchema:flowschemas:C PriorityLevelConfiguration:prioritylevelconfigurations:C
flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema:flowschemas:C PriorityLevelConfiguration:prioritylevelconfigurations:C
resource.k8s.io/v1 DeviceClass:deviceclasses:C ResourceClaim:resourceclaims:N ResourceClaimTemplate:resourceclaimtemplates:N ResourceSlice:resourceslices:C
authentication.k8s.io/v1 SelfSubjectReview:selfsubjectreviews:C TokenReview:tokenreviews:C
authorization.k8s.io/v1 LocalSubjectAccessReview:localsubjectaccessreviews:N SelfSubjectAccessReview:selfsubjectaccessreviews:C SelfSubjectRulesReview:selfsubjectrulesreviews:C SubjectAccessReview:subjectaccessreviews:C
`;

/**
 * Resources that moved between groups but share storage: the API server treats them as one
 * resource for `matchPolicy: Equivalent` (a Deployment sent to extensions/v1beta1 is a Deployment).
 * Versions of one group/resource are always equivalent and need no entry.
 */
export const CROSS_GROUP_EQUIVALENTS: readonly (readonly string[])[] = [
  ['apps/deployments', 'extensions/deployments'],
  ['apps/daemonsets', 'extensions/daemonsets'],
  ['apps/replicasets', 'extensions/replicasets'],
  ['networking.k8s.io/ingresses', 'extensions/ingresses'],
  ['networking.k8s.io/networkpolicies', 'extensions/networkpolicies'],
  ['policy/podsecuritypolicies', 'extensions/podsecuritypolicies'],
  ['/events', 'events.k8s.io/events'],
];

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** Plural, lower-case: `deployments`. */
  resource: string;
  namespaced: boolean;
}

export const BUILTIN_RESOURCES: readonly ResourceInfo[] = TABLE.trim()
  .split('\n')
  .flatMap((line) => {
    const [groupVersion = '', ...entries] = line.split(' ');
    const slash = groupVersion.indexOf('/');
    const group = slash === -1 ? '' : groupVersion.slice(0, slash);
    const version = slash === -1 ? groupVersion : groupVersion.slice(slash + 1);
    return entries.map((entry) => {
      const [kind = '', resource = '', scope] = entry.split(':');
      return { group, version, kind, resource, namespaced: scope === 'N' };
    });
  });
