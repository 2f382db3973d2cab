import type { KubeObject } from './resource.js';
import type { Suppression } from './result.js';

export const IGNORE_ANNOTATION = 'rampart.dev/ignore';

/** An exception written in rampart.yaml. */
export interface ConfigException {
  rules: readonly string[];
  match: { kind?: string; namespace?: string; name?: string };
  reason: string;
  owner?: string;
  /** YYYY-MM-DD; the exception applies through the end of that day (UTC). */
  expires?: string;
  /** Where it was written, for the report when it expires. */
  source?: { file: string; line: number };
}

/** An annotation exception, parsed; `error` says why it cannot apply. */
export interface AnnotationException {
  rules: string[];
  reason: string;
  error?: string;
}

/** `"rule-a,rule-b -- reason"`. A reason is required: an unexplained exception hides nothing. */
export function parseIgnoreAnnotation(value: string): AnnotationException {
  const separator = value.indexOf('--');
  const ruleText = separator === -1 ? value : value.slice(0, separator);
  const reason = separator === -1 ? '' : value.slice(separator + 2).trim();
  const rules = ruleText
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (rules.length === 0) return { rules, reason, error: `names no rule; write "<rule-id>[,<rule-id>] -- reason"` };
  if (reason === '')
    return { rules, reason, error: `gives no reason; write "${rules.join(',')} -- <why this is acceptable>"` };
  return { rules, reason };
}

export function annotationException(object: KubeObject): AnnotationException | undefined {
  const value = object.metadata?.annotations?.[IGNORE_ANNOTATION];
  return typeof value === 'string' ? parseIgnoreAnnotation(value) : undefined;
}

export function isExpired(exception: ConfigException, now: Date): boolean {
  if (!exception.expires) return false;
  const end = Date.parse(`${exception.expires}T23:59:59.999Z`);
  return Number.isFinite(end) && now.getTime() > end;
}

export function matchesException(exception: ConfigException, ruleId: string, object: KubeObject): boolean {
  if (!exception.rules.includes(ruleId) && !exception.rules.includes('*')) return false;
  const { kind, namespace, name } = exception.match;
  if (kind !== undefined && !globMatch(kind, object.kind)) return false;
  if (namespace !== undefined && !globMatch(namespace, object.metadata?.namespace ?? '')) return false;
  if (name !== undefined && !globMatch(name, object.metadata?.name ?? '')) return false;
  return true;
}

export function suppressionOf(exception: ConfigException): Suppression {
  const suppression: Suppression = { by: 'config', reason: exception.reason };
  if (exception.owner) suppression.owner = exception.owner;
  if (exception.expires) suppression.expires = exception.expires;
  return suppression;
}

const globCache = new Map<string, RegExp>();

/** `*` matches any run of characters, `?` one character; everything else is literal. */
export function globMatch(pattern: string, value: string): boolean {
  let regex = globCache.get(pattern);
  if (!regex) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    regex = new RegExp(`^${source}$`);
    globCache.set(pattern, regex);
  }
  return regex.test(value);
}
