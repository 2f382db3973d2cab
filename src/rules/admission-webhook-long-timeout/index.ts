import { apiGroup, isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

const GROUP = 'admissionregistration.k8s.io';

/** Every request a webhook matches waits for it: a long timeout turns a slow webhook into a slow API server. */
export const admissionWebhookLongTimeout = defineRule({
  meta: {
    id: 'admission-webhook-long-timeout',
    title: 'Admission webhooks time out quickly',
    description:
      'Reports validating and mutating webhooks whose `timeoutSeconds` exceeds option `maxSeconds` (default 10, the admissionregistration.k8s.io/v1 default), including v1beta1 webhooks that leave it unset (default 30).',
    rationale:
      'The API server waits up to timeoutSeconds for each matching request. When the webhook hangs, every create and update it matches stalls for that long: controllers back up, rollouts and node repairs slow to a crawl, and with failurePolicy Fail the control plane is effectively down for those resources. Short timeouts keep an unhealthy webhook from taking the cluster with it.',
    remediation:
      'Keep `timeoutSeconds` low (the webhook should answer in milliseconds) and scale the webhook instead:\n\n```yaml\nwebhooks:\n- name: policy.example.com\n  timeoutSeconds: 5\n```',
    stage: 'deploy',
    severity: 'low',
    owner: 'platform',
    frameworks: {},
    kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
    messages: {
      longTimeout:
        'webhook "{{name}}" may hold each matching API request for {{seconds}}s (timeoutSeconds{{defaulted}}; keep it at or under {{max}})',
    },
    options: {
      maxSeconds: { type: 'integer', minimum: 1, default: 10, description: 'the longest timeoutSeconds accepted' },
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#timeouts',
      'https://kubernetes.io/docs/concepts/cluster-administration/admission-webhooks-good-practices/',
    ],
  },
  check({ object, options }) {
    if (apiGroup(object.apiVersion) !== GROUP) return { skip: `${object.apiVersion} is not ${GROUP}` };
    const max = typeof options.maxSeconds === 'number' && options.maxSeconds > 0 ? options.maxSeconds : 10;
    const fallback = object.apiVersion.endsWith('/v1beta1') ? 30 : 10;
    const webhooks = Array.isArray(object.webhooks) ? object.webhooks : [];
    const reports: Report[] = [];
    webhooks.forEach((webhook, index) => {
      if (!isRecord(webhook)) return;
      const set = typeof webhook.timeoutSeconds === 'number';
      const seconds = set ? (webhook.timeoutSeconds as number) : fallback;
      if (seconds <= max) return;
      reports.push({
        path: set ? ['webhooks', index, 'timeoutSeconds'] : ['webhooks', index],
        messageId: 'longTimeout',
        data: {
          name: String(webhook.name ?? index),
          seconds,
          max,
          defaulted: set ? '' : `, defaulted in ${object.apiVersion}`,
        },
      });
    });
    return reports;
  },
});
