import type { LabelSelector } from '../../core/inventory.js';
import { formatPath, type Path } from '../../core/path.js';
import { isRecord as isObject } from '../../core/pod-spec.js';
import type { Resource } from '../../core/resource.js';
import type { Expression } from './model.js';

/** A field of a policy object that cannot be used as written; located from the resource's origin. */
export interface PolicyProblem {
  resource: Resource;
  path: Path;
  message: string;
}

/** Far above any real policy (the API server's whole request is limited to 3 MiB); a bound on parse time. */
export const MAX_EXPRESSION_LENGTH = 64 * 1024;

type Obj = Record<string, unknown>;

/** Whether a value is a mapping: core's `isRecord`, under the name this module's readers use. */
export { isObject };

/**
 * Reads the fields of one object, collecting every problem with the path it was found at
 * rather than stopping at the first: a policy author fixes them all in one pass.
 */
export class FieldReader {
  constructor(
    readonly resource: Resource,
    readonly problems: PolicyProblem[],
  ) {}

  fail(path: Path, message: string): void {
    this.problems.push({ resource: this.resource, path, message: `${fieldName(path)} ${message}` });
  }

  /** Unknown fields are typos until proven otherwise; the API server rejects them too (strict field validation). */
  keys(value: Obj, path: Path, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.fail([...path, key], `is not a field here; expected one of ${allowed.join(', ')}`);
    }
  }

  object(value: unknown, path: Path, required = false): Obj | undefined {
    if (value === undefined || value === null) {
      if (required) this.fail(path, 'is required');
      return undefined;
    }
    if (!isObject(value)) {
      this.fail(path, 'must be a mapping');
      return undefined;
    }
    return value;
  }

  list(value: unknown, path: Path, required = false): unknown[] {
    if (value === undefined || value === null) {
      if (required) this.fail(path, 'is required');
      return [];
    }
    if (!Array.isArray(value)) {
      this.fail(path, 'must be a list');
      return [];
    }
    if (required && value.length === 0) this.fail(path, 'must not be empty');
    return value;
  }

  string(
    value: unknown,
    path: Path,
    options: { required?: boolean; oneOf?: readonly string[] } = {},
  ): string | undefined {
    if (value === undefined || value === null) {
      if (options.required) this.fail(path, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.fail(path, `must be a string, not ${describe(value)}`);
      return undefined;
    }
    if (options.required && value.trim() === '') {
      this.fail(path, 'must not be empty');
      return undefined;
    }
    if (options.oneOf && !options.oneOf.includes(value)) {
      this.fail(path, `must be one of ${options.oneOf.join(', ')} (got "${value}")`);
      return undefined;
    }
    return value;
  }

  /** A list of strings; an empty string is a value (`apiGroups: [""]` is the core group). */
  strings(value: unknown, path: Path, required = false): string[] {
    const out: string[] = [];
    for (const [i, item] of this.list(value, path, required).entries()) {
      if (typeof item === 'string') out.push(item);
      else this.fail([...path, i], `must be a string, not ${describe(item)}`);
    }
    return out;
  }

  expression(value: unknown, path: Path, required = true): Expression | undefined {
    const text = this.string(value, path, { required });
    if (text === undefined) return undefined;
    if (text.length > MAX_EXPRESSION_LENGTH) {
      this.fail(
        path,
        `is ${text.length.toLocaleString('en')} characters long, above the limit of ${MAX_EXPRESSION_LENGTH.toLocaleString('en')}`,
      );
      return undefined;
    }
    return { text, field: formatPath(path), source: { resource: this.resource, path } };
  }

  /** A label selector, checked the way the API server validates one. */
  selector(value: unknown, path: Path): LabelSelector | undefined {
    const selector = this.object(value, path);
    if (!selector) return undefined;
    this.keys(selector, path, ['matchLabels', 'matchExpressions']);
    const out: { matchLabels?: Record<string, string>; matchExpressions?: LabelSelector['matchExpressions'] } = {};
    const labels = this.object(selector.matchLabels, [...path, 'matchLabels']);
    if (labels) {
      out.matchLabels = {};
      for (const [key, label] of Object.entries(labels)) {
        if (typeof label === 'string') out.matchLabels[key] = label;
        else this.fail([...path, 'matchLabels', key], `must be a string, not ${describe(label)}`);
      }
    }
    const expressions: { key: string; operator: string; values?: string[] }[] = [];
    for (const [i, item] of this.list(selector.matchExpressions, [...path, 'matchExpressions']).entries()) {
      const at = [...path, 'matchExpressions', i];
      const requirement = this.object(item, at, true);
      if (!requirement) continue;
      this.keys(requirement, at, ['key', 'operator', 'values']);
      const key = this.string(requirement.key, [...at, 'key'], { required: true });
      const operator = this.string(requirement.operator, [...at, 'operator'], {
        required: true,
        oneOf: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
      });
      const values = this.strings(requirement.values, [...at, 'values']);
      if (key === undefined || operator === undefined) continue;
      if ((operator === 'In' || operator === 'NotIn') && values.length === 0)
        this.fail([...at, 'values'], `must not be empty when the operator is ${operator}`);
      if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0)
        this.fail([...at, 'values'], `must be empty when the operator is ${operator}`);
      expressions.push({ key, operator, values });
    }
    if (expressions.length) out.matchExpressions = expressions;
    return out;
  }
}

export function fieldName(path: Path): string {
  return path.length === 0 ? 'the object' : formatPath(path);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
