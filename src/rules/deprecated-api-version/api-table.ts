import { isRecord } from '../../core/pod-spec.js';
import type { KubeObject } from '../../core/resource.js';

/**
 * Every API version the Kubernetes "Deprecated API Migration Guide" lists as removed (v1.16 to
 * v1.32), with deprecation releases from the types' prerelease-lifecycle tags, plus v1 Endpoints
 * (deprecated in v1.33 in favour of EndpointSlice, no removal planned). Minor versions of 1.x.
 */
export interface ApiChange {
  apiVersion: string;
  kinds: readonly string[];
  deprecated: number;
  /** Release that stops serving it; undefined when no removal is planned. */
  removed?: number;
  /** Successors, preferred first, with the release each became available and, if gone again, stopped. */
  replacements: readonly { apiVersion: string; kind?: string; since: number; until?: number }[];
  /** Said instead of a replacement when none is served at the target. */
  noReplacement?: string;
  /** Whether moving to the successor is a change of apiVersion and nothing else, for this object. */
  renameOnly: boolean | ((object: KubeObject) => boolean);
  /** What else changes, when more than apiVersion does. */
  changes?: string;
}

const apps = (apiVersion: string, kinds: string[]): ApiChange => ({
  apiVersion,
  kinds,
  deprecated: 9,
  removed: 16,
  replacements: [{ apiVersion: 'apps/v1', since: 9 }],
  renameOnly: false,
  changes: 'spec.selector becomes required and rollout defaults change',
});

const flowcontrol = (version: string, deprecated: number, removed: number): ApiChange[] => {
  const successors = [
    { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', since: 29 },
    { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', since: 26, until: 32 },
    { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', since: 23, until: 29 },
  ].filter((s) => s.apiVersion !== `flowcontrol.apiserver.k8s.io/${version}`);
  const apiVersion = `flowcontrol.apiserver.k8s.io/${version}`;
  return [
    { apiVersion, kinds: ['FlowSchema'], deprecated, removed, replacements: successors, renameOnly: true },
    {
      apiVersion,
      kinds: ['PriorityLevelConfiguration'],
      deprecated,
      removed,
      replacements: successors,
      renameOnly: false,
      changes: 'assuredConcurrencyShares became nominalConcurrencyShares, and an explicit 0 is no longer defaulted',
    },
  ];
};

/** An empty selector selects no pods in policy/v1beta1 but every pod in policy/v1. */
const pdbSelectorUnchanged = (object: KubeObject): boolean => {
  const selector = isRecord(object.spec) ? object.spec.selector : undefined;
  return !(isRecord(selector) && Object.keys(selector).length === 0);
};

export const API_CHANGES: readonly ApiChange[] = [
  // v1.16
  apps('extensions/v1beta1', ['DaemonSet', 'Deployment', 'ReplicaSet']),
  apps('apps/v1beta1', ['Deployment', 'StatefulSet', 'ControllerRevision']),
  apps('apps/v1beta2', ['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'ControllerRevision']),
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['NetworkPolicy'],
    deprecated: 9,
    removed: 16,
    replacements: [{ apiVersion: 'networking.k8s.io/v1', since: 8 }],
    renameOnly: true,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecated: 11,
    removed: 16,
    replacements: [{ apiVersion: 'policy/v1beta1', since: 10, until: 25 }],
    noReplacement: 'PodSecurityPolicy has no successor API; enforce Pod Security Admission namespace labels instead',
    renameOnly: true,
  },
  // v1.22
  ...['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'].map((kind) => ({
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: [kind],
    deprecated: 16,
    removed: 22,
    replacements: [{ apiVersion: 'admissionregistration.k8s.io/v1', since: 16 }],
    renameOnly: false,
    changes: 'the failurePolicy default becomes Fail, and sideEffects and admissionReviewVersions become required',
  })),
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1',
    kinds: ['CustomResourceDefinition'],
    deprecated: 16,
    removed: 22,
    replacements: [{ apiVersion: 'apiextensions.k8s.io/v1', since: 16 }],
    renameOnly: false,
    changes: 'schemas move under spec.versions and must be structural',
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1',
    kinds: ['APIService'],
    deprecated: 19,
    removed: 22,
    replacements: [{ apiVersion: 'apiregistration.k8s.io/v1', since: 10 }],
    renameOnly: true,
  },
  {
    apiVersion: 'authentication.k8s.io/v1beta1',
    kinds: ['TokenReview'],
    deprecated: 19,
    removed: 22,
    replacements: [{ apiVersion: 'authentication.k8s.io/v1', since: 6 }],
    renameOnly: true,
  },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview', 'SelfSubjectRulesReview'],
    deprecated: 19,
    removed: 22,
    replacements: [{ apiVersion: 'authorization.k8s.io/v1', since: 6 }],
    renameOnly: false,
    changes: 'spec.group becomes spec.groups',
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    deprecated: 19,
    removed: 22,
    replacements: [{ apiVersion: 'certificates.k8s.io/v1', since: 19 }],
    renameOnly: false,
    changes: 'spec.signerName and spec.usages become required',
  },
  {
    apiVersion: 'coordination.k8s.io/v1beta1',
    kinds: ['Lease'],
    deprecated: 19,
    removed: 22,
    replacements: [{ apiVersion: 'coordination.k8s.io/v1', since: 14 }],
    renameOnly: true,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Ingress'],
    deprecated: 14,
    removed: 22,
    replacements: [{ apiVersion: 'networking.k8s.io/v1', since: 19 }],
    renameOnly: false,
    changes: 'backends become service.name/service.port, pathType is required, backend becomes defaultBackend',
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress'],
    deprecated: 19,
    removed: 22,
    replacements: [{ apiVersion: 'networking.k8s.io/v1', since: 19 }],
    renameOnly: false,
    changes: 'backends become service.name/service.port, pathType is required, backend becomes defaultBackend',
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['IngressClass'],
    deprecated: 19,
    removed: 22,
    replacements: [{ apiVersion: 'networking.k8s.io/v1', since: 19 }],
    renameOnly: true,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    deprecated: 17,
    removed: 22,
    replacements: [{ apiVersion: 'rbac.authorization.k8s.io/v1', since: 8 }],
    renameOnly: true,
  },
  {
    apiVersion: 'scheduling.k8s.io/v1beta1',
    kinds: ['PriorityClass'],
    deprecated: 14,
    removed: 22,
    replacements: [{ apiVersion: 'scheduling.k8s.io/v1', since: 14 }],
    renameOnly: true,
  },
  ...(
    [
      ['CSIDriver', 19, 19],
      ['CSINode', 17, 17],
      ['StorageClass', 19, 6],
      ['VolumeAttachment', 19, 13],
    ] as const
  ).map(([kind, deprecated, since]) => ({
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: [kind],
    deprecated,
    removed: 22,
    replacements: [{ apiVersion: 'storage.k8s.io/v1', since }],
    renameOnly: true,
  })),
  // v1.25
  {
    apiVersion: 'batch/v1beta1',
    kinds: ['CronJob'],
    deprecated: 21,
    removed: 25,
    replacements: [{ apiVersion: 'batch/v1', since: 21 }],
    renameOnly: true,
  },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    deprecated: 21,
    removed: 25,
    replacements: [{ apiVersion: 'discovery.k8s.io/v1', since: 21 }],
    renameOnly: false,
    changes: 'topology becomes per-endpoint nodeName and zone',
  },
  {
    apiVersion: 'events.k8s.io/v1beta1',
    kinds: ['Event'],
    deprecated: 22,
    removed: 25,
    replacements: [{ apiVersion: 'events.k8s.io/v1', since: 19 }],
    renameOnly: false,
    changes: 'involvedObject becomes regarding, and the reporting fields become required',
  },
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    deprecated: 22,
    removed: 25,
    replacements: [{ apiVersion: 'autoscaling/v2', since: 23 }],
    renameOnly: false,
    changes: 'metric targets become target.type/target.averageUtilization',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodDisruptionBudget'],
    deprecated: 21,
    removed: 25,
    replacements: [{ apiVersion: 'policy/v1', since: 21 }],
    renameOnly: pdbSelectorUnchanged,
    changes: 'an empty selector selects every pod in policy/v1, and none in policy/v1beta1',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecated: 21,
    removed: 25,
    replacements: [],
    noReplacement: 'PodSecurityPolicy has no successor API; enforce Pod Security Admission namespace labels instead',
    renameOnly: false,
  },
  {
    apiVersion: 'node.k8s.io/v1beta1',
    kinds: ['RuntimeClass'],
    deprecated: 22,
    removed: 25,
    replacements: [{ apiVersion: 'node.k8s.io/v1', since: 20 }],
    renameOnly: true,
  },
  // v1.26
  ...flowcontrol('v1beta1', 23, 26),
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    deprecated: 23,
    removed: 26,
    replacements: [{ apiVersion: 'autoscaling/v2', since: 23 }],
    renameOnly: true, // v2 is v2beta2's schema unchanged
  },
  // v1.27
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    deprecated: 24,
    removed: 27,
    replacements: [{ apiVersion: 'storage.k8s.io/v1', since: 24 }],
    renameOnly: true,
  },
  // v1.29, v1.32
  ...flowcontrol('v1beta2', 26, 29),
  ...flowcontrol('v1beta3', 29, 32),
  // deprecated, still served
  {
    apiVersion: 'v1',
    kinds: ['Endpoints'],
    deprecated: 33,
    replacements: [{ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', since: 21 }],
    renameOnly: false,
    changes: 'a different kind: one EndpointSlice per address family, labelled with the Service name',
  },
];

/** `apiVersion kind` → change, built once. */
export const API_CHANGE_INDEX: ReadonlyMap<string, ApiChange> = new Map(
  API_CHANGES.flatMap((change) => change.kinds.map((kind) => [`${change.apiVersion} ${kind}`, change] as const)),
);
