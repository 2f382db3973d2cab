import type { KubeObject } from '../../core/resource.js';
import { RBAC_GROUP } from './read-objects.js';
import type { Request, SubjectRef } from './types.js';

const NAMED_VERBS = new Set(['get', 'update', 'patch', 'delete']);

interface Seen {
  /** names per verb; '' stands for a request without a name */
  names: Map<string, Set<string>>;
}

/** Collects the distinct requests of one subject; memory grows with distinct requests, not with the log. */
export class RequestSet {
  private readonly resources = new Map<string, Map<string, Seen>>();
  private readonly urls = new Map<string, Set<string>>();
  count = 0;

  add(request: Request): void {
    this.count++;
    if (request.kind === 'nonResource') {
      const verbs = this.urls.get(request.path) ?? new Set();
      verbs.add(request.verb);
      this.urls.set(request.path, verbs);
      return;
    }
    const scope = this.resources.get(request.namespace) ?? new Map<string, Seen>();
    this.resources.set(request.namespace, scope);
    const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
    const key = `${request.apiGroup}\u0000${resource}`;
    const seen = scope.get(key) ?? { names: new Map() };
    scope.set(key, seen);
    const names = seen.names.get(request.verb) ?? new Set();
    names.add(request.name);
    seen.names.set(request.verb, names);
  }

  get isEmpty(): boolean {
    return this.resources.size === 0 && this.urls.size === 0;
  }

  /** Namespaces seen, '' (cluster scope) first. */
  scopes(): string[] {
    return [...this.resources.keys()].sort();
  }

  rules(scope: string, withNames: boolean): PolicyRuleObject[] {
    const byShape = new Map<string, { group: string; resource: string; names: string[]; verbs: Set<string> }>();
    for (const [key, seen] of this.resources.get(scope) ?? []) {
      const [group = '', resource = ''] = key.split('\u0000');
      for (const [verb, names] of seen.names) {
        const pinned = withNames && NAMED_VERBS.has(verb) && !names.has('') ? [...names].sort() : [];
        const shape = `${group}\u0000${resource}\u0000${pinned.join(',')}`;
        const entry = byShape.get(shape) ?? { group, resource, names: pinned, verbs: new Set() };
        entry.verbs.add(verb);
        byShape.set(shape, entry);
      }
    }
    // one rule per API group, verb set and names: resources that share them share a rule
    const merged = new Map<string, PolicyRuleObject>();
    for (const { group, resource, names, verbs } of byShape.values()) {
      const sortedVerbs = [...verbs].sort();
      const key = `${group}\u0000${sortedVerbs.join(',')}\u0000${names.join(',')}`;
      const rule = merged.get(key) ?? {
        apiGroups: [group],
        resources: [],
        ...(names.length ? { resourceNames: names } : {}),
        verbs: sortedVerbs,
      };
      rule.resources?.push(resource);
      merged.set(key, rule);
    }
    const rules = [...merged.values()];
    for (const rule of rules) rule.resources?.sort();
    if (scope === '') rules.push(...this.urlRules());
    return rules.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }

  private urlRules(): PolicyRuleObject[] {
    const byVerbs = new Map<string, string[]>();
    for (const [url, verbs] of this.urls) {
      const key = [...verbs].sort().join(',');
      byVerbs.set(key, [...(byVerbs.get(key) ?? []), url]);
    }
    return [...byVerbs].map(([verbs, urls]) => ({ nonResourceURLs: urls.sort(), verbs: verbs.split(',') }));
  }

  hasClusterScope(): boolean {
    return this.resources.has('') || this.urls.size > 0;
  }
}

export interface PolicyRuleObject {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

export interface GenerateOptions {
  /** Name of every generated role and binding. */
  name: string;
  /** Pin get/update/patch/delete to the object names seen, where every such request named one. */
  resourceNames?: boolean;
  /** Labels for the generated objects. */
  labels?: Record<string, string>;
}

/**
 * The least-privilege RBAC that allows exactly the requests seen: a Role and RoleBinding per
 * namespace, and a ClusterRole and ClusterRoleBinding for cluster-scoped, all-namespace and
 * non-resource requests.
 */
export function generatePolicy(requests: RequestSet, subject: SubjectRef, options: GenerateOptions): KubeObject[] {
  const out: KubeObject[] = [];
  const metadata = (namespace?: string) => ({
    name: options.name,
    ...(namespace ? { namespace } : {}),
    ...(options.labels ? { labels: options.labels } : {}),
  });
  const bindingSubject =
    subject.kind === 'ServiceAccount'
      ? { kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace }
      : { apiGroup: RBAC_GROUP, kind: subject.kind, name: subject.name };
  if (requests.hasClusterScope()) {
    out.push({
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRole',
      metadata: metadata(),
      rules: requests.rules('', options.resourceNames === true),
    });
    out.push({
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: metadata(),
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: options.name },
      subjects: [bindingSubject],
    });
  }
  for (const namespace of requests.scopes()) {
    if (namespace === '') continue;
    out.push({
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'Role',
      metadata: metadata(namespace),
      rules: requests.rules(namespace, options.resourceNames === true),
    });
    out.push({
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'RoleBinding',
      metadata: metadata(namespace),
      roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: options.name },
      subjects: [bindingSubject],
    });
  }
  return out;
}
