import { ANONYMOUS, MASTERS, parseServiceAccountUsername } from './identity.js';
import type { SubjectRef } from './types.js';

/**
 * The ServiceAccounts that kube-controller-manager and the bootstrap policy run as, in kube-system
 * (every ServiceAccount the bootstrap bindings name, and the controllers whose roles it ships unbound).
 */
const CONTROL_PLANE_SERVICE_ACCOUNTS = new Set([
  'attachdetach-controller',
  'bootstrap-signer',
  'certificate-controller',
  'cloud-provider',
  'clusterrole-aggregation-controller',
  'cronjob-controller',
  'daemon-set-controller',
  'deployment-controller',
  'device-taint-eviction-controller',
  'disruption-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'endpointslicemirroring-controller',
  'ephemeral-volume-controller',
  'expand-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
  'job-controller',
  'kube-controller-manager',
  'kube-dns',
  'kube-scheduler',
  'leader-election-controller',
  'legacy-service-account-token-cleaner',
  'namespace-controller',
  'node-controller',
  'persistent-volume-binder',
  'pod-garbage-collector',
  'pv-protection-controller',
  'pvc-protection-controller',
  'replicaset-controller',
  'replication-controller',
  'resource-claim-controller',
  'resourcequota-controller',
  'root-ca-cert-publisher',
  'route-controller',
  'selinux-warning-controller',
  'service-account-controller',
  'service-cidrs-controller',
  'service-controller',
  'statefulset-controller',
  'token-cleaner',
  'ttl-after-finished-controller',
  'ttl-controller',
  'validatingadmissionpolicy-status-controller',
  'volumeattributesclass-protection-controller',
]);

/**
 * Whether a subject is the platform's own: identities the control plane itself runs as, whose
 * power is by design. Users named `system:…` are issued by the cluster's CA to control-plane
 * components (the controller manager, scheduler, kube-proxy, kubelets); system:masters and
 * system:nodes are their groups. The anonymous user and the catch-all groups are not: a path from
 * them is open to everyone.
 */
export function isPlatformSubject(subject: SubjectRef, extra: readonly string[] = []): boolean {
  if (extra.includes(subjectText(subject))) return true;
  switch (subject.kind) {
    case 'User':
      if (parseServiceAccountUsername(subject.name)) {
        const sa = parseServiceAccountUsername(subject.name);
        return sa?.namespace === 'kube-system' && CONTROL_PLANE_SERVICE_ACCOUNTS.has(sa.name);
      }
      return subject.name.startsWith('system:') && subject.name !== ANONYMOUS;
    case 'Group':
      return (
        subject.name === MASTERS || subject.name === 'system:nodes' || subject.name.startsWith('system:bootstrappers')
      );
    case 'ServiceAccount':
      return subject.namespace === 'kube-system' && CONTROL_PLANE_SERVICE_ACCOUNTS.has(subject.name);
  }
}

/** The CLI's spelling of a subject: `user:alice`, `group:dev`, `sa:ns/name`. */
export function subjectText(subject: SubjectRef): string {
  if (subject.kind === 'ServiceAccount') return `sa:${subject.namespace}/${subject.name}`;
  return `${subject.kind === 'User' ? 'user' : 'group'}:${subject.name}`;
}
