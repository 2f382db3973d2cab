import { apiGroup, isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'ignore' | 'defaultIgnore';

const GROUP = 'admissionregistration.k8s.io';

/** A validating webhook that fails open lets through everything it exists to stop whenever it is unreachable. */
export const admissionWebhookFailOpen = defineRule<MessageId>({
  meta: {
    id: 'admission-webhook-fail-open',
    title: 'Validating admission webhooks fail closed',
    description:
      'Reports ValidatingWebhookConfiguration webhooks with `failurePolicy: Ignore`, and admissionregistration.k8s.io/v1beta1 webhooks without a failurePolicy (whose default is Ignore). MutatingWebhookConfigurations are judged too with option `includeMutating: true` (default false: most mutating webhooks, such as sidecar injectors, fail open by design).',
    rationale:
      "With failurePolicy Ignore the API server admits a request when the webhook errors or times out. An attacker who can slow down, crash or cut the network path to the policy webhook (or simply waits for its upgrade) can then create the privileged pods and objects the policy would reject. The webhook's guarantee holds only while it is healthy.",
    remediation:
      "Set `failurePolicy: Fail`, run the webhook with several replicas and a PodDisruptionBudget, and exclude kube-system (and the webhook's own namespace) with a namespaceSelector so a webhook outage cannot block cluster repair:\n\n```yaml\nwebhooks:\n- name: policy.example.com\n  failurePolicy: Fail\n  namespaceSelector:\n    matchExpressions:\n    - key: kubernetes.io/metadata.name\n      operator: NotIn\n      values: [kube-system, policy-system]\n```",
    stage: 'deploy',
    severity: 'medium',
    owner: 'platform',
    frameworks: { mitre: ['T1562.001'] },
    kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
    messages: {
      ignore:
        'webhook "{{name}}" fails open (failurePolicy: Ignore): while it is down or slow, requests it should check are admitted',
      defaultIgnore:
        'webhook "{{name}}" sets no failurePolicy, which defaults to Ignore in {{apiVersion}}: while it is down, requests are admitted',
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#failure-policy',
      'https://kubernetes.io/docs/concepts/cluster-administration/admission-webhooks-good-practices/',
    ],
  },
  check({ object, options }) {
    if (apiGroup(object.apiVersion) !== GROUP) return { skip: `${object.apiVersion} is not ${GROUP}` };
    if (object.kind === 'MutatingWebhookConfiguration' && options.includeMutating !== true)
      return { skip: 'mutating webhooks are judged only with option includeMutating: true' };
    const webhooks = Array.isArray(object.webhooks) ? object.webhooks : [];
    const reports: Report<MessageId>[] = [];
    webhooks.forEach((webhook, index) => {
      if (!isRecord(webhook)) return;
      const name = String(webhook.name ?? index);
      if (webhook.failurePolicy === 'Ignore') {
        reports.push({ path: ['webhooks', index, 'failurePolicy'], messageId: 'ignore', data: { name } });
      } else if (webhook.failurePolicy === undefined && object.apiVersion.endsWith('/v1beta1')) {
        reports.push({
          path: ['webhooks', index],
          messageId: 'defaultIgnore',
          data: { name, apiVersion: object.apiVersion },
        });
      }
    });
    return reports;
  },
});
