import { didYouMean } from '../core/nearest.js';
import type { Path } from '../core/path.js';
import { isRecord } from '../core/pod-spec.js';
import { OWNERS, type Owner } from '../core/rule.js';
import { isSeverity, type Severity } from '../core/severity.js';

/**
 * A rule an organisation writes in rampart.yaml as a CEL expression over `object` (and
 * `namespaceObject`): the expression is true for a compliant object, false for a finding —
 * the sense of a ValidatingAdmissionPolicy validation, so one can move between the two.
 */
export interface CustomRuleConfig {
  id: string;
  title?: string;
  severity: Severity;
  owner: Owner;
  /** Kinds the rule looks at; `*` for every kind. */
  kinds: string[];
  expression: string;
  /** The finding's message when messageExpression is absent, fails, or returns no string. */
  message: string;
  messageExpression?: string;
  remediation?: string;
  frameworks?: { nsa?: string[]; cis?: string[]; mitre?: string[] };
  /**
   * Where it was written. Expressions are compiled by the policy module (the loader does not
   * know CEL), and its errors point here.
   */
  source: { file: string; line: number; expressionLine: number; messageExpressionLine?: number };
}

const FIELDS = [
  'id',
  'title',
  'severity',
  'owner',
  'kinds',
  'expression',
  'message',
  'messageExpression',
  'remediation',
  'frameworks',
];
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The same bound as admission policy expressions: far above any real rule, a bound on compile time. */
export const MAX_CUSTOM_EXPRESSION_LENGTH = 64 * 1024;

type Fail = (path: Path, message: string) => void;

export function readCustomRules(
  value: unknown,
  fail: Fail,
  lineOf: (path: Path) => number,
  file: string,
): CustomRuleConfig[] | undefined {
  if (!Array.isArray(value)) {
    fail(['customRules'], 'must be a list of rules {id, severity, owner, kinds, expression, message}');
    return undefined;
  }
  const out: CustomRuleConfig[] = [];
  const ids = new Set<string>();
  for (const [i, entry] of value.entries()) {
    const at = (...rest: (string | number)[]): Path => ['customRules', i, ...rest];
    if (!isRecord(entry)) {
      fail(at(), 'must be a mapping with id, severity, owner, kinds, expression and message');
      continue;
    }
    let ok = true;
    const problem = (path: Path, message: string) => {
      ok = false;
      fail(path, message);
    };
    for (const key of Object.keys(entry)) {
      if (!FIELDS.includes(key))
        problem(at(key), `is not a custom rule field${didYouMean(key, FIELDS) || ` (${FIELDS.join(', ')})`}`);
    }
    const id = entry.id;
    if (typeof id !== 'string' || !ID.test(id)) problem(at('id'), 'must be a kebab-case rule id, like no-latest-tag');
    else if (ids.has(id)) problem(at('id'), `repeats the rule id "${id}"`);
    else ids.add(id);
    if (!isSeverity(entry.severity)) problem(at('severity'), 'must be one of critical, high, medium, low, info');
    if (!(OWNERS as readonly string[]).includes(entry.owner as string))
      problem(at('owner'), `must be one of ${OWNERS.join(', ')}`);
    const kinds = entry.kinds;
    if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => typeof k === 'string' && k !== ''))
      problem(at('kinds'), 'must be a non-empty list of kinds (or ["*"])');
    for (const field of ['expression', 'message'] as const) {
      if (typeof entry[field] !== 'string' || (entry[field] as string).trim() === '')
        problem(at(field), 'is required and must be a non-empty string');
    }
    for (const field of ['title', 'messageExpression', 'remediation'] as const) {
      if (entry[field] !== undefined && typeof entry[field] !== 'string') problem(at(field), 'must be a string');
    }
    for (const field of ['expression', 'messageExpression'] as const) {
      const text = entry[field];
      if (typeof text === 'string' && text.length > MAX_CUSTOM_EXPRESSION_LENGTH)
        problem(
          at(field),
          `is ${text.length.toLocaleString('en')} characters long, above the limit of ${MAX_CUSTOM_EXPRESSION_LENGTH.toLocaleString('en')}`,
        );
    }
    const frameworks = readFrameworks(entry.frameworks, at('frameworks'), problem);
    if (!ok) continue;
    const rule: CustomRuleConfig = {
      id: id as string,
      severity: entry.severity as Severity,
      owner: entry.owner as Owner,
      kinds: kinds as string[],
      expression: entry.expression as string,
      message: (entry.message as string).trim(),
      source: { file, line: lineOf(at()), expressionLine: lineOf(at('expression')) },
    };
    if (typeof entry.title === 'string') rule.title = entry.title;
    if (typeof entry.remediation === 'string') rule.remediation = entry.remediation;
    if (typeof entry.messageExpression === 'string') {
      rule.messageExpression = entry.messageExpression;
      rule.source.messageExpressionLine = lineOf(at('messageExpression'));
    }
    if (frameworks) rule.frameworks = frameworks;
    out.push(rule);
  }
  return out;
}

function readFrameworks(value: unknown, path: Path, fail: Fail): CustomRuleConfig['frameworks'] {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    fail(path, 'must be a mapping of nsa, cis and mitre control lists');
    return undefined;
  }
  const out: NonNullable<CustomRuleConfig['frameworks']> = {};
  for (const [key, controls] of Object.entries(value)) {
    if (key !== 'nsa' && key !== 'cis' && key !== 'mitre') fail([...path, key], 'is not a framework (nsa, cis, mitre)');
    else if (!Array.isArray(controls) || !controls.every((c) => typeof c === 'string'))
      fail([...path, key], 'must be a list of control ids');
    else out[key] = controls as string[];
  }
  return out;
}
