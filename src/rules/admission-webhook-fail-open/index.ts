import type { Inventory } from '../../core/inventory.js';
import { apiGroup, isRecord } from '../../core/pod-spec.js';
import type { KubeObject } from '../../core/resource.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'ignore' | 'defaultIgnore' | 'managed';

const GROUP = 'admissionregistration.k8s.io';

/** A validating webhook that fails open lets through everything it exists to stop whenever it is unreachable. */
export const admissionWebhookFailOpen = defineRule<MessageId>({
  meta: {
    id: 'admission-webhook-fail-open',
    title: 'Validating admission webhooks fail closed',
    description:
      'Reports ValidatingWebhookConfiguration webhooks with `failurePolicy: Ignore`, and admissionregistration.k8s.io/v1beta1 webhooks without a failurePolicy (whose default is Ignore). MutatingWebhookConfigurations are judged too with option `includeMutating: true` (default false: most mutating webhooks, such as sidecar injectors, fail open by design). A webhook its own controller manages at run time is declared `Ignore` on purpose and reported as `info`, saying so: its configuration carries no caBundle (a controller must patch one in before the webhook can work at all) and a ClusterRole of the input lets that controller update or patch this very configuration by name, as istiod of Istio does when it flips its validating webhook to `Fail` once it serves.',
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
      managed:
        'webhook "{{name}}" is declared failurePolicy: Ignore with no caBundle, and ClusterRole {{role}} lets its controller patch this configuration: the controller fills in the CA and, as Istio does, sets Fail once it serves; check that it does',
      ignore:
        'webhook "{{name}}" fails open (failurePolicy: Ignore): while it is down or slow, requests it should check are admitted',
      defaultIgnore:
        'webhook "{{name}}" sets no failurePolicy, which defaults to Ignore in {{apiVersion}}: while it is down, requests are admitted',
    },
    options: {
      includeMutating: { type: 'boolean', default: false, description: 'also judge MutatingWebhookConfigurations' },
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#failure-policy',
      'https://kubernetes.io/docs/concepts/cluster-administration/admission-webhooks-good-practices/',
    ],
  },
  check({ object, options, inventory }) {
    if (apiGroup(object.apiVersion) !== GROUP) return { skip: `${object.apiVersion} is not ${GROUP}` };
    if (object.kind === 'MutatingWebhookConfiguration' && options.includeMutating !== true)
      return { skip: 'mutating webhooks are judged only with option includeMutating: true' };
    const webhooks = Array.isArray(object.webhooks) ? object.webhooks : [];
    const reports: Report<MessageId>[] = [];
    webhooks.forEach((webhook, index) => {
      if (!isRecord(webhook)) return;
      const name = String(webhook.name ?? index);
      if (webhook.failurePolicy === 'Ignore') {
        const role = noCaBundle(webhook) ? managingRole(object, inventory) : undefined;
        reports.push(
          role
            ? {
                path: ['webhooks', index, 'failurePolicy'],
                messageId: 'managed',
                severity: 'info',
                data: { name, role },
              }
            : { path: ['webhooks', index, 'failurePolicy'], messageId: 'ignore', data: { name } },
        );
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

function noCaBundle(webhook: Record<string, unknown>): boolean {
  const config = isRecord(webhook.clientConfig) ? webhook.clientConfig : {};
  return config.caBundle === undefined || config.caBundle === null || config.caBundle === '';
}

const WRITE_VERBS = ['update', 'patch', '*'];

/** A ClusterRole of the input that may update or patch this webhook configuration by name. */
function managingRole(config: KubeObject, inventory: Inventory): string | undefined {
  const name = config.metadata?.name;
  const resource =
    config.kind === 'MutatingWebhookConfiguration'
      ? 'mutatingwebhookconfigurations'
      : 'validatingwebhookconfigurations';
  for (const role of inventory.ofKind('ClusterRole')) {
    const rules = Array.isArray(role.object.rules) ? role.object.rules : [];
    const grants = rules.some((rule) => {
      if (!isRecord(rule)) return false;
      const list = (value: unknown) => (Array.isArray(value) ? value : []);
      return (
        list(rule.apiGroups).some((g) => g === GROUP || g === '*') &&
        list(rule.resources).some((r) => r === resource || r === '*') &&
        list(rule.verbs).some((v) => WRITE_VERBS.includes(v)) &&
        list(rule.resourceNames).includes(name)
      );
    });
    if (grants) return String(role.object.metadata?.name ?? '');
  }
  return undefined;
}
