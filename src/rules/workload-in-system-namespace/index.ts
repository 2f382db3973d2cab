import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule } from '../../core/rule.js';
import { systemComponentOf } from '../infrastructure.js';
import { SYSTEM_NAMESPACES } from '../namespace-scope.js';
import { NO_FINDINGS, namespaceOf, podOrSkip } from '../workload-support.js';

/** Why each namespace the control plane owns is no place for an application. */
const WHY: Record<string, string> = {
  'kube-system':
    "where the control plane's and add-ons' ServiceAccounts live, so whoever deploys there can run pods as them",
  'kube-public': 'meant for the few objects every client may read, unauthenticated ones included',
  'kube-node-lease': "meant only for the nodes' heartbeat Leases",
};

/**
 * Applications in the namespaces the control plane owns. What belongs there is recognised by
 * what it is (src/rules/infrastructure.ts): static pods, pods ranked system-critical, node
 * agents, and the images of the components every distribution runs there. Everything else is
 * an application that landed in the wrong place.
 */
export const workloadInSystemNamespace = defineRule<'systemNamespace'>({
  meta: {
    id: 'workload-in-system-namespace',
    title: 'Applications do not run in the system namespaces',
    description:
      "Reports workloads whose metadata.namespace is `kube-system`, `kube-public` or `kube-node-lease` and that are not a cluster component. A cluster component is a static pod (annotation `kubernetes.io/config.mirror`), a pod with priorityClassName `system-node-critical` or `system-cluster-critical`, a node agent (a DaemonSet, or a pod a DaemonSet owns, with host network, host PID, hostPath volumes, or tolerating every taint: CNI plugins, kube-proxy, CSI node plugins), or a container image of a component every distribution runs there (the control plane, CoreDNS or kube-dns, the node-local DNS cache and the DNS autoscaler, kube-proxy, metrics-server, the cluster autoscaler, the API server network proxy agent, Calico's controllers, Cilium's operator, the Kubernetes CSI sidecars). Names are never enough. Workloads without a namespace are not reported.",
    rationale:
      "kube-system holds the ServiceAccounts of the controllers and add-ons, several of them as powerful as cluster-admin: anyone allowed to create pods there to deploy an application can run a pod as any of them. Admission policies, Pod Security labels and network policies commonly exempt the system namespaces, so an application there runs without the controls the rest of the cluster has. kube-public is readable by every client, unauthenticated ones included, and kube-node-lease exists only for the nodes' Leases.",
    remediation:
      'Move the application to a namespace of its own:\n\n```yaml\nmetadata:\n  name: web\n  namespace: shop\n```\n\nIf it is a cluster component Rampart does not recognise, give it the `system-cluster-critical` priority class it is due, or record an exception naming its owner.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Network separation and hardening: namespaces'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      systemNamespace: '{{kind}} {{name}} runs in {{namespace}}, {{why}}; nothing marks it as a cluster component',
    },
    references: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation',
      'https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass',
    ],
  },
  check({ object }) {
    const namespace = namespaceOf(object);
    if (!SYSTEM_NAMESPACES.includes(namespace)) return NO_FINDINGS;
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (systemComponentOf(object, pod)) return NO_FINDINGS;
    const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
    return [
      {
        path: ['metadata', 'namespace'],
        messageId: 'systemNamespace',
        data: { kind: object.kind, name, namespace, why: WHY[namespace] ?? '' },
      },
    ];
  },
});
