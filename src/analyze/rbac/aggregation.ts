import { matchesSelector } from '../../core/inventory.js';
import type { RoleInfo, RuleSource } from './types.js';

/**
 * Fills in the rules of aggregated ClusterRoles the way the clusterrole-aggregation controller
 * leaves them once it has settled: the union, without duplicates, of the rules of every other
 * ClusterRole that a selector matches, selectors in order and roles by name within each. Aggregated
 * roles may select aggregated roles, so the controller's passes are repeated until nothing changes
 * (a cycle settles too: the union only grows). Rules written into an aggregated role are replaced,
 * as the controller replaces them.
 */
export function resolveAggregation(clusterRoles: readonly RoleInfo[]): void {
  const aggregated = clusterRoles.filter((role) => role.aggregation);
  if (aggregated.length === 0) return;
  const byName = [...clusterRoles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // which roles each aggregated role selects never changes: compute it once
  const sources = new Map<RoleInfo, RoleInfo[]>();
  for (const role of aggregated) {
    const picked: RoleInfo[] = [];
    for (const selector of role.aggregation ?? []) {
      for (const candidate of byName) {
        if (candidate !== role && matchesSelector(selector, candidate.labels)) picked.push(candidate);
      }
    }
    sources.set(role, picked);
  }
  const current = new Map<RoleInfo, RuleSource[]>();
  for (const role of aggregated) current.set(role, []);
  for (let pass = 0; pass <= aggregated.length; pass++) {
    let changed = false;
    for (const role of aggregated) {
      const next: RuleSource[] = [];
      const seen = new Set<string>();
      for (const source of sources.get(role) ?? []) {
        for (const entry of current.get(source) ?? source.rules) {
          const key = ruleKey(entry);
          if (seen.has(key)) continue;
          seen.add(key);
          next.push({ rule: entry.rule, index: entry.index, aggregatedFrom: entry.aggregatedFrom ?? source.name });
        }
      }
      if (next.length !== (current.get(role) ?? []).length) changed = true;
      current.set(role, next);
    }
    if (!changed) break;
  }
  for (const role of aggregated) role.rules = current.get(role) ?? [];
}

function ruleKey({ rule }: RuleSource): string {
  return JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
}
