import type { RuleSetting } from '../core/engine.js';
import type { ConfigException } from '../core/exceptions.js';
import type { Path } from '../core/path.js';
import { isSeverity, type Severity } from '../core/severity.js';
import { type CustomRuleConfig, readCustomRules } from './custom-rules.js';
import { parseYaml } from './parse-yaml.js';

/** rampart.yaml, validated. Every field is optional; command-line flags override it. */
export interface RampartConfig {
  failOn?: Severity | 'none';
  pss?: { level?: 'baseline' | 'restricted'; version?: string };
  kubernetesVersion?: string;
  exclude?: string[];
  rules?: Record<string, RuleSetting>;
  exceptions?: ConfigException[];
  customRules?: CustomRuleConfig[];
}

export const CONFIG_FILE_NAMES = ['rampart.yaml', '.rampart.yaml'];

const TOP_LEVEL = [
  'apiVersion',
  'kind',
  'failOn',
  'pss',
  'kubernetesVersion',
  'exclude',
  'rules',
  'exceptions',
  'customRules',
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const VERSION = /^(latest|v?1\.\d+)$/;

/**
 * Parses and validates rampart.yaml. Every problem is reported with the file, line and
 * field, so a typo never silently turns a check off.
 */
export function parseConfig(text: string, file: string): { config: RampartConfig } | { errors: string[] } {
  const parsed = parseYaml(text);
  const errors: string[] = [];
  for (const problem of parsed.problems) {
    const { line, column } = parsed.lines.position(problem.offset);
    errors.push(`${file}:${line}:${column}: not valid YAML: ${problem.message}`);
  }
  if (errors.length) return { errors };
  const [document, ...rest] = parsed.documents;
  if (rest.length)
    errors.push(`${file}: holds ${parsed.documents.length} YAML documents; write the configuration as one`);
  if (!document || document.value === null || document.value === undefined) return { config: {} };
  const position = (path: Path) => parsed.lines.position(Math.max(document.events.locate(document.root, path), 0));
  const where = (path: Path) => {
    const { line, column } = position(path);
    return `${file}:${line}:${column}`;
  };
  const fail = (path: Path, message: string) => errors.push(`${where(path)}: ${formatField(path)} ${message}`);
  const root = document.value;
  if (!isObject(root)) {
    fail([], 'must be a mapping of settings (failOn, pss, rules, exceptions, …)');
    return { errors };
  }
  const config: RampartConfig = {};
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL.includes(key)) fail([key], `is not a setting; known settings are ${TOP_LEVEL.slice(2).join(', ')}`);
  }
  if (root.failOn !== undefined) {
    if (root.failOn === 'none' || isSeverity(root.failOn)) config.failOn = root.failOn;
    else fail(['failOn'], 'must be one of critical, high, medium, low, info, none');
  }
  if (root.pss !== undefined) config.pss = readPss(root.pss, fail);
  if (root.kubernetesVersion !== undefined) {
    if (typeof root.kubernetesVersion === 'string' && VERSION.test(root.kubernetesVersion))
      config.kubernetesVersion = root.kubernetesVersion;
    else fail(['kubernetesVersion'], 'must be a version like v1.34');
  }
  if (root.exclude !== undefined) {
    if (Array.isArray(root.exclude) && root.exclude.every((g) => typeof g === 'string'))
      config.exclude = root.exclude as string[];
    else fail(['exclude'], 'must be a list of glob patterns');
  }
  if (root.rules !== undefined) config.rules = readRules(root.rules, fail);
  if (root.exceptions !== undefined)
    config.exceptions = readExceptions(root.exceptions, fail, (path) => position(path).line, file);
  if (root.customRules !== undefined)
    config.customRules = readCustomRules(root.customRules, fail, (path) => position(path).line, file);
  return errors.length ? { errors } : { config };
}

type Fail = (path: Path, message: string) => void;

function readPss(value: unknown, fail: Fail): RampartConfig['pss'] {
  if (!isObject(value)) {
    fail(['pss'], 'must be a mapping with level and version');
    return undefined;
  }
  const pss: NonNullable<RampartConfig['pss']> = {};
  for (const key of Object.keys(value))
    if (key !== 'level' && key !== 'version') fail(['pss', key], 'is not a pss setting (level, version)');
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

function readRules(value: unknown, fail: Fail): Record<string, RuleSetting> | undefined {
  if (!isObject(value)) {
    fail(['rules'], 'must map rule ids to off, on, or {enabled, severity, options}');
    return undefined;
  }
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(value)) {
    if (setting === 'off' || setting === false) rules[id] = { enabled: false };
    else if (setting === 'on' || setting === true) rules[id] = { enabled: true };
    else if (isObject(setting)) {
      const rule: RuleSetting = {};
      for (const key of Object.keys(setting)) {
        if (!['enabled', 'severity', 'options'].includes(key))
          fail(['rules', id, key], 'is not a rule setting (enabled, severity, options)');
      }
      if (setting.enabled !== undefined) {
        if (typeof setting.enabled === 'boolean') rule.enabled = setting.enabled;
        else fail(['rules', id, 'enabled'], 'must be true or false');
      }
      if (setting.severity !== undefined) {
        if (isSeverity(setting.severity)) rule.severity = setting.severity;
        else fail(['rules', id, 'severity'], 'must be one of critical, high, medium, low, info');
      }
      if (setting.options !== undefined) {
        if (isObject(setting.options)) rule.options = setting.options;
        else fail(['rules', id, 'options'], 'must be a mapping');
      }
      rules[id] = rule;
    } else fail(['rules', id], 'must be off, on, or a mapping {enabled, severity, options}');
  }
  return rules;
}

function readExceptions(
  value: unknown,
  fail: Fail,
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
    if (!isObject(entry)) {
      fail(at(), 'must be a mapping with rules, match, reason and expires');
      continue;
    }
    for (const key of Object.keys(entry)) {
      if (!['rule', 'rules', 'match', 'reason', 'owner', 'expires'].includes(key))
        fail(at(key), 'is not an exception field (rules, match, reason, owner, expires)');
    }
    const rules = entry.rules ?? (entry.rule === undefined ? undefined : [entry.rule]);
    if (!Array.isArray(rules) || rules.length === 0 || !rules.every((r) => typeof r === 'string' && r !== '')) {
      fail(at(entry.rules === undefined ? 'rule' : 'rules'), 'must name the rule ids it covers');
      continue;
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      fail(at('reason'), 'is required: say why the risk is accepted');
      continue;
    }
    const match: ConfigException['match'] = {};
    if (entry.match !== undefined) {
      if (!isObject(entry.match)) {
        fail(at('match'), 'must be a mapping of kind, namespace and name globs');
        continue;
      }
      for (const [key, glob] of Object.entries(entry.match)) {
        if (key !== 'kind' && key !== 'namespace' && key !== 'name')
          fail(at('match', key), 'is not a match field (kind, namespace, name)');
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

function formatField(path: Path): string {
  if (path.length === 0) return 'the configuration';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
