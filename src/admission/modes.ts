import { atOrAbove, type Severity } from '../core/severity.js';
import { RULE_MODES, type RuleMode, type WebhookConfig } from '../load/webhook-config.js';
import type { FailOn } from '../scan/index.js';

/** Namespace label for the mode of every rule without its own (tightens or relaxes a namespace). */
export const MODE_LABEL = 'rampart.dev/mode';
/** Namespace label prefix for one rule's mode: `rule.rampart.dev/<rule-id>: warn`. */
export const RULE_MODE_LABEL_PREFIX = 'rule.rampart.dev/';

const isMode = (value: unknown): value is RuleMode => RULE_MODES.includes(value as RuleMode);

/**
 * The mode of a rule in a namespace, the most specific setting first: the namespace's label for
 * that rule, rampart.yaml's `webhook.rules`, the namespace's `rampart.dev/mode`, `webhook.defaultMode`,
 * and last the scan's own line: findings at or above fail-on are enforced, the rest warned.
 */
export function ruleMode(
  ruleId: string,
  severity: Severity,
  labels: Readonly<Record<string, string>> | undefined,
  config: WebhookConfig,
  failOn: FailOn,
): RuleMode {
  const own = (key: string) => (labels && Object.hasOwn(labels, key) ? labels[key] : undefined);
  const forRule = own(`${RULE_MODE_LABEL_PREFIX}${ruleId}`);
  if (isMode(forRule)) return forRule;
  const configured = config.rules && Object.hasOwn(config.rules, ruleId) ? config.rules[ruleId] : undefined;
  if (configured) return configured;
  const forNamespace = own(MODE_LABEL);
  if (isMode(forNamespace)) return forNamespace;
  if (config.defaultMode) return config.defaultMode;
  return atOrAbove(severity, failOn) ? 'enforce' : 'warn';
}
