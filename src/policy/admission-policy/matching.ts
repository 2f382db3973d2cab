import { labelsOf, matchesSelector } from '../../core/inventory.js';
import type { KubeObject } from '../../core/resource.js';
import type { MatchResources, ResourceRule } from './model.js';
import type { NamespaceDirectory } from './namespaces.js';
import { type AdmissionAttributes, isNamespace } from './request.js';
import type { ResourceInfo, ResourceMapper } from './resource-mapper.js';

export interface MatchContext {
  namespaces: NamespaceDirectory;
  mapper: ResourceMapper;
}

/** The resource a policy matched the request as: the request's own, or an equivalent one. */
export type Match = { matches: false } | { matches: true; resource: ResourceInfo };

/**
 * Whether a request falls under `matchConstraints` / `matchResources`, in the API server's order:
 * namespace selector, object selector, exclusions, then the resource rules, where
 * `matchPolicy: Equivalent` also tries every resource that stores the same objects.
 */
export function matchResources(match: MatchResources, attributes: AdmissionAttributes, context: MatchContext): Match {
  if (!namespaceSelected(match, attributes, context.namespaces)) return { matches: false };
  if (!objectSelected(match, attributes)) return { matches: false };
  if (matchRules(match.excludeResourceRules, match.matchPolicy, attributes, context.mapper)) return { matches: false };
  if (match.resourceRules.length === 0) return { matches: true, resource: attributes.resource };
  const resource = matchRules(match.resourceRules, match.matchPolicy, attributes, context.mapper);
  return resource ? { matches: true, resource } : { matches: false };
}

function namespaceSelected(
  match: MatchResources,
  attributes: AdmissionAttributes,
  namespaces: NamespaceDirectory,
): boolean {
  const { namespaceSelector } = match;
  if (!namespaceSelector) return true;
  const namespaceRequest = isNamespace(attributes.resource) && attributes.subResource === '';
  // Cluster-scoped objects other than namespaces are never exempted by a namespace selector.
  if (attributes.namespace === '' && !isNamespace(attributes.resource)) return true;
  let labels: Record<string, string>;
  if (
    namespaceRequest &&
    (attributes.operation === 'CREATE' || attributes.operation === 'UPDATE') &&
    attributes.object
  ) {
    // The namespace being written is judged by the labels it is given, not the stored ones.
    labels = labelsOf(attributes.object);
  } else {
    labels = labelsOf(namespaces.get(attributes.namespace));
  }
  return matchesSelector(namespaceSelector, labels);
}

function objectSelected(match: MatchResources, attributes: AdmissionAttributes): boolean {
  const { objectSelector } = match;
  if (!objectSelector) return true;
  const selected = (object: KubeObject | null) => object !== null && matchesSelector(objectSelector, labelsOf(object));
  return selected(attributes.object) || selected(attributes.oldObject);
}

/** The resource the rules matched (the request's, or under Equivalent another), or undefined. */
function matchRules(
  rules: readonly ResourceRule[],
  policy: MatchResources['matchPolicy'],
  attributes: AdmissionAttributes,
  mapper: ResourceMapper,
): ResourceInfo | undefined {
  if (rules.length === 0) return undefined;
  for (const rule of rules) {
    if (ruleMatches(rule, attributes, attributes.resource) && nameMatches(rule, attributes)) return attributes.resource;
  }
  if (policy === 'Exact') return undefined;
  const equivalents = mapper.equivalents(attributes.resource);
  for (const rule of rules) {
    for (const equivalent of equivalents) {
      if (ruleMatches(rule, attributes, equivalent) && nameMatches(rule, attributes)) return equivalent;
    }
  }
  return undefined;
}

function nameMatches(rule: ResourceRule, attributes: AdmissionAttributes): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(attributes.name);
}

export function ruleMatches(rule: ResourceRule, attributes: AdmissionAttributes, resource: ResourceInfo): boolean {
  return (
    scopeMatches(rule.scope, attributes, resource) &&
    (rule.operations.includes('*') || rule.operations.includes(attributes.operation)) &&
    (rule.apiGroups.includes('*') || rule.apiGroups.includes(resource.group)) &&
    (rule.apiVersions.includes('*') || rule.apiVersions.includes(resource.version)) &&
    resourceMatches(rule.resources, resource.resource, attributes.subResource)
  );
}

function scopeMatches(scope: ResourceRule['scope'], attributes: AdmissionAttributes, resource: ResourceInfo): boolean {
  if (scope === '*') return true;
  // A namespace carries its own name as the request namespace, yet is cluster-scoped.
  const clusterScoped = isNamespace(resource) || attributes.namespace === '';
  return scope === 'Cluster' ? clusterScoped : !clusterScoped;
}

function resourceMatches(patterns: readonly string[], resource: string, subResource: string): boolean {
  for (const pattern of patterns) {
    const slash = pattern.indexOf('/');
    const name = slash === -1 ? pattern : pattern.slice(0, slash);
    const sub = slash === -1 ? '' : pattern.slice(slash + 1);
    if ((name === '*' || name === resource) && (sub === '*' || sub === subResource)) return true;
  }
  return false;
}
