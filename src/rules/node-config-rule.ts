import type { Path } from '../core/path.js';
import { isRecord } from '../core/pod-spec.js';
import { defineRule, type Report, type Rule, type RuleMeta, type Skip } from '../core/rule.js';

/**
 * Rules over a node component's effective configuration, as `rampart node` collects it: one
 * resource per component (kind `KubeAPIServer`, `Etcd`, `Kubelet`, …) whose `spec.settings` maps
 * each flag or config field to its value and source, and whose `spec.files` holds the mode and
 * owner of the files CIS asks about. Every CIS check of sections 1–4 is one rule built here, so
 * each is scored on its own control.
 */

export interface SettingView {
  value: string;
  from: string;
  source: string;
}

/**
 * One condition on one setting; a rule's conditions must all hold. `moot` names another setting
 * whose value makes the condition meaningless (no port is served with `--secure-port=0`).
 */
export type SettingCheck = { moot?: { key: string; value: string } } & SettingCondition;

type SettingCondition =
  | { key: string; equals: string; alsoAccept?: readonly string[] }
  | { key: string; notEquals: readonly string[] }
  /** `unless`: another setting whose value `true` makes this one unnecessary (serverTLSBootstrap for tlsCertFile). */
  | { key: string; required: true; unless?: string }
  | { key: string; absent: true }
  | { key: string; includes: string }
  | { key: string; excludes: string }
  | { key: string; atLeast: number }
  | { key: string; within: readonly string[] }
  | { key: string; loopback: true };

const SETTING_MESSAGES = {
  notEqual: '{{setting}} is {{value}}, not {{expected}} ({{source}})',
  notSet: '{{setting}} is not set ({{where}})',
  mustNotBeSet: '{{setting}} is set ({{source}})',
  forbiddenValue: '{{setting}} is {{value}} ({{source}})',
  lacks: '{{setting}} does not include {{item}} ({{source}})',
  includes: '{{setting}} includes {{item}} ({{source}})',
  below: '{{setting}} is {{value}}, below {{minimum}} ({{source}})',
  outside: '{{setting}} allows {{items}}, outside the strong set ({{source}})',
  notLoopback: '{{setting}} is {{value}}, not a loopback address ({{source}})',
} as const;
export type SettingMessage = keyof typeof SETTING_MESSAGES;

type NodeMeta = Omit<RuleMeta, 'messages' | 'stage' | 'owner' | 'kinds' | 'references'> & {
  references?: readonly string[];
};

const CIS_REFERENCE = 'https://www.cisecurity.org/benchmark/kubernetes';

export function settingsOf(object: unknown): Record<string, SettingView> | undefined {
  const spec = isRecord(object) ? object.spec : undefined;
  const settings = isRecord(spec) ? spec.settings : undefined;
  return isRecord(settings) ? (settings as Record<string, SettingView>) : undefined;
}

/** How a finding names a setting: `--profiling` for a flag of a control-plane component, the field for config files. */
function settingName(key: string, kind: string): string {
  return (kind === 'Kubelet' || kind === 'KubeProxy') && /[.A-Z]/.test(key) ? key : `--${key}`;
}

/** A rule holding one component's settings to `checks`. */
export function settingRule(meta: NodeMeta, kind: string, checks: readonly SettingCheck[]): Rule<SettingMessage> {
  return defineRule<SettingMessage>({
    meta: {
      ...meta,
      stage: 'runtime',
      owner: 'platform',
      kinds: [kind],
      messages: SETTING_MESSAGES,
      references: meta.references ?? [CIS_REFERENCE],
    },
    check({ object }): Report<SettingMessage>[] | Skip {
      const settings = settingsOf(object);
      if (!settings) return { skip: 'the resource holds no settings (it was not collected by rampart node)' };
      const spec = object.spec as Record<string, unknown>;
      const where = `nowhere in ${typeof spec.source === 'string' ? spec.source : 'its configuration'}, and no default`;
      const reports: Report<SettingMessage>[] = [];
      for (const check of checks) {
        const setting = Object.hasOwn(settings, check.key) ? settings[check.key] : undefined;
        const moot = check.moot && Object.hasOwn(settings, check.moot.key) ? settings[check.moot.key] : undefined;
        if (check.moot && moot?.value === check.moot.value) continue;
        const unless = 'unless' in check && check.unless ? settings[check.unless] : undefined;
        if (unless && Object.hasOwn(settings, (check as { unless: string }).unless) && unless.value === 'true')
          continue;
        const report = judge(check, setting, settingName(check.key, kind), where);
        if (report) reports.push(report);
      }
      return reports;
    },
  });
}

function judge(
  check: SettingCheck,
  setting: SettingView | undefined,
  name: string,
  where: string,
): Report<SettingMessage> | undefined {
  const at: Path = setting ? ['spec', 'settings', check.key, 'value'] : ['spec', 'settings'];
  const value = setting?.value ?? '';
  const set = setting !== undefined && value !== '';
  const data = { setting: name, value, source: setting?.source ?? '', where };
  if ('absent' in check) return set ? { path: at, messageId: 'mustNotBeSet', data } : undefined;
  if (!set) {
    // Not set at all (and no default): only the checks that need a value fail.
    if ('excludes' in check || 'notEquals' in check || 'within' in check) return undefined;
    return { path: at, messageId: 'notSet', data };
  }
  const items = value.split(',').map((item) => item.trim());
  if ('equals' in check) {
    const read = normal(value, check.equals);
    const ok = read === check.equals || check.alsoAccept?.includes(read);
    return ok ? undefined : { path: at, messageId: 'notEqual', data: { ...data, expected: check.equals } };
  }
  if ('notEquals' in check)
    return check.notEquals.includes(normal(value, check.notEquals[0] ?? ''))
      ? { path: at, messageId: 'forbiddenValue', data }
      : undefined;
  if ('includes' in check)
    return items.includes(check.includes)
      ? undefined
      : { path: at, messageId: 'lacks', data: { ...data, item: check.includes } };
  if ('excludes' in check)
    return items.includes(check.excludes)
      ? { path: at, messageId: 'includes', data: { ...data, item: check.excludes } }
      : undefined;
  if ('atLeast' in check) {
    const number = Number(value);
    return Number.isFinite(number) && number >= check.atLeast
      ? undefined
      : { path: at, messageId: 'below', data: { ...data, minimum: check.atLeast } };
  }
  if ('within' in check) {
    const outside = items.filter((item) => item && !check.within.includes(item));
    return outside.length
      ? { path: at, messageId: 'outside', data: { ...data, items: outside.join(', ') } }
      : undefined;
  }
  if ('loopback' in check) return isLoopback(value) ? undefined : { path: at, messageId: 'notLoopback', data };
  return undefined;
}

/** Booleans as pflag's strconv.ParseBool reads them (`1`, `t`, `True`…); anything else as written. */
function normal(value: string, expected: string): string {
  if (expected !== 'true' && expected !== 'false') return value;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return 'true';
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return 'false';
  return value;
}

/** `127.0.0.1`, `127.0.0.1:10249`, `::1`, `[::1]:10249`, `localhost`. */
export function isLoopback(address: string): boolean {
  let host = address.trim();
  if (host.startsWith('[')) host = host.slice(1, host.indexOf(']'));
  else if (host.split(':').length === 2) host = host.slice(0, host.indexOf(':'));
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const FILE_MESSAGES = {
  tooOpen: '{{file}} has mode {{mode}}; CIS asks for {{expected}} or stricter',
  wrongOwner: '{{file}} is owned by {{owner}}, not {{expected}}',
  unreadable: '{{file}} {{problem}}: its mode and owner were not judged',
} as const;
export type FileMessage = keyof typeof FILE_MESSAGES;

export interface FileCheck {
  /** The role of the file under `spec.files` (`manifest`, `pki`, `kubeconfig`, …). */
  role: string;
  /** Only the files of a list whose names end so (`.key`). */
  suffix?: string;
  /** The loosest mode allowed, as CIS writes it (octal). */
  mode?: number;
  /** `root:root`, `etcd:etcd`. */
  owner?: string;
}

/** A rule on the mode or owner of a component's files. */
export function fileRule(meta: NodeMeta, kind: string, check: FileCheck): Rule<FileMessage> {
  return defineRule<FileMessage>({
    meta: {
      ...meta,
      stage: 'runtime',
      owner: 'platform',
      kinds: [kind],
      messages: FILE_MESSAGES,
      references: meta.references ?? [CIS_REFERENCE],
    },
    check({ object }): Report<FileMessage>[] | Skip {
      const spec = isRecord(object.spec) ? object.spec : undefined;
      const files = spec && isRecord(spec.files) ? spec.files : undefined;
      const entry = files && Object.hasOwn(files, check.role) ? files[check.role] : undefined;
      if (entry === undefined) return { skip: `no ${check.role} file was found for this component` };
      const list = Array.isArray(entry) ? entry.map((f, i) => [f, i] as const) : [[entry, undefined] as const];
      const reports: Report<FileMessage>[] = [];
      for (const [file, index] of list) {
        if (!isRecord(file) || typeof file.path !== 'string' || file.missing === true) continue;
        if (check.suffix && !file.path.endsWith(check.suffix)) continue;
        const path: Path = index === undefined ? ['spec', 'files', check.role] : ['spec', 'files', check.role, index];
        if (typeof file.problem === 'string') {
          reports.push({
            path,
            messageId: 'unreadable',
            verdict: 'warn',
            data: { file: file.path, problem: file.problem },
          });
          continue;
        }
        if (check.mode !== undefined && typeof file.mode === 'string') {
          const mode = Number.parseInt(file.mode, 8);
          if ((mode & ~check.mode & 0o7777) !== 0)
            reports.push({
              path: [...path, 'mode'],
              messageId: 'tooOpen',
              data: { file: file.path, mode: file.mode, expected: check.mode.toString(8) },
            });
        }
        if (check.owner !== undefined && typeof file.owner === 'string' && file.owner !== check.owner)
          reports.push({
            path: [...path, 'owner'],
            messageId: 'wrongOwner',
            data: { file: file.path, owner: file.owner, expected: check.owner },
          });
      }
      return reports;
    },
  });
}

/** The API server cipher suites CIS 1.2.29 accepts. */
export const STRONG_CIPHERS: readonly string[] = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];

/** The kubelet cipher suites CIS 4.2.12 accepts. */
export const KUBELET_STRONG_CIPHERS: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
];
