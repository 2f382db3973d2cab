import type { PolicyRule, Request, ResourceRequest } from './types.js';

/**
 * The RBAC authorizer's rule matching, reimplemented from its documented semantics:
 * exact strings, case-sensitive; `*` alone matches every verb, API group, resource (subresources
 * included) and non-resource URL; `*` then `/sub` matches that subresource of every resource; a
 * non-resource URL ending in `*` matches by prefix. `pods/*` is not a wildcard: it is a literal the
 * authorizer never matches against a real request.
 */
export function ruleAllows(rule: PolicyRule, request: Request): boolean {
  if (request.kind === 'nonResource') {
    return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
  }
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, combined(request), request.subresource) &&
    resourceNameMatches(rule, request.name)
  );
}

/** Whether the rule would allow the request for some name: what a name-restricted rule grants. */
export function ruleAllowsIgnoringName(rule: PolicyRule, request: ResourceRequest): boolean {
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, combined(request), request.subresource)
  );
}

export function combined(request: ResourceRequest): string {
  return request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs) if (v === '*' || v === verb) return true;
  return false;
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const g of rule.apiGroups) if (g === '*' || g === group) return true;
  return false;
}

export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  for (const r of rule.resources) {
    if (r === '*' || r === combinedResource) return true;
    // "*/status" matches the status subresource of any resource, and only when one is requested
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource))
      return true;
  }
  return false;
}

/** A rule without resourceNames matches any name; with them, only those names (so never a request without one). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  return rule.resourceNames.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs) {
    if (url === '*' || url === path) return true;
    if (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** The compact form upstream uses in messages: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}`. */
export function formatRule(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups.length) parts.push(`APIGroups:${JSON.stringify(rule.apiGroups)}`);
  if (rule.resources.length) parts.push(`Resources:${JSON.stringify(rule.resources)}`);
  if (rule.nonResourceURLs.length) parts.push(`NonResourceURLs:${JSON.stringify(rule.nonResourceURLs)}`);
  if (rule.resourceNames.length) parts.push(`ResourceNames:${JSON.stringify(rule.resourceNames)}`);
  if (rule.verbs.length) parts.push(`Verbs:${JSON.stringify(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** The rule as JSON outputs print it: only the lists it has. */
export function ruleJson(rule: PolicyRule): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  if (rule.apiGroups.length) out.apiGroups = rule.apiGroups;
  if (rule.resources.length) out.resources = rule.resources;
  if (rule.resourceNames.length) out.resourceNames = rule.resourceNames;
  if (rule.nonResourceURLs.length) out.nonResourceURLs = rule.nonResourceURLs;
  out.verbs = rule.verbs;
  return out;
}
