/**
 * What a ResourceQuota does, shared by the quota rules. A quota limits the resources its `hard`
 * names; one whose `hard` is empty limits nothing. With a scope (`scopes`, `scopeSelector`) an
 * empty quota still has a use: where the API server's admission configuration lists
 * `limitedResources`, it is the covering quota that lets a namespace use a limited priority
 * class at all (the Kubernetes docs' `pods-cluster-services` example).
 */
import type { KubeObject } from '../core/resource.js';
import { fieldsOf } from './workload-support.js';

/** Whether a quota sets at least one hard limit. */
export function limitsSomething(quota: KubeObject): boolean {
  const hard = fieldsOf(fieldsOf(quota.spec)?.hard);
  return hard !== undefined && Object.keys(hard).length > 0;
}

/** Whether a quota is scoped (`scopes` or a `scopeSelector` with expressions). */
export function isScoped(quota: KubeObject): boolean {
  const spec = fieldsOf(quota.spec);
  if (Array.isArray(spec?.scopes) && spec.scopes.length > 0) return true;
  const expressions = fieldsOf(spec?.scopeSelector)?.matchExpressions;
  return Array.isArray(expressions) && expressions.length > 0;
}

/** A quota that neither limits anything nor covers a scope: it does nothing at all. */
export function doesNothing(quota: KubeObject): boolean {
  return !limitsSomething(quota) && !isScoped(quota);
}
