import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule } from '../../core/rule.js';
import { boundServiceAccounts, tokenMount } from '../workload-inventory.js';
import { NO_FINDINGS, namespaceOf, podOrSkip } from '../workload-support.js';

type MessageId = 'enabled' | 'serviceAccountEnabled' | 'defaulted';

/**
 * The pod's own setting wins; when it has none, the setting of its ServiceAccount in the scanned
 * input (same namespace) decides, so a pod whose account opts out passes without repeating it.
 */
export const podAutomountServiceAccountToken = defineRule<MessageId>({
  meta: {
    id: 'pod-automount-service-account-token',
    title: 'Pods do not mount a ServiceAccount token they do not need',
    description:
      "Flags pods whose containers get the ServiceAccount's API token mounted automatically: `automountServiceAccountToken` is true on the pod, or unset on the pod and not false on its ServiceAccount. The ServiceAccount's setting is read from the scanned input (same namespace); an account that is not in the input counts as not opting out. Pods whose ServiceAccount a RoleBinding or ClusterRoleBinding of the input grants rights to pass: they use the API.",
    rationale:
      'Every container of the pod can read the token at /var/run/secrets/kubernetes.io/serviceaccount. Whoever gets code execution in any of them (a vulnerable dependency, an SSRF that reads local files) can replay it against the API server with all the permissions of the ServiceAccount — often more than intended, since RoleBindings accumulate. Most applications never call the Kubernetes API and have no use for the token.',
    remediation:
      'If the workload does not call the Kubernetes API, turn the token off on the pod (or once on its ServiceAccount):\n\n```yaml\nspec:\n  automountServiceAccountToken: false\n```\n\nIf it does, give it a dedicated ServiceAccount with only the permissions it needs, and prefer a projected token with an audience and a short `expirationSeconds` in the one container that uses it. `rampart fix` sets the pod field to false; check first that nothing in the pod talks to the API.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: protecting Pod service account tokens'], cis: ['5.1.6'], mitre: ['T1528'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      enabled:
        'the pod sets automountServiceAccountToken: true, so every container can read the API token of ServiceAccount {{serviceAccount}}',
      serviceAccountEnabled:
        'ServiceAccount {{serviceAccount}} sets automountServiceAccountToken: true and the pod does not override it, so every container can read its API token',
      defaulted:
        'neither the pod nor ServiceAccount {{serviceAccount}}{{account}} sets automountServiceAccountToken: false, so every container can read its API token',
    },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
    ],
    fixable: true,
  },
  check({ object, inventory }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const namespace = namespaceOf(object);
    const mount = tokenMount(pod, inventory, namespace);
    if (!mount.mounted) return NO_FINDINGS;
    // An account the input grants rights to is one the pod uses: turning its token off would break it.
    if (boundServiceAccounts(inventory).has(`${namespace}/${mount.serviceAccount}`)) return NO_FINDINGS;
    const path = [...pod.specPath, 'automountServiceAccountToken'];
    const messageId: MessageId =
      mount.decidedBy === 'pod'
        ? 'enabled'
        : mount.decidedBy === 'serviceAccount'
          ? 'serviceAccountEnabled'
          : 'defaulted';
    return [
      {
        path,
        messageId,
        data: {
          serviceAccount: mount.serviceAccount,
          account: mount.accountFound ? '' : ' (not in the scanned input)',
        },
        fix: {
          description:
            'set automountServiceAccountToken: false on the pod (only if nothing in it calls the Kubernetes API)',
          operations: [{ op: 'set', path, value: false }],
        },
      },
    ];
  },
});
