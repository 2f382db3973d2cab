import type { Inventory } from '../core/inventory.js';
import type { Path } from '../core/path.js';
import { POD_SPEC_KINDS, podTemplate } from '../core/pod-spec.js';
import { compareObjects, type Resource } from '../core/resource.js';
import type { OptionSchema, Skip } from '../core/rule.js';

/**
 * Shared by the namespace rules (quota, limit range, Pod Security Admission labels): which
 * namespaces the input names, and on which object each one is judged. Built once per inventory.
 */

/** Namespaces the control plane owns; the namespace rules leave them alone unless told otherwise. */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/** What the namespace rules look at: the Namespace object and every pod-running kind. */
export const NAMESPACE_RULE_KINDS: readonly string[] = ['Namespace', ...POD_SPEC_KINDS];

/** Shared wording of the quota and limit-range rules' scope. */
export const DEFINED_NAMESPACES_DOC =
  'Only namespaces the input defines with a Namespace object are judged, and those the command names (settings.namespaces, `--namespace`): a manifest that only deploys into a namespace is not where its quotas live.';

export const IGNORE_NAMESPACES_DOC =
  'Objects without metadata.namespace are in the namespace `--namespace` names, else in none the rule can judge. Option `ignoreNamespaces` (default `["kube-system", "kube-public", "kube-node-lease"]`) lists namespaces the rule does not judge.';

export interface NamespaceScope {
  name: string;
  /** The Namespace object, when the input has one. */
  namespace?: Resource;
  /** The object running pods that stands for the namespace: the first in kind and name order, not input order. */
  firstWorkload?: Resource;
  /** Kinds of the objects that live in the namespace. */
  kinds: Set<string>;
}

const scopes = new WeakMap<Inventory, Map<string, NamespaceScope>>();

/** Every namespace named by a Namespace object or by a namespaced object, indexed once per inventory. */
export function namespaceScopes(inventory: Inventory): ReadonlyMap<string, NamespaceScope> {
  let map = scopes.get(inventory);
  if (map) return map;
  const built = new Map<string, NamespaceScope>();
  const scopeOf = (name: string): NamespaceScope => {
    let scope = built.get(name);
    if (!scope) {
      scope = { name, kinds: new Set() };
      built.set(name, scope);
    }
    return scope;
  };
  for (const resource of inventory.resources) {
    const { object } = resource;
    if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
      const name = object.metadata?.name;
      if (typeof name === 'string' && name !== '') {
        const scope = scopeOf(name);
        scope.namespace ??= resource;
      }
      continue;
    }
    const namespace = object.metadata?.namespace;
    if (typeof namespace !== 'string' || namespace === '') continue;
    const scope = scopeOf(namespace);
    scope.kinds.add(object.kind);
    if (podTemplate(object) && (!scope.firstWorkload || compareObjects(object, scope.firstWorkload.object) < 0))
      scope.firstWorkload = resource;
  }
  map = built;
  scopes.set(inventory, map);
  return map;
}

export interface Judgement {
  scope: NamespaceScope;
  /** Where a finding points: the Namespace's name, or the workload's namespace field. */
  path: Path;
  /** Words for messages: `Namespace/x`, or `namespace x (no Namespace object in the input; reported on its first workload)`. */
  subject: string;
  /** True when the namespace is judged on its first workload because the input has no Namespace object. */
  onWorkload: boolean;
}

/**
 * Decides whether `resource` is where its namespace gets judged: the Namespace object when the
 * input has one, otherwise the namespace's first workload. Every other workload answers
 * `undefined` (no finding of its own: the namespace's verdict sits on one object), so each
 * namespace yields exactly one verdict per rule and large inputs do not fill with skips. Ignored
 * namespaces and objects Rampart cannot read are skips with a reason.
 */
export function judgeNamespaceOn(
  resource: Resource,
  inventory: Inventory,
  ignored: readonly string[],
  options: { requireNamespaceObject?: boolean; named?: readonly string[] } = {},
): Judgement | Skip | undefined {
  const { object } = resource;
  const all = namespaceScopes(inventory);
  if (object.kind === 'Namespace') {
    if (object.apiVersion !== 'v1') return { skip: `${object.apiVersion} Namespace is not a core Namespace` };
    const name = object.metadata?.name;
    if (typeof name !== 'string' || name === '') return { skip: 'the Namespace has no metadata.name' };
    const scope = all.get(name) as NamespaceScope;
    if (scope.namespace !== resource) return undefined; // a duplicate; judged on the first
    if (ignored.includes(name)) return { skip: `namespace ${name} is ignored (option ignoreNamespaces)` };
    return { scope, path: ['metadata', 'name'], subject: `namespace ${name}`, onWorkload: false };
  }
  if (!podTemplate(object)) return { skip: `${object.apiVersion} ${object.kind} runs no pods Rampart knows of` };
  const name = object.metadata?.namespace;
  // Without metadata.namespace the namespace is chosen when the manifest is applied.
  if (typeof name !== 'string' || name === '') return undefined;
  const scope = all.get(name) as NamespaceScope;
  if (scope.namespace || scope.firstWorkload !== resource) return undefined;
  if (ignored.includes(name)) return { skip: `namespace ${name} is ignored (option ignoreNamespaces)` };
  // Labels of a namespace the input does not define are unknown: nothing to judge. Quotas and
  // limit ranges of a namespace the input only deploys into are its owner's, unless the command
  // names the namespace (--namespace): an install manifest is not the namespace's whole story.
  const named = options.named?.includes(name) ?? false;
  if (options.requireNamespaceObject && !named) return undefined;
  return {
    scope,
    path: ['metadata', 'namespace'],
    subject: `namespace ${name} (${named ? 'named by --namespace; ' : ''}the input has no Namespace object; reported on its first workload)`,
    onWorkload: true,
  };
}

export function isJudgement(value: Judgement | Skip | undefined): value is Judgement {
  return value !== undefined && 'scope' in value;
}

/** The `ignoreNamespaces` option every namespace rule takes. */
export const IGNORE_NAMESPACES_OPTION: OptionSchema = {
  type: 'string-list',
  default: SYSTEM_NAMESPACES,
  description: 'namespaces not judged (the list replaces the default)',
};

/** The `ignoreNamespaces` option, defaulting to the system namespaces. */
export function ignoredNamespaces(options: Readonly<Record<string, unknown>>): readonly string[] {
  const value = options.ignoreNamespaces;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return SYSTEM_NAMESPACES;
}
