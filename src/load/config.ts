import type { RuleSetting } from '../core/engine.js';
import type { ConfigException } from '../core/exceptions.js';
import { didYouMean } from '../core/nearest.js';
import type { Path } from '../core/path.js';
import { isRecord } from '../core/pod-spec.js';
import type { RuleMeta } from '../core/rule.js';
import { checkOptions } from '../core/rule-options.js';
import { isSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import { type CustomRuleConfig, readCustomRules } from './custom-rules.js';
import { isNamespaceName } from './placement.js';
import { readWebhookConfig, type WebhookConfig } from './webhook-config.js';
import { readYamlDocument } from './yaml-document.js';

/** rampart.yaml, validated. Every field is optional; command-line flags override it. */
export interface RampartConfig {
  failOn?: Severity | 'none';
  pss?: { level?: 'baseline' | 'restricted'; version?: string };
  kubernetesVersion?: string;
  /** The namespace the manifests are applied to, as `--namespace` gives it. */
  namespace?: string;
  exclude?: string[];
  rules?: Record<string, RuleSetting>;
  exceptions?: ConfigException[];
  customRules?: CustomRuleConfig[];
  /** `rampart webhook serve` only (docs/webhook.md). */
  webhook?: WebhookConfig;
}

export const CONFIG_FILE_NAMES = ['rampart.yaml', '.rampart.yaml'];

const TOP_LEVEL = [
  'apiVersion',
  'kind',
  'failOn',
  'pss',
  'kubernetesVersion',
  'namespace',
  'exclude',
  'rules',
  'exceptions',
  'customRules',
  'webhook',
];
const PSS_KEYS = ['level', 'version'];
const RULE_KEYS = ['enabled', 'severity', 'options'];
const EXCEPTION_KEYS = ['rule', 'rules', 'match', 'reason', 'owner', 'expires'];
const MATCH_KEYS = ['kind', 'namespace', 'name'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const VERSION = /^(latest|v?1\.\d+)$/;

type Fail = (path: Path, message: string) => void;

/**
 * Parses and validates rampart.yaml against the rule catalogue, before anything runs. Every
 * problem is reported with the file, line and field, and an unknown name with the nearest valid
 * one, so a typo never silently turns a check off: unknown settings, rule ids (`pss-privilegd`),
 * rule options and option types are all errors.
 */
export function parseConfig(
  text: string,
  file: string,
  catalogue: readonly RuleMeta[],
): { config: RampartConfig } | { errors: string[] } {
  const read = readYamlDocument(text, file, 'configuration');
  if ('errors' in read) return read;
  const { document } = read;
  const errors: string[] = [];
  const fail = document.reporter(errors, 'the configuration');
  // an unknown rule id is the message itself: `rampart.yaml:12:3: unknown rule "pss-privilegd"; did you mean …`
  const unknownRuleAt: Fail = (path, message) => errors.push(`${document.where(path)}: ${message}`);
  const root = document.value;
  if (root === undefined || root === null) return { config: {} };
  if (!isRecord(root)) {
    fail([], 'must be a mapping of settings (failOn, pss, rules, exceptions, …)');
    return { errors };
  }
  const config: RampartConfig = {};
  unknownKeys(root, [], TOP_LEVEL, `a setting; known settings are ${TOP_LEVEL.slice(2).join(', ')}`, fail);
  if (root.failOn !== undefined) {
    if (root.failOn === 'none' || isSeverity(root.failOn)) config.failOn = root.failOn;
    else fail(['failOn'], `must be one of ${SEVERITIES.join(', ')}, none`);
  }
  if (root.pss !== undefined) config.pss = readPss(root.pss, fail);
  if (root.kubernetesVersion !== undefined) {
    if (typeof root.kubernetesVersion === 'string' && VERSION.test(root.kubernetesVersion))
      config.kubernetesVersion = root.kubernetesVersion;
    else fail(['kubernetesVersion'], 'must be a version like v1.34');
  }
  if (root.namespace !== undefined) {
    if (typeof root.namespace === 'string' && isNamespaceName(root.namespace)) config.namespace = root.namespace;
    else fail(['namespace'], 'must be a namespace name (lower-case letters, digits and -, at most 63)');
  }
  if (root.exclude !== undefined) {
    if (Array.isArray(root.exclude) && root.exclude.every((g) => typeof g === 'string'))
      config.exclude = root.exclude as string[];
    else fail(['exclude'], 'must be a list of glob patterns');
  }
  if (root.customRules !== undefined) config.customRules = readCustomRules(root.customRules, fail, document.line, file);
  const known = new Map<string, RuleMeta | undefined>(catalogue.map((meta) => [meta.id, meta]));
  for (const custom of config.customRules ?? []) if (!known.has(custom.id)) known.set(custom.id, undefined);
  if (root.rules !== undefined) config.rules = readRules(root.rules, known, fail, unknownRuleAt);
  if (root.exceptions !== undefined)
    config.exceptions = readExceptions(root.exceptions, known, { fail, unknownRuleAt }, document.line, file);
  if (root.webhook !== undefined)
    config.webhook = readWebhookConfig(root.webhook, fail, (id) => unknownRule(id, known), unknownRuleAt);
  return errors.length ? { errors } : { config };
}

/** Keys not in `allowed` are errors naming the nearest allowed key. */
function unknownKeys(value: Record<string, unknown>, at: Path, allowed: readonly string[], what: string, fail: Fail) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail([...at, key], `is not ${what}${didYouMean(key, allowed)}`);
  }
}

/**
 * Rule ids come from the catalogue and from customRules. Admission policies' ids (`vap/<name>`,
 * `map/<name>`) name policies given with --policy, which vary from run to run: they are not checked.
 */
function unknownRule(id: string, known: ReadonlyMap<string, unknown>): string | undefined {
  if (known.has(id) || id.includes('/')) return undefined;
  return `unknown rule "${id}"${didYouMean(id, known.keys()) || ' (see `rampart rules`)'}`;
}

function readPss(value: unknown, fail: Fail): RampartConfig['pss'] {
  if (!isRecord(value)) {
    fail(['pss'], 'must be a mapping with level and version');
    return undefined;
  }
  const pss: NonNullable<RampartConfig['pss']> = {};
  unknownKeys(value, ['pss'], PSS_KEYS, 'a pss setting (level, version)', fail);
  if (value.level !== undefined) {
    if (value.level === 'baseline' || value.level === 'restricted') pss.level = value.level;
    else fail(['pss', 'level'], 'must be baseline or restricted');
  }
  if (value.version !== undefined) {
    if (typeof value.version === 'string' && VERSION.test(value.version)) pss.version = value.version;
    else fail(['pss', 'version'], 'must be latest or a version like v1.30');
  }
  return pss;
}

function readRules(
  value: unknown,
  known: ReadonlyMap<string, RuleMeta | undefined>,
  fail: Fail,
  unknownRuleAt: Fail,
): Record<string, RuleSetting> | undefined {
  if (!isRecord(value)) {
    fail(['rules'], 'must map rule ids to off, on, or {enabled, severity, options}');
    return undefined;
  }
  // only catalogue ids get in, so the keys are never `__proto__` or other input
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(value)) {
    const unknown = unknownRule(id, known);
    if (unknown) {
      unknownRuleAt(['rules', id], unknown);
      continue;
    }
    if (setting === 'off' || setting === false) rules[id] = { enabled: false };
    else if (setting === 'on' || setting === true) rules[id] = { enabled: true };
    else if (isRecord(setting)) {
      const rule: RuleSetting = {};
      unknownKeys(setting, ['rules', id], RULE_KEYS, 'a rule setting (enabled, severity, options)', fail);
      if (setting.enabled !== undefined) {
        if (typeof setting.enabled === 'boolean') rule.enabled = setting.enabled;
        else fail(['rules', id, 'enabled'], 'must be true or false');
      }
      if (setting.severity !== undefined) {
        if (isSeverity(setting.severity)) rule.severity = setting.severity;
        else fail(['rules', id, 'severity'], `must be one of ${SEVERITIES.join(', ')}`);
      }
      if (setting.options !== undefined) {
        if (!isRecord(setting.options)) fail(['rules', id, 'options'], 'must be a mapping');
        else {
          const problems = id.includes('/') ? [] : checkOptions(known.get(id)?.options, setting.options);
          for (const problem of problems) fail(['rules', id, 'options', problem.key], problem.message);
          rule.options = setting.options;
        }
      }
      rules[id] = rule;
    } else fail(['rules', id], 'must be off, on, or a mapping {enabled, severity, options}');
  }
  return rules;
}

function readExceptions(
  value: unknown,
  known: ReadonlyMap<string, unknown>,
  { fail, unknownRuleAt }: { fail: Fail; unknownRuleAt: Fail },
  lineOf: (path: Path) => number,
  file: string,
): ConfigException[] | undefined {
  if (!Array.isArray(value)) {
    fail(['exceptions'], 'must be a list');
    return undefined;
  }
  const out: ConfigException[] = [];
  for (const [i, entry] of value.entries()) {
    const at = (...rest: (string | number)[]): Path => ['exceptions', i, ...rest];
    if (!isRecord(entry)) {
      fail(at(), 'must be a mapping with rules, match, reason and expires');
      continue;
    }
    unknownKeys(entry, at(), EXCEPTION_KEYS, 'an exception field (rules, match, reason, owner, expires)', fail);
    const field = entry.rules === undefined ? 'rule' : 'rules';
    const rules = entry.rules ?? (entry.rule === undefined ? undefined : [entry.rule]);
    if (!Array.isArray(rules) || rules.length === 0 || !rules.every((r) => typeof r === 'string' && r !== '')) {
      fail(at(field), 'must name the rule ids it covers');
      continue;
    }
    let named = true;
    rules.forEach((id: string, r) => {
      const unknown = id === '*' ? undefined : unknownRule(id, known);
      if (!unknown) return;
      named = false;
      unknownRuleAt(entry.rules === undefined ? at('rule') : at('rules', r), unknown);
    });
    if (!named) continue;
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      fail(at('reason'), 'is required: say why the risk is accepted');
      continue;
    }
    const match: ConfigException['match'] = {};
    if (entry.match !== undefined) {
      if (!isRecord(entry.match)) {
        fail(at('match'), 'must be a mapping of kind, namespace and name globs');
        continue;
      }
      for (const [key, glob] of Object.entries(entry.match)) {
        if (key !== 'kind' && key !== 'namespace' && key !== 'name')
          fail(at('match', key), `is not a match field (kind, namespace, name)${didYouMean(key, MATCH_KEYS)}`);
        else if (typeof glob !== 'string') fail(at('match', key), 'must be a string glob');
        else match[key] = glob;
      }
    }
    const exception: ConfigException = { rules: rules as string[], match, reason: entry.reason.trim() };
    if (entry.owner !== undefined) {
      if (typeof entry.owner === 'string') exception.owner = entry.owner;
      else fail(at('owner'), 'must be a string');
    }
    if (entry.expires !== undefined) {
      const expires = String(entry.expires);
      if (DATE.test(expires) && Number.isFinite(Date.parse(`${expires}T00:00:00Z`))) exception.expires = expires;
      else fail(at('expires'), 'must be a date written YYYY-MM-DD');
    }
    exception.source = { file, line: lineOf(at()) };
    out.push(exception);
  }
  return out;
}
