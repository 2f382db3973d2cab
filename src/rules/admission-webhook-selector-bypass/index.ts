import { apiGroup, isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'objectSelector' | 'matchesNothing';

const GROUP = 'admissionregistration.k8s.io';

/**
 * A validating webhook's objectSelector is evaluated on labels the requester writes, so it is an
 * opt-out for whoever the webhook polices. Selectors and rules that can never match are reported
 * as well: such a webhook guards nothing.
 */
export const admissionWebhookSelectorBypass = defineRule<MessageId>({
  meta: {
    id: 'admission-webhook-selector-bypass',
    title: 'Validating webhooks cannot be skipped by the objects they check',
    description:
      "Reports ValidatingWebhookConfiguration webhooks with a non-empty `objectSelector` (the object's author decides, through its labels, whether the webhook sees it), and webhooks that can never match anything: a selector requiring and forbidding the same label, an `In` requirement with no values, or rules with no operations or resources. namespaceSelectors that exempt kube-system or the webhook's own namespace are not reported: Kubernetes recommends them so an outage cannot lock the cluster.",
    rationale:
      'Webhooks that enforce policy (Gatekeeper, Kyverno, in-house validators) are an authorization layer. If the objects they check can carry a label that takes them out of scope, any user who may create a pod can label it and create it unchecked, privileged or not. A webhook whose selectors or rules match nothing looks like protection in review and enforces nothing.',
    remediation:
      'Scope validating webhooks with `namespaceSelector` (namespace labels are set by cluster administrators, not by workload authors), keep `objectSelector` empty, and check each rule lists the operations and resources it should guard:\n\n```yaml\nwebhooks:\n- name: policy.example.com\n  objectSelector: {}\n  namespaceSelector:\n    matchExpressions:\n    - {key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}\n  rules:\n  - apiGroups: [""]\n    apiVersions: [v1]\n    operations: [CREATE, UPDATE]\n    resources: [pods]\n```',
    stage: 'deploy',
    severity: 'medium',
    owner: 'security',
    frameworks: { mitre: ['T1562.001'] },
    kinds: ['ValidatingWebhookConfiguration'],
    messages: {
      objectSelector:
        'webhook "{{name}}" has an objectSelector ({{selector}}): whoever creates an object decides through its labels whether it is checked',
      matchesNothing: 'webhook "{{name}}" can never match a request: {{why}}',
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#matching-requests-objectselector',
      'https://kubernetes.io/docs/concepts/cluster-administration/admission-webhooks-good-practices/',
    ],
  },
  check({ object }) {
    if (apiGroup(object.apiVersion) !== GROUP) return { skip: `${object.apiVersion} is not ${GROUP}` };
    const webhooks = Array.isArray(object.webhooks) ? object.webhooks : [];
    const reports: Report<MessageId>[] = [];
    webhooks.forEach((webhook, index) => {
      if (!isRecord(webhook)) return;
      const name = String(webhook.name ?? index);
      const never =
        impossible(webhook.namespaceSelector, 'namespaceSelector') ??
        impossible(webhook.objectSelector, 'objectSelector') ??
        emptyRules(webhook.rules);
      if (never) {
        reports.push({
          path: ['webhooks', index, never.field],
          messageId: 'matchesNothing',
          data: { name, why: never.why },
        });
        return;
      }
      const summary = describe(webhook.objectSelector);
      if (summary)
        reports.push({
          path: ['webhooks', index, 'objectSelector'],
          messageId: 'objectSelector',
          data: { name, selector: summary },
        });
    });
    return reports;
  },
});

interface Never {
  field: string;
  why: string;
}

function impossible(selector: unknown, field: string): Never | undefined {
  if (!isRecord(selector) || !Array.isArray(selector.matchExpressions)) return undefined;
  const required = new Set<string>(isRecord(selector.matchLabels) ? Object.keys(selector.matchLabels) : []);
  const forbidden = new Set<string>();
  for (const requirement of selector.matchExpressions) {
    if (!isRecord(requirement) || typeof requirement.key !== 'string') continue;
    const values = Array.isArray(requirement.values) ? requirement.values : [];
    if (requirement.operator === 'In' && values.length === 0)
      return { field, why: `${field} requires ${requirement.key} In an empty list` };
    if (requirement.operator === 'Exists' || requirement.operator === 'In') required.add(requirement.key);
    if (requirement.operator === 'DoesNotExist') forbidden.add(requirement.key);
  }
  for (const key of required) {
    if (forbidden.has(key)) return { field, why: `${field} both requires and forbids the label ${key}` };
  }
  return undefined;
}

function emptyRules(rules: unknown): Never | undefined {
  if (!Array.isArray(rules) || rules.length === 0) return { field: 'rules', why: 'it has no rules' };
  const live = rules.some(
    (rule) =>
      isRecord(rule) &&
      Array.isArray(rule.operations) &&
      rule.operations.length > 0 &&
      Array.isArray(rule.resources) &&
      rule.resources.length > 0,
  );
  return live ? undefined : { field: 'rules', why: 'no rule lists both operations and resources' };
}

/** `app NotIn [gatekeeper]`, `validate=true`: label keys and operators, for the message. */
function describe(selector: unknown): string | undefined {
  if (!isRecord(selector)) return undefined;
  const parts: string[] = [];
  if (isRecord(selector.matchLabels)) {
    for (const [key, value] of Object.entries(selector.matchLabels)) parts.push(`${key}=${String(value)}`);
  }
  if (Array.isArray(selector.matchExpressions)) {
    for (const requirement of selector.matchExpressions) {
      if (!isRecord(requirement)) continue;
      const values = Array.isArray(requirement.values) ? ` [${requirement.values.join(', ')}]` : '';
      parts.push(`${String(requirement.key)} ${String(requirement.operator)}${values}`);
    }
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}
