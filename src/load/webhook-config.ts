import { didYouMean } from '../core/nearest.js';
import type { Path } from '../core/path.js';
import { isRecord } from '../core/pod-spec.js';

/** What the webhook does with a rule's findings. */
export const RULE_MODES = ['enforce', 'warn', 'audit', 'off'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export type PsaLevelSetting = 'privileged' | 'baseline' | 'restricted';

/** rampart.yaml's `webhook:` section, validated; `rampart webhook serve` reads it, scans ignore it. */
export interface WebhookConfig {
  /** Mode of rules not listed in `rules`; absent: enforce findings at or above failOn, warn the rest. */
  defaultMode?: RuleMode;
  rules?: Record<string, RuleMode>;
  /** Rules whose fixes the mutating webhook applies as JSON Patch (opt-in, one by one). */
  mutate?: string[];
  failurePolicy?: 'Fail' | 'Ignore';
  /** Milliseconds the webhook gives itself to decide before the failure policy answers. */
  timeoutMs?: number;
  /** Namespaces never judged (the webhook's own). */
  ignoreNamespaces?: string[];
  /** Pod Security Admission: the defaults of namespaces without labels, and exemptions. */
  podSecurity?: {
    defaults?: Partial<Record<'enforce' | 'audit' | 'warn', { level?: PsaLevelSetting; version?: string }>>;
    exemptions?: { usernames?: string[]; namespaces?: string[]; runtimeClasses?: string[] };
  };
}

type Fail = (path: Path, message: string) => void;

const KEYS = ['defaultMode', 'rules', 'mutate', 'failurePolicy', 'timeoutMs', 'ignoreNamespaces', 'podSecurity'];
const DEFAULT_KEYS = ['enforce', 'enforce-version', 'audit', 'audit-version', 'warn', 'warn-version'];
const EXEMPTION_KEYS = ['usernames', 'namespaces', 'runtimeClasses'];
const LEVELS = ['privileged', 'baseline', 'restricted'];
const PSA_VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;

const isMode = (value: unknown): value is RuleMode => RULE_MODES.includes(value as RuleMode);
/** YAML 1.1 reads a bare `off` as false; it still means off. */
const modeOf = (value: unknown): RuleMode | undefined => (value === false ? 'off' : isMode(value) ? value : undefined);
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');

/**
 * Reads `webhook:`. Rule ids are checked like the rest of rampart.yaml (`unknownRule` says what is
 * wrong with one, or nothing), so a misspelt id never leaves a rule in the wrong mode.
 */
export function readWebhookConfig(
  value: unknown,
  fail: Fail,
  unknownRule: (id: string) => string | undefined,
  unknownRuleAt: Fail,
): WebhookConfig | undefined {
  if (!isRecord(value)) {
    fail(['webhook'], 'must be a mapping (defaultMode, rules, mutate, failurePolicy, podSecurity, …)');
    return undefined;
  }
  const out: WebhookConfig = {};
  const unknownKeys = (record: Record<string, unknown>, at: Path, allowed: readonly string[]) => {
    for (const key of Object.keys(record))
      if (!allowed.includes(key)) fail([...at, key], `is not a webhook setting${didYouMean(key, allowed)}`);
  };
  unknownKeys(value, ['webhook'], KEYS);
  if (value.defaultMode !== undefined) {
    const mode = modeOf(value.defaultMode);
    if (mode) out.defaultMode = mode;
    else fail(['webhook', 'defaultMode'], `must be one of ${RULE_MODES.join(', ')}`);
  }
  if (value.rules !== undefined) {
    if (!isRecord(value.rules)) fail(['webhook', 'rules'], 'must map rule ids to enforce, warn, audit or off');
    else {
      const rules: Record<string, RuleMode> = Object.create(null);
      for (const [id, mode] of Object.entries(value.rules)) {
        const problem = unknownRule(id);
        if (problem) unknownRuleAt(['webhook', 'rules', id], problem);
        else if (modeOf(mode)) rules[id] = modeOf(mode) as RuleMode;
        else fail(['webhook', 'rules', id], `must be one of ${RULE_MODES.join(', ')}`);
      }
      out.rules = rules;
    }
  }
  if (value.mutate !== undefined) {
    if (!isStringList(value.mutate)) fail(['webhook', 'mutate'], 'must be a list of fixable rule ids');
    else {
      value.mutate.forEach((id, i) => {
        const problem = unknownRule(id);
        if (problem) unknownRuleAt(['webhook', 'mutate', i], problem);
      });
      out.mutate = value.mutate;
    }
  }
  if (value.failurePolicy !== undefined) {
    if (value.failurePolicy === 'Fail' || value.failurePolicy === 'Ignore') out.failurePolicy = value.failurePolicy;
    else fail(['webhook', 'failurePolicy'], 'must be Fail or Ignore');
  }
  if (value.timeoutMs !== undefined) {
    const ms = value.timeoutMs;
    if (typeof ms === 'number' && Number.isInteger(ms) && ms >= 100 && ms <= 30_000) out.timeoutMs = ms;
    else fail(['webhook', 'timeoutMs'], 'must be milliseconds between 100 and 30000');
  }
  if (value.ignoreNamespaces !== undefined) {
    if (isStringList(value.ignoreNamespaces)) out.ignoreNamespaces = value.ignoreNamespaces;
    else fail(['webhook', 'ignoreNamespaces'], 'must be a list of namespace names');
  }
  if (value.podSecurity !== undefined) {
    const at: Path = ['webhook', 'podSecurity'];
    const pss = value.podSecurity;
    if (!isRecord(pss)) fail(at, 'must be a mapping with defaults and exemptions');
    else {
      unknownKeys(pss, at, ['defaults', 'exemptions']);
      out.podSecurity = {};
      if (pss.defaults !== undefined) {
        if (!isRecord(pss.defaults)) fail([...at, 'defaults'], 'must be a mapping like enforce: baseline');
        else {
          unknownKeys(pss.defaults, [...at, 'defaults'], DEFAULT_KEYS);
          const defaults: NonNullable<NonNullable<WebhookConfig['podSecurity']>['defaults']> = {};
          for (const mode of ['enforce', 'audit', 'warn'] as const) {
            const level = pss.defaults[mode];
            const version = pss.defaults[`${mode}-version`];
            if (level === undefined && version === undefined) continue;
            const entry: { level?: PsaLevelSetting; version?: string } = {};
            if (level !== undefined) {
              if (LEVELS.includes(level as string)) entry.level = level as PsaLevelSetting;
              else fail([...at, 'defaults', mode], `must be one of ${LEVELS.join(', ')}`);
            }
            if (version !== undefined) {
              if (typeof version === 'string' && PSA_VERSION.test(version)) entry.version = version;
              else fail([...at, 'defaults', `${mode}-version`], 'must be latest or v1.N');
            }
            defaults[mode] = entry;
          }
          out.podSecurity.defaults = defaults;
        }
      }
      if (pss.exemptions !== undefined) {
        if (!isRecord(pss.exemptions))
          fail([...at, 'exemptions'], 'must be a mapping of usernames, namespaces, runtimeClasses');
        else {
          unknownKeys(pss.exemptions, [...at, 'exemptions'], EXEMPTION_KEYS);
          const exemptions: Record<string, string[]> = {};
          for (const key of EXEMPTION_KEYS) {
            const list = pss.exemptions[key];
            if (list === undefined) continue;
            if (isStringList(list)) exemptions[key] = list;
            else fail([...at, 'exemptions', key], 'must be a list of names');
          }
          out.podSecurity.exemptions = exemptions;
        }
      }
    }
  }
  return out;
}
