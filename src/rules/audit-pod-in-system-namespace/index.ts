import {
  ALLOW_IMAGES,
  actor,
  at,
  defineAuditRule,
  imagesAllowed,
  isFinal,
  isSystemComponent,
  refused,
  target,
} from '../audit-support.js';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public']);

/** kube-system holds the cluster's most powerful service accounts; a pod there can mount them. */
export const auditPodInSystemNamespace = defineAuditRule<'created'>({
  meta: {
    id: 'audit-pod-in-system-namespace',
    title: 'No pods created in kube-system or kube-public by people',
    description:
      'Reports Pods created in `kube-system` or `kube-public` by a user who is not a Kubernetes component (control-plane users, nodes, and kube-system service accounts are), unless every image is on `allowImages`.',
    rationale:
      'Pods in kube-system can use its service accounts, several of which can read every Secret or create pods anywhere, and blend in with the control plane’s own; attackers hide there.',
    remediation:
      'Find who created the pod and delete it unless it is expected; deploy add-ons through their controllers (a Deployment’s pods are created by the replicaset controller, which is not reported) and allow-list their images (`allowImages`).',
    severity: 'medium',
    owner: 'security',
    frameworks: { mitre: ['T1610', 'T1036.005'] },
    options: ALLOW_IMAGES,
    messages: { created: '{{user}} created {{target}} in a system namespace' },
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
  },
  detect(view, options) {
    if (view.resource !== 'pods' || view.subresource !== '' || view.verb !== 'create') return undefined;
    if (!SYSTEM_NAMESPACES.has(view.namespace) || !isFinal(view) || refused(view)) return undefined;
    if (isSystemComponent(view.user)) return [];
    if (view.requestObject && imagesAllowed(view.requestObject, options)) return [];
    return [at(['objectRef', 'namespace'], 'created', { user: actor(view), target: target(view) })];
  },
});
