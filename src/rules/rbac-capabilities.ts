/**
 * The risky capabilities of the analyzer's catalogue, located in the rules of one role: which rule
 * grants each (so a finding points at `rules[i]`), and which rules a capability needs together
 * (CSR approval is the approval subresource and a signer). Computed once per role and scope and
 * shared by every capability rule of a scan.
 */
import {
  type Capability,
  type GrantScope,
  type PolicyRule,
  type RbacAnalysis,
  type RoleCapability,
  type RoleInfo,
  type RuleSource,
  roleCapabilities,
  ruleAllowsIgnoringName,
  touchesCatalogue,
} from '../analyze/rbac/index.js';

export interface FoundCapability {
  capability: Capability;
  /** Present when the role grants it only for these object names. */
  names?: readonly string[];
  /** The rule a finding points at: the first one that grants it. */
  at: RuleSource;
  /** The other rules a capability granted by a combination of rules needs. */
  with: readonly RuleSource[];
}

export interface RoleCapabilities {
  found: readonly FoundCapability[];
  /** Rules granting every verb on every resource of every group: the wildcard rule reports those, once. */
  everything: ReadonlySet<RuleSource>;
}

/** What one rule grants alone; the same rule text in the same kind of role and namespace grants the same. */
interface SingleRule {
  touches: boolean;
  granted: readonly RoleCapability[];
  everything: boolean;
}

const EVERYTHING = new Set(['cluster-admin', 'namespace-admin']);
const caches: Record<GrantScope, WeakMap<RoleInfo, RoleCapabilities>> = {
  cluster: new WeakMap(),
  namespace: new WeakMap(),
};
const memos = new WeakMap<RbacAnalysis, Map<string, SingleRule>>();

/**
 * Every capability of a role, rule by rule: what each rule grants alone (so two rules that both
 * read Secrets make two findings, and fixing one does not reveal the other later), then what only
 * a combination of rules grants, located at the first rule of the combination. Single-rule answers
 * are shared within the scan's analysis: charts repeat the same rules in every namespace.
 */
export function capabilitiesByRule(analysis: RbacAnalysis, role: RoleInfo, scope: GrantScope): RoleCapabilities {
  const cache = caches[scope];
  const known = cache.get(role);
  if (known) return known;
  let memo = memos.get(analysis);
  if (!memo) {
    memo = new Map();
    memos.set(analysis, memo);
  }
  const found: FoundCapability[] = [];
  const everything = new Set<RuleSource>();
  const alone = new Set<string>();
  let touching = 0;
  for (const source of role.rules) {
    const single = singleRule(role, source, scope, memo);
    if (single.touches) touching++;
    if (single.everything) everything.add(source);
    for (const c of single.granted) {
      alone.add(c.capability.id);
      if (!single.everything) found.push(located(c, source, []));
    }
  }
  // a capability only a combination grants needs two rules that each grant a permission the catalogue asks about
  const combined = touching > 1 ? roleCapabilities(role, scope) : [];
  for (const c of combined) {
    const [at, ...rest] = c.rules;
    if (alone.has(c.capability.id) || !at) continue;
    found.push(located(c, at, rest));
  }
  const result = { found, everything };
  cache.set(role, result);
  return result;
}

function singleRule(role: RoleInfo, source: RuleSource, scope: GrantScope, memo: Map<string, SingleRule>): SingleRule {
  const key = `${scope}\u0000${role.kind}\u0000${role.kind === 'Role' ? role.namespace : ''}\u0000${ruleKey(source.rule)}`;
  let single = memo.get(key);
  if (!single) {
    const alone: RoleInfo = { ...role, rules: [source] };
    const granted = roleCapabilities(alone, scope);
    single = {
      touches: touchesCatalogue(alone),
      granted,
      everything: granted.some((c) => EVERYTHING.has(c.capability.id)),
    };
    memo.set(key, single);
  }
  return single;
}

function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
}

function located(c: RoleCapability, at: RuleSource, rest: readonly RuleSource[]): FoundCapability {
  return { capability: c.capability, ...(c.names ? { names: c.names } : {}), at, with: rest };
}

/** Impersonation of users, groups, user extras or UIDs (not only of ServiceAccounts): impersonating system:masters is cluster-admin. */
const IMPERSONATE_PEOPLE = [
  ['', 'users'],
  ['', 'groups'],
  ['authentication.k8s.io', 'userextras'],
  ['authentication.k8s.io', 'uids'],
].map(([apiGroup, resource]) => ({
  kind: 'resource' as const,
  verb: 'impersonate',
  apiGroup: apiGroup as string,
  resource: resource as string,
  subresource: '',
  name: '',
  namespace: '',
}));

export function impersonatesPeople(found: FoundCapability): boolean {
  return [found.at, ...found.with].some((s) => IMPERSONATE_PEOPLE.some((r) => ruleAllowsIgnoringName(s.rule, r)));
}
