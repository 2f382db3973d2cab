import type { Inventory } from './inventory.js';
import { flat, type Path } from './path.js';
import type { KubeObject, Resource } from './resource.js';
import type { ScanSettings } from './settings.js';
import type { Severity } from './severity.js';

/** The lifecycle stage a rule protects (CNCF cloud-native security lifecycle). */
export const STAGES = ['develop', 'distribute', 'deploy', 'runtime'] as const;
export type Stage = (typeof STAGES)[number];

/** Who acts on a finding. */
export const OWNERS = ['developer', 'platform', 'security', 'devops'] as const;
export type Owner = (typeof OWNERS)[number];

export const OWNER_TITLES: Record<Owner, string> = {
  developer: 'application developer',
  platform: 'platform / cluster operator',
  security: 'security',
  devops: 'release / DevOps',
};

/** Framework controls a rule maps to. Absent means no mapping. */
export interface Frameworks {
  /** Pod Security Standards: the level and the upstream check id. */
  pss?: { level: 'baseline' | 'restricted'; check: string };
  /** NSA-CISA Kubernetes Hardening Guide sections. */
  nsa?: readonly string[];
  /** CIS Kubernetes Benchmark controls (section 5). */
  cis?: readonly string[];
  /** MITRE ATT&CK for Containers technique ids. */
  mitre?: readonly string[];
}

export interface RuleMeta<MessageId extends string = string> {
  /** Stable kebab-case id; equals the rule's folder name. Never derived from the title. */
  id: string;
  title: string;
  /** What the rule checks, one or two sentences. */
  description: string;
  /** Why it matters: the attack or failure it prevents. */
  rationale: string;
  /** How to fix it, in words a developer can act on. */
  remediation: string;
  stage: Stage;
  severity: Severity;
  owner: Owner;
  frameworks: Frameworks;
  /** Kinds the rule looks at; `*` for every kind. */
  kinds: readonly string[];
  /** Message templates; `{{name}}` is replaced from the report's data. */
  messages: Record<MessageId, string>;
  references: readonly string[];
  /** Where a rule without a page in docs/rules is explained (policies, custom rules). */
  helpUri?: string;
  /** Whether `check` can attach a fix to its reports. */
  fixable?: boolean;
  /** Off unless enabled in rampart.yaml (or selected by the command, as `netpol gaps` selects its rules). */
  optIn?: boolean;
  /**
   * The options the rule reads from `rules.<id>.options` in rampart.yaml, by name. Configuration is
   * checked against it before a scan starts (ESLint's `meta.schema`), so a check never sees a
   * mistyped option; an option not listed here is an error.
   */
  options?: Readonly<Record<string, OptionSchema>>;
}

/** One rule option: its type, what it does, and its default. */
export type OptionSchema = { description: string } & (
  | { type: 'boolean'; default?: boolean }
  | { type: 'integer' | 'number'; default?: number; minimum?: number }
  | { type: 'string'; default?: string; nonEmpty?: boolean }
  | { type: 'string-list'; default?: readonly string[] }
  /** A positive Kubernetes quantity (`250m`, `0.5`, `256Mi`); a number is read as one. */
  | { type: 'quantity'; default?: string }
);

/**
 * A change that resolves a finding, expressed on the object. `include` makes the list at `path`
 * hold `value` (appended when absent, the list created when missing): unlike `set` of an index,
 * two rules that each need an entry in the same list (`capabilities.drop`) compose in one run.
 */
export type FixOperation =
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'include'; path: Path; value: unknown }
  | { op: 'remove'; path: Path };

export interface Fix {
  description: string;
  operations: readonly FixOperation[];
}

/** One finding a rule reports against the resource it is checking. */
export interface Report<MessageId extends string = string> {
  /** Path to the offending field; the nearest existing ancestor is located when the field is absent. */
  path: Path;
  messageId: MessageId;
  data?: Readonly<Record<string, string | number>>;
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
  /**
   * `warn` for a finding that is reported but never fails the scan (an admission policy's Warn or
   * Audit action); `fail` when absent.
   */
  verdict?: 'fail' | 'warn';
  fix?: Fix;
}

/** A rule may decline to judge a resource, and must then say why. */
export interface Skip {
  skip: string;
}

/**
 * The resource is not this rule's to judge, so no result at all: what the `kinds` filter says,
 * decided at run time. Namespace-level rules judge a namespace once, on one representative
 * resource, and return this for the others rather than a skip per workload.
 */
export const NOT_APPLICABLE = Object.freeze({ notApplicable: true as const });
export type NotApplicable = typeof NOT_APPLICABLE;

export interface CheckContext<Options = Record<string, unknown>> {
  resource: Resource;
  object: KubeObject;
  inventory: Inventory;
  settings: ScanSettings;
  options: Options;
  /** The moment the scan judges time-dependent things (expiry) at; rules never read the clock. */
  now: Date;
}

export interface Rule<MessageId extends string = string, Options = Record<string, unknown>> {
  meta: RuleMeta<MessageId>;
  /** Pure: reads its context, returns findings. An empty list is a pass. */
  check(context: CheckContext<Options>): readonly Report<MessageId>[] | Skip | NotApplicable;
  /** Whether the rule runs at all under these settings; a string says why not. */
  appliesTo?(settings: ScanSettings, options?: Options): true | string;
}

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Declares a rule. Validates the meta once, at load time, so a broken rule never reaches a scan. */
export function defineRule<MessageId extends string, Options = Record<string, unknown>>(
  rule: Rule<MessageId, Options>,
): Rule<MessageId, Options> {
  const { meta } = rule;
  if (!ID_PATTERN.test(meta.id)) throw new Error(`rule id "${meta.id}" must be kebab-case`);
  for (const field of ['title', 'description', 'rationale', 'remediation'] as const) {
    if (!meta[field]?.trim()) throw new Error(`rule ${meta.id}: meta.${field} is empty`);
  }
  if (Object.keys(meta.messages).length === 0) throw new Error(`rule ${meta.id}: meta.messages is empty`);
  if (meta.kinds.length === 0) throw new Error(`rule ${meta.id}: meta.kinds is empty`);
  return rule;
}

export function isNotApplicable(outcome: readonly Report[] | Skip | NotApplicable): outcome is NotApplicable {
  return outcome === NOT_APPLICABLE;
}

export function isSkip(outcome: readonly Report[] | Skip | NotApplicable): outcome is Skip {
  return !Array.isArray(outcome) && outcome !== NOT_APPLICABLE;
}

/**
 * Fills a message template from report data; unknown placeholders stay visible rather than vanish.
 * Messages repeat from workload to workload (`container "app" runs as root`), so each is made once
 * per template and data values and shared, like paths.
 */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  const compiled = compile(template);
  const { parts } = compiled;
  if (parts.length === 1) return parts[0] as string;
  let level: Map<unknown, unknown> = compiled.messages;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const key: unknown = Object.hasOwn(data, name) ? data[name] : MISSING;
    // Only values that read as themselves are remembered (a wrong-typed field reads `?`).
    if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean' && key !== MISSING)
      return fill(parts, data);
    let next = level.get(key);
    if (next === undefined) {
      if (messageCount >= MAX_MESSAGES) return fill(parts, data);
      next = i + 2 < parts.length ? new Map() : fill(parts, data);
      level.set(key, next);
      messageCount++;
    }
    if (typeof next === 'string') return next;
    level = next as Map<unknown, unknown>;
  }
  return fill(parts, data);
}

function fill(parts: readonly string[], data: Readonly<Record<string, string | number>>): string {
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    out += Object.hasOwn(data, name) ? text(data[name]) : `{{${name}}}`;
    out += parts[i + 1] as string;
  }
  return flat(out);
}

/** A value as a message shows it: text and numbers as they are, anything else (a wrong-typed field) as `?`. */
function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '?';
}

interface CompiledTemplate {
  /** [text, name, text, name, …, text] */
  parts: readonly string[];
  /** Messages made so far, by the value of each placeholder in turn. */
  messages: Map<unknown, unknown>;
}

/** A placeholder the data does not fill. */
const MISSING = Symbol('missing');
/** Data comes from input (names, images): past this many, messages are made afresh each time. */
const MAX_MESSAGES = 20_000;
let messageCount = 0;

/** Templates split once: every finding of a rule shares its template. */
const templates = new Map<string, CompiledTemplate>();

function compile(template: string): CompiledTemplate {
  let compiled = templates.get(template);
  if (!compiled) {
    compiled = { parts: template.split(PLACEHOLDER), messages: new Map() };
    templates.set(template, compiled);
  }
  return compiled;
}
