import type { KubeObject } from './resource.js';

/**
 * The built-in API resources, as an API server's discovery lists them: one table for every part of
 * Rampart that needs a kind's resource name or scope (RBAC queries, the namespace a manifest is
 * applied to, the identity of an object).
 */
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

/**
 * Kinds of API groups the API server no longer serves (removed in 1.16 and 1.25). Manifests still
 * carry them, and a scope must be known to place the object; RBAC queries never resolve them.
 */
const REMOVED: readonly { group: string; kind: string; namespaced: boolean }[] = [
  { group: 'extensions', kind: 'DaemonSet', namespaced: true },
  { group: 'extensions', kind: 'Deployment', namespaced: true },
  { group: 'extensions', kind: 'ReplicaSet', namespaced: true },
  { group: 'extensions', kind: 'Ingress', namespaced: true },
  { group: 'extensions', kind: 'NetworkPolicy', namespaced: true },
  { group: 'extensions', kind: 'PodSecurityPolicy', namespaced: false },
  { group: 'policy', kind: 'PodSecurityPolicy', namespaced: false },
];

const BUILT_IN_SCOPES: ReadonlyMap<string, boolean> = new Map([
  ...BUILT_IN_RESOURCES.map((type) => [scopeKey(type.group, type.kind), type.namespaced] as const),
  ...REMOVED.map((type) => [scopeKey(type.group, type.kind), type.namespaced] as const),
]);

function scopeKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * Whether objects of a kind live in namespaces: the built-in table, then the scope of the
 * CustomResourceDefinitions among the input. Built once per input.
 */
export class KindScopes {
  private readonly scopes: Map<string, boolean>;

  constructor(objects: Iterable<KubeObject> = []) {
    this.scopes = new Map(BUILT_IN_SCOPES);
    for (const object of objects) {
      if (object.kind !== 'CustomResourceDefinition' || groupOf(object.apiVersion) !== 'apiextensions.k8s.io') continue;
      const spec = object.spec as { group?: unknown; names?: { kind?: unknown }; scope?: unknown } | undefined;
      const group = spec?.group;
      const kind = spec?.names?.kind;
      if (typeof group !== 'string' || typeof kind !== 'string') continue;
      const key = scopeKey(group, kind);
      if (!BUILT_IN_SCOPES.has(key)) this.scopes.set(key, spec?.scope !== 'Cluster');
    }
  }

  /**
   * True for namespaced kinds, false for cluster-scoped ones, undefined for a kind neither the
   * built-in table nor the input's CRDs describe (kubectl would ask the cluster's discovery).
   */
  isNamespaced(object: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean | undefined {
    return this.scopes.get(scopeKey(groupOf(object.apiVersion), object.kind));
  }
}
