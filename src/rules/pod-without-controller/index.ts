import { defineRule } from '../../core/rule.js';
import { fieldsOf, NO_FINDINGS, namespaceOf, podOrSkip, runsToCompletion } from '../workload-support.js';

type MessageId = 'longRunning' | 'oneShot';

/**
 * A Pod the input creates itself: nothing recreates it when its node fails, is drained or evicts
 * it. Not bare: a Pod with an owner (a ReplicaSet, a Job, an operator's resource), a kubelet's
 * static pod (its mirror in the API, or a manifest in kube-system at the priority every static
 * pod of the control plane runs at), and a Helm hook, which Helm itself runs to completion and
 * judges (`helm test` pods are one-shots by design).
 */
export const podWithoutController = defineRule<MessageId>({
  meta: {
    id: 'pod-without-controller',
    title: 'Pods are run by a controller',
    description:
      'Reports Pods that no controller manages: no `metadata.ownerReferences`, no kubelet mirror annotation (`kubernetes.io/config.mirror`), and no Helm hook annotation (`helm.sh/hook`: Helm creates hook pods, `helm test` ones included, waits for them to finish and reads their exit status). A Pod in kube-system with priorityClassName `system-node-critical` is taken for a static pod manifest of the control plane. Pods that restart Never or OnFailure are reported as one-shot runs that a Job would retry.',
    rationale:
      'A bare Pod lives exactly as long as its node: when the node fails, is drained for an upgrade, or evicts the pod under memory pressure, nothing creates it again, and the service or the task is silently gone. Nothing rolls out a new version either: changing the image means deleting and recreating the pod by hand, with downtime. A Deployment, StatefulSet, DaemonSet or Job keeps the declared number of pods running and replaces them in order.',
    remediation:
      'Run the pod from a controller. A long-running pod becomes a Deployment (or a StatefulSet when it keeps state):\n\n```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: registry.example/web:1.0\n```\n\nA task that runs to completion becomes a Job, which retries it on another node (`backoffLimit`).',
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: {},
    kinds: ['Pod'],
    messages: {
      longRunning:
        'Pod {{name}} has no controller: when its node fails, is drained or evicts it, nothing starts it again',
      oneShot: 'Pod {{name}} runs once with no Job around it: if its node fails, the task is lost, not retried',
    },
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/#working-with-pods',
      'https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs',
      'https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/',
      'https://helm.sh/docs/topics/charts_hooks/',
    ],
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const metadata = object.metadata ?? {};
    const owners = metadata.ownerReferences;
    if (Array.isArray(owners) && owners.some((owner) => fieldsOf(owner) !== undefined)) return NO_FINDINGS;
    const annotations = fieldsOf(metadata.annotations) ?? {};
    if (annotations['kubernetes.io/config.mirror'] !== undefined) return NO_FINDINGS;
    if (annotations['helm.sh/hook'] !== undefined) return NO_FINDINGS;
    if (namespaceOf(object) === 'kube-system' && pod.spec.priorityClassName === 'system-node-critical')
      return NO_FINDINGS;
    const name =
      typeof metadata.name === 'string' && metadata.name !== ''
        ? metadata.name
        : typeof metadata.generateName === 'string'
          ? `${metadata.generateName}*`
          : '';
    return [
      {
        path: ['metadata', 'ownerReferences'],
        messageId: runsToCompletion(object, pod) ? 'oneShot' : 'longRunning',
        data: { name },
      },
    ];
  },
});
