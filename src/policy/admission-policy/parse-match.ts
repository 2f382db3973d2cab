import type { Path } from '../../core/path.js';
import type { FieldReader } from './field-reader.js';
import { type MatchResources, OPERATIONS, type ResourceRule } from './model.js';

const MATCH_FIELDS = ['namespaceSelector', 'objectSelector', 'resourceRules', 'excludeResourceRules', 'matchPolicy'];
const RULE_FIELDS = ['resourceNames', 'operations', 'apiGroups', 'apiVersions', 'resources', 'scope'];

/**
 * `matchConstraints` of a policy or `matchResources` of a binding. A policy must name its
 * resourceRules; a binding may leave them out, and then narrows nothing.
 */
export function parseMatchResources(
  reader: FieldReader,
  value: unknown,
  path: Path,
  owner: 'policy' | 'binding',
): MatchResources | undefined {
  const match = reader.object(value, path, owner === 'policy');
  if (!match) return undefined;
  reader.keys(match, path, MATCH_FIELDS);
  const matchPolicy =
    reader.string(match.matchPolicy, [...path, 'matchPolicy'], { oneOf: ['Exact', 'Equivalent'] }) ?? 'Equivalent';
  const resourceRules = parseRules(reader, match.resourceRules, [...path, 'resourceRules'], owner === 'policy');
  const excludeResourceRules = parseRules(reader, match.excludeResourceRules, [...path, 'excludeResourceRules'], false);
  return {
    namespaceSelector: emptyToUndefined(reader.selector(match.namespaceSelector, [...path, 'namespaceSelector'])),
    objectSelector: emptyToUndefined(reader.selector(match.objectSelector, [...path, 'objectSelector'])),
    resourceRules,
    excludeResourceRules,
    matchPolicy: matchPolicy as MatchResources['matchPolicy'],
  };
}

function parseRules(reader: FieldReader, value: unknown, path: Path, required: boolean): ResourceRule[] {
  const rules: ResourceRule[] = [];
  for (const [i, item] of reader.list(value, path, required).entries()) {
    const at = [...path, i];
    const rule = reader.object(item, at, true);
    if (!rule) continue;
    reader.keys(rule, at, RULE_FIELDS);
    const operations = reader.strings(rule.operations, [...at, 'operations'], true);
    for (const [j, op] of operations.entries()) {
      if (op !== '*' && !(OPERATIONS as readonly string[]).includes(op))
        reader.fail([...at, 'operations', j], `must be one of ${OPERATIONS.join(', ')} or * (got "${op}")`);
    }
    const apiGroups = reader.strings(rule.apiGroups, [...at, 'apiGroups'], true);
    const apiVersions = reader.strings(rule.apiVersions, [...at, 'apiVersions'], true);
    const resources = reader.strings(rule.resources, [...at, 'resources'], true);
    for (const [j, resource] of resources.entries()) {
      const [name, sub, extra] = resource.split('/');
      if (extra !== undefined || name === '' || sub === '')
        reader.fail(
          [...at, 'resources', j],
          `must be "resource", "resource/subresource", "*" or "*/*" (got "${resource}")`,
        );
    }
    const scope = reader.string(rule.scope, [...at, 'scope'], { oneOf: ['Cluster', 'Namespaced', '*'] }) ?? '*';
    rules.push({
      resourceNames: reader.strings(rule.resourceNames, [...at, 'resourceNames']),
      operations,
      apiGroups,
      apiVersions,
      resources,
      scope: scope as ResourceRule['scope'],
    });
  }
  return rules;
}

function emptyToUndefined<T extends object>(selector: T | undefined): T | undefined {
  return selector && Object.keys(selector).length > 0 ? selector : undefined;
}
