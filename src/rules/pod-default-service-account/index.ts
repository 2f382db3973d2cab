import { POD_SPEC_KINDS, type PodTemplate } from '../../core/pod-spec.js';
import { defineRule } from '../../core/rule.js';
import { serviceAccountOf, tokenMount } from '../workload-inventory.js';
import { fieldsOf, NO_FINDINGS, namespaceOf, podOrSkip } from '../workload-support.js';

type MessageId = 'implicit' | 'explicit';

/** Whether a projected volume asks for a token of the pod's ServiceAccount explicitly. */
function projectsToken(pod: PodTemplate): boolean {
  const volumes = pod.spec.volumes;
  if (!Array.isArray(volumes)) return false;
  for (const volume of volumes) {
    const sources = fieldsOf(fieldsOf(volume)?.projected)?.sources;
    if (!Array.isArray(sources)) continue;
    for (const source of sources) if (fieldsOf(source)?.serviceAccountToken) return true;
  }
  return false;
}

/**
 * A pod that runs as `default` but gets no token of it (automounting off on the pod or on the
 * default ServiceAccount in the input, and no projected token) cannot act as that identity, so it passes.
 */
export const podDefaultServiceAccount = defineRule<MessageId>({
  meta: {
    id: 'pod-default-service-account',
    title: "Pods do not act as their namespace's default ServiceAccount",
    description:
      'Flags pods that run as the `default` ServiceAccount (`serviceAccountName` unset or `default`) and receive its token, automounted or projected. Pods that run as `default` without any token of it pass: they cannot act as it. Whether the default ServiceAccount disables automounting is read from the scanned input.',
    rationale:
      'Every pod of a namespace that names no ServiceAccount shares the `default` one. A permission granted to it for one application — a RoleBinding added to make something work — silently reaches every other pod of the namespace, and audit logs cannot tell which workload made a call. Dedicated accounts keep each workload to its own permissions and make its API use attributable.',
    remediation:
      "Create a ServiceAccount per workload and name it in the pod; if the workload needs no API access, also turn the token off:\n\n```yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\nautomountServiceAccountToken: false\n---\n# in the pod template\nspec:\n  serviceAccountName: web\n```\n\nPlatform teams can additionally set `automountServiceAccountToken: false` on each namespace's `default` ServiceAccount.",
    stage: 'deploy',
    severity: 'low',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: protecting Pod service account tokens'], cis: ['5.1.5'], mitre: ['T1528'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      implicit:
        "the pod names no serviceAccountName, so it runs as its namespace's default ServiceAccount and receives its token",
      explicit: "the pod runs as its namespace's default ServiceAccount and receives its token",
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/',
    ],
  },
  check({ object, inventory }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (serviceAccountOf(pod) !== 'default') return NO_FINDINGS;
    if (!tokenMount(pod, inventory, namespaceOf(object)).mounted && !projectsToken(pod)) return NO_FINDINGS;
    const named = pod.spec.serviceAccountName === 'default' || pod.spec.serviceAccount === 'default';
    const field =
      pod.spec.serviceAccountName === undefined && pod.spec.serviceAccount === 'default'
        ? 'serviceAccount'
        : 'serviceAccountName';
    return [{ path: [...pod.specPath, field], messageId: named ? 'explicit' : 'implicit' }];
  },
});
