import type { Inventory } from '../../core/inventory.js';
import { isRecord } from '../../core/pod-spec.js';

export interface ResourceType {
  resource: string;
  group: string;
  kind: string;
  namespaced: boolean;
  shortNames: readonly string[];
}

/** `plural group Kind scope shortnames` for the built-in APIs, so offline queries resolve names as kubectl does. */
const BUILT_IN = `
pods - Pod n po
services - Service n svc
secrets - Secret n
configmaps - ConfigMap n cm
serviceaccounts - ServiceAccount n sa
endpoints - Endpoints n ep
events - Event n ev
limitranges - LimitRange n limits
persistentvolumeclaims - PersistentVolumeClaim n pvc
podtemplates - PodTemplate n
replicationcontrollers - ReplicationController n rc
resourcequotas - ResourceQuota n quota
bindings - Binding n
namespaces - Namespace c ns
nodes - Node c no
persistentvolumes - PersistentVolume c pv
componentstatuses - ComponentStatus c cs
users - User c
groups - Group c
deployments apps Deployment n deploy
replicasets apps ReplicaSet n rs
daemonsets apps DaemonSet n ds
statefulsets apps StatefulSet n sts
controllerrevisions apps ControllerRevision n
jobs batch Job n
cronjobs batch CronJob n cj
horizontalpodautoscalers autoscaling HorizontalPodAutoscaler n hpa
poddisruptionbudgets policy PodDisruptionBudget n pdb
networkpolicies networking.k8s.io NetworkPolicy n netpol
ingresses networking.k8s.io Ingress n ing
ingressclasses networking.k8s.io IngressClass c
ipaddresses networking.k8s.io IPAddress c
servicecidrs networking.k8s.io ServiceCIDR c
roles rbac.authorization.k8s.io Role n
rolebindings rbac.authorization.k8s.io RoleBinding n
clusterroles rbac.authorization.k8s.io ClusterRole c
clusterrolebindings rbac.authorization.k8s.io ClusterRoleBinding c
storageclasses storage.k8s.io StorageClass c sc
csidrivers storage.k8s.io CSIDriver c
csinodes storage.k8s.io CSINode c
volumeattachments storage.k8s.io VolumeAttachment c
volumeattributesclasses storage.k8s.io VolumeAttributesClass c vac
csistoragecapacities storage.k8s.io CSIStorageCapacity n
mutatingwebhookconfigurations admissionregistration.k8s.io MutatingWebhookConfiguration c
validatingwebhookconfigurations admissionregistration.k8s.io ValidatingWebhookConfiguration c
validatingadmissionpolicies admissionregistration.k8s.io ValidatingAdmissionPolicy c
validatingadmissionpolicybindings admissionregistration.k8s.io ValidatingAdmissionPolicyBinding c
mutatingadmissionpolicies admissionregistration.k8s.io MutatingAdmissionPolicy c
mutatingadmissionpolicybindings admissionregistration.k8s.io MutatingAdmissionPolicyBinding c
customresourcedefinitions apiextensions.k8s.io CustomResourceDefinition c crd,crds
apiservices apiregistration.k8s.io APIService c
certificatesigningrequests certificates.k8s.io CertificateSigningRequest c csr
clustertrustbundles certificates.k8s.io ClusterTrustBundle c
signers certificates.k8s.io Signer c
podcertificaterequests certificates.k8s.io PodCertificateRequest n
leases coordination.k8s.io Lease n
leasecandidates coordination.k8s.io LeaseCandidate n
endpointslices discovery.k8s.io EndpointSlice n
events events.k8s.io Event n ev
runtimeclasses node.k8s.io RuntimeClass c
priorityclasses scheduling.k8s.io PriorityClass c pc
flowschemas flowcontrol.apiserver.k8s.io FlowSchema c
prioritylevelconfigurations flowcontrol.apiserver.k8s.io PriorityLevelConfiguration c
tokenreviews authentication.k8s.io TokenReview c
selfsubjectreviews authentication.k8s.io SelfSubjectReview c
userextras authentication.k8s.io UserExtra c
uids authentication.k8s.io UID c
subjectaccessreviews authorization.k8s.io SubjectAccessReview c
selfsubjectaccessreviews authorization.k8s.io SelfSubjectAccessReview c
selfsubjectrulesreviews authorization.k8s.io SelfSubjectRulesReview c
localsubjectaccessreviews authorization.k8s.io LocalSubjectAccessReview n
resourceclaims resource.k8s.io ResourceClaim n
resourceclaimtemplates resource.k8s.io ResourceClaimTemplate n
deviceclasses resource.k8s.io DeviceClass c
resourceslices resource.k8s.io ResourceSlice c
devicetaintrules resource.k8s.io DeviceTaintRule c
`;

export const BUILT_IN_RESOURCES: readonly ResourceType[] = BUILT_IN.trim()
  .split('\n')
  .map((line) => {
    const [resource = '', group = '', kind = '', scope = '', short = ''] = line.split(' ');
    return {
      resource,
      group: group === '-' ? '' : group,
      kind,
      namespaced: scope === 'n',
      shortNames: short ? short.split(',') : [],
    };
  });

/** The built-in types plus the CustomResourceDefinitions the inventory holds. */
export function resourceTypes(inventory?: Inventory): ResourceType[] {
  const types = [...BUILT_IN_RESOURCES];
  for (const crd of inventory?.ofKind('CustomResourceDefinition') ?? []) {
    const spec = crd.object.spec;
    if (!isRecord(spec) || !isRecord(spec.names) || typeof spec.group !== 'string') continue;
    const { plural, kind, shortNames } = spec.names;
    if (typeof plural !== 'string' || typeof kind !== 'string') continue;
    types.push({
      resource: plural,
      group: spec.group,
      kind,
      namespaced: spec.scope !== 'Cluster',
      shortNames: Array.isArray(shortNames) ? shortNames.filter((s): s is string => typeof s === 'string') : [],
    });
  }
  return types;
}

export interface ResolvedResource {
  resource: string;
  subresource: string;
  group: string;
  /** Undefined when the type is unknown (neither built in nor a CRD of the inputs). */
  namespaced?: boolean;
}

/**
 * Resolves `RESOURCE[.GROUP][/SUBRESOURCE]` as kubectl does: plural, singular, short name or
 * Kind, optionally qualified by group (`deployments.apps`, `foos.example.com`). `*` stays a wildcard.
 */
export function resolveResource(text: string, types: readonly ResourceType[]): ResolvedResource {
  const slash = text.indexOf('/');
  const base = slash === -1 ? text : text.slice(0, slash);
  const subresource = slash === -1 ? '' : text.slice(slash + 1);
  const lower = base.toLowerCase();
  const matches = (type: ResourceType, name: string) =>
    type.resource === name || type.kind.toLowerCase() === name || type.shortNames.includes(name);
  const plain = types.find((type) => matches(type, lower));
  if (plain) return { resource: plain.resource, subresource, group: plain.group, namespaced: plain.namespaced };
  const dot = lower.indexOf('.');
  if (dot > 0) {
    const name = lower.slice(0, dot);
    const group = lower.slice(dot + 1);
    const qualified = types.find((type) => type.group === group && matches(type, name));
    if (qualified) return { resource: qualified.resource, subresource, group, namespaced: qualified.namespaced };
    return { resource: name, subresource, group };
  }
  return { resource: lower, subresource, group: '' };
}
