import { applicableBindings } from './authorize.js';
import type { PolicyIndex } from './policy-index.js';
import type { Grant, Identity } from './types.js';

/** One row of the matrix: a resource (or URL) in one scope, the verbs granted, and by what. */
export interface AccessRow {
  /** `*` for every namespace (ClusterRoleBindings; also cluster-scoped resources), else the namespace. */
  namespace: string;
  apiGroup: string;
  /** `resource` or `resource/subresource`; `*` forms kept as written. */
  resource: string;
  /** Present when the rule names objects. */
  resourceNames?: readonly string[];
  verbs: string[];
  grants: Grant[];
}

export interface NonResourceRow {
  url: string;
  verbs: string[];
  grants: Grant[];
}

export interface AccessMatrix {
  rows: AccessRow[];
  nonResource: NonResourceRow[];
}

/**
 * The full access of an identity: every rule of every binding that applies to it, expanded into
 * (scope, API group, resource, names) rows with the union of their verbs. Namespaces are those
 * where RoleBindings name the identity (or `only` when given); ClusterRoleBindings give `*` rows.
 */
export function accessMatrix(index: PolicyIndex, identity: Identity, only?: string): AccessMatrix {
  const rows = new Map<string, AccessRow>();
  const nonResource = new Map<string, NonResourceRow>();
  const scopes = only !== undefined ? [only] : index.bindingNamespaces();
  const seen = new Set<string>();
  const visit = (scope: string, namespace: string) => {
    for (const { binding, subjectIndex } of applicableBindings(index, identity, namespace)) {
      const role = binding.role;
      if (!role) continue;
      const rowScope = binding.kind === 'ClusterRoleBinding' ? '*' : scope;
      const bindingKey = `${rowScope}\u0000${binding.kind}\u0000${binding.namespace}\u0000${binding.name}`;
      if (seen.has(bindingKey)) continue;
      seen.add(bindingKey);
      for (const rule of role.rules) {
        const grant: Grant = { binding, role, rule, subjectIndex };
        for (const group of rule.rule.apiGroups) {
          for (const resource of rule.rule.resources) {
            const key = JSON.stringify([rowScope, group, resource, rule.rule.resourceNames]);
            const row = rows.get(key) ?? { namespace: rowScope, apiGroup: group, resource, verbs: [], grants: [] };
            if (rule.rule.resourceNames.length) row.resourceNames = rule.rule.resourceNames;
            addVerbs(row.verbs, rule.rule.verbs);
            if (!row.grants.includes(grant)) row.grants.push(grant);
            rows.set(key, row);
          }
        }
        if (binding.kind !== 'ClusterRoleBinding') continue;
        for (const url of rule.rule.nonResourceURLs) {
          const row = nonResource.get(url) ?? { url, verbs: [], grants: [] };
          addVerbs(row.verbs, rule.rule.verbs);
          row.grants.push(grant);
          nonResource.set(url, row);
        }
      }
    }
  };
  visit('*', '');
  for (const namespace of scopes) visit(namespace, namespace);
  const sorted = [...rows.values()].sort(
    (a, b) =>
      compareScope(a.namespace, b.namespace) ||
      a.apiGroup.localeCompare(b.apiGroup) ||
      a.resource.localeCompare(b.resource) ||
      (a.resourceNames?.join(',') ?? '').localeCompare(b.resourceNames?.join(',') ?? ''),
  );
  return { rows: sorted, nonResource: [...nonResource.values()].sort((a, b) => a.url.localeCompare(b.url)) };
}

const VERB_ORDER = ['*', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

function addVerbs(into: string[], verbs: readonly string[]): void {
  for (const verb of verbs) if (!into.includes(verb)) into.push(verb);
  into.sort((a, b) => rankVerb(a) - rankVerb(b) || a.localeCompare(b));
}

function rankVerb(verb: string): number {
  const at = VERB_ORDER.indexOf(verb);
  return at === -1 ? VERB_ORDER.length : at;
}

function compareScope(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '*') return -1;
  if (b === '*') return 1;
  return a.localeCompare(b);
}
