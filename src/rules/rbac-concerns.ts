/**
 * One concern, one finding. A rule of a role (`rules[i]`) can matter to several scan rules at
 * once: `*` on `*` reads Secrets, execs into pods and reaches nodes/proxy. Each such rule of a role
 * is reported once, by its primary rule, at the highest severity among its concerns; the message
 * names the other concerns and the rules that stay silent for it. The primary is, in order:
 * rbac-aggregation-extends-default-role when the rule flows into view, edit or admin beyond their
 * upstream power; rbac-wildcard-permissions when the rule has `*` in its verbs or resources (what
 * it grants follows from the wildcard); else the rule of the most severe capability.
 */
import {
  capabilitiesOf,
  type GrantScope,
  identityOf,
  identityProfile,
  type RbacAnalysis,
  type RoleInfo,
  type RuleSource,
  ruleAllowsIgnoringName,
  type SubjectRef,
} from '../analyze/rbac/index.js';
import { type Severity, severityRank } from '../core/severity.js';
import { aggregationOf } from './rbac-aggregation.js';
import { capabilitiesByRule, type FoundCapability, impersonatesPeople } from './rbac-capabilities.js';
import { isPlatformRole, onlyRoleBindings } from './rbac-support.js';

export const WILDCARD_RULE = 'rbac-wildcard-permissions';
export const AGGREGATION_RULE = 'rbac-aggregation-extends-default-role';

export interface Concern {
  /** The scan rule whose concern it is. */
  rule: string;
  kind: 'aggregation' | 'wildcard' | 'capability';
  severity: Severity;
  /** What the rule of the role lets its holders do, for the other findings' messages. */
  title: string;
  /** The capability, for `capability` concerns. */
  found?: FoundCapability;
}

export interface RuleConcerns {
  /** The concern reported; its rule is the one that reports the rule of the role. */
  primary: Concern;
  /** Every concern, the primary first. */
  concerns: readonly Concern[];
  /** The highest severity among them: the finding's. */
  severity: Severity;
}

interface Owner {
  rule: string;
  /** Limited to named objects, the grant is the remedy itself: no concern. */
  acceptNamed?: boolean;
  /** The severity of one finding when it is not the catalogue's. */
  severity?: (found: FoundCapability) => Severity | undefined;
}

const byNames = (lower: Severity) => (found: FoundCapability) => (found.names ? lower : undefined);

/** Which scan rule reports each capability of the catalogue when a role grants it (capabilities absent here are not scan findings). */
export const CAPABILITY_OWNERS: Readonly<Record<string, Owner>> = {
  'read-secrets': { rule: 'rbac-role-reads-secrets', acceptNamed: true },
  'create-pods': { rule: 'rbac-role-creates-pods' },
  'write-workloads': { rule: 'rbac-role-creates-pods' },
  'exec-pods': { rule: 'rbac-role-exec-into-pods' },
  'attach-pods': { rule: 'rbac-role-exec-into-pods' },
  'ephemeral-containers': { rule: 'rbac-role-exec-into-pods' },
  'patch-pods': { rule: 'rbac-role-patches-pods' },
  'port-forward': { rule: 'rbac-role-port-forwards-to-pods' },
  'create-tokens': { rule: 'rbac-role-creates-tokens', severity: byNames('medium') },
  'mint-legacy-tokens': { rule: 'rbac-role-creates-tokens' },
  'bind-roles': { rule: 'rbac-role-escalation-verbs', severity: byNames('high') },
  'escalate-roles': { rule: 'rbac-role-escalation-verbs' },
  impersonate: {
    rule: 'rbac-role-escalation-verbs',
    severity: (f) => (f.names || !impersonatesPeople(f) ? 'high' : undefined),
  },
  'approve-csrs': { rule: 'rbac-role-approves-certificates', severity: approvalSeverity },
  'sign-csrs': { rule: 'rbac-role-approves-certificates' },
  'nodes-proxy': { rule: 'rbac-role-nodes-proxy' },
  'mutating-webhooks': { rule: 'rbac-role-writes-admission-config', severity: byNames('medium') },
  'validating-webhooks': { rule: 'rbac-role-writes-admission-config', severity: byNames('medium') },
  'admission-policies': { rule: 'rbac-role-writes-admission-config', severity: byNames('medium') },
  'create-persistent-volumes': { rule: 'rbac-role-creates-persistent-volumes' },
  'kube-system-configmaps': { rule: 'rbac-role-writes-kube-system-configmaps' },
  // a component managing its own, named, Secrets or NetworkPolicies is the remedy, not the risk
  'delete-secrets': { rule: 'rbac-role-deletes-secrets-or-events', acceptNamed: true },
  'delete-events': { rule: 'rbac-role-deletes-secrets-or-events', acceptNamed: true },
  'write-network-policies': { rule: 'rbac-role-writes-network-policies', acceptNamed: true },
};

/** How a rule of this role is granted: a ClusterRole bound only by RoleBindings reaches no cluster-scoped resource. */
export function scopeOf(analysis: RbacAnalysis, role: RoleInfo): GrantScope {
  return role.kind === 'ClusterRole' && !onlyRoleBindings(analysis, role) ? 'cluster' : 'namespace';
}

/** Whether a rule has `*` in the lists rbac-wildcard-permissions judges (`*` URLs are another rule's). */
export function wildcardLists(source: RuleSource): { verbs: boolean; resources: boolean; apiGroups: boolean } {
  const { rule } = source;
  if (rule.resources.length === 0) {
    const everyUrl = rule.nonResourceURLs.some((url) => url === '*' || url === '/*');
    return { verbs: rule.verbs.includes('*') && !everyUrl, resources: false, apiGroups: false };
  }
  return {
    verbs: rule.verbs.includes('*'),
    resources: rule.resources.includes('*'),
    apiGroups: rule.apiGroups.includes('*'),
  };
}

const caches = new WeakMap<RoleInfo, ReadonlyMap<RuleSource, RuleConcerns>>();

/** The concerns of every rule of a role, and which scan rule reports each rule of the role. */
export function roleRuleConcerns(analysis: RbacAnalysis, role: RoleInfo): ReadonlyMap<RuleSource, RuleConcerns> {
  const known = caches.get(role);
  if (known) return known;
  const concerns = new Map<RuleSource, Concern[]>();
  const add = (source: RuleSource, concern: Concern) => {
    const list = concerns.get(source);
    if (list) list.push(concern);
    else concerns.set(source, [concern]);
  };
  const aggregation = aggregationOf(analysis, role);
  if (aggregation && !role.aggregation) {
    for (const e of aggregation.excess)
      add(e.source, {
        rule: AGGREGATION_RULE,
        kind: 'aggregation',
        severity: e.severity,
        title: `${e.what} through ${aggregation.target}`,
      });
  }
  if (!role.aggregation && !role.builtIn && !isPlatformRole(role)) {
    const everything = judgeCapabilities(analysis, role, add);
    for (const source of role.rules) {
      const lists = wildcardLists(source);
      if (!lists.verbs && !lists.resources && !lists.apiGroups) continue;
      const all = everything.has(source);
      add(source, {
        rule: WILDCARD_RULE,
        kind: 'wildcard',
        severity: all ? (role.kind === 'ClusterRole' ? 'critical' : 'high') : partialWildcardSeverity(source),
        title: all ? 'do everything' : 'use a wildcard',
      });
    }
  }
  const out = new Map<RuleSource, RuleConcerns>();
  for (const [source, list] of concerns) {
    const primary = choosePrimary(source, list);
    const severity = list.reduce<Severity>(
      (max, c) => (severityRank(c.severity) > severityRank(max) ? c.severity : max),
      'info',
    );
    out.set(source, { primary, concerns: [primary, ...list.filter((c) => c !== primary)], severity });
  }
  caches.set(role, out);
  return out;
}

function judgeCapabilities(
  analysis: RbacAnalysis,
  role: RoleInfo,
  add: (source: RuleSource, concern: Concern) => void,
): ReadonlySet<RuleSource> {
  const scope = scopeOf(analysis, role);
  const { found, everything } = capabilitiesByRule(analysis, role, scope);
  const subsumed = scope === 'namespace' ? heldEverywhereByAll(analysis, role) : undefined;
  for (const f of found) {
    const owner = CAPABILITY_OWNERS[f.capability.id];
    if (!owner || (f.names && owner.acceptNamed)) continue;
    // everyone bound to this namespaced grant holds the same power cluster-wide, reported there
    if (subsumed?.has(f.capability.id) || subsumed?.has('cluster-admin')) continue;
    const severity = owner.severity?.(f) ?? f.capability.severity;
    add(f.at, { rule: owner.rule, kind: 'capability', severity, title: f.capability.title, found: f });
  }
  return everything;
}

const held = new WeakMap<RbacAnalysis, Map<string, ReadonlySet<string>>>();

/** The capabilities a subject holds cluster-wide, for every name, through any of its grants. */
function heldEverywhere(analysis: RbacAnalysis, subject: SubjectRef): ReadonlySet<string> {
  let bySubject = held.get(analysis);
  if (!bySubject) {
    bySubject = new Map();
    held.set(analysis, bySubject);
  }
  const key = `${subject.kind}\u0000${subject.namespace ?? ''}\u0000${subject.name}`;
  let ids = bySubject.get(key);
  if (!ids) {
    const identity = subject.kind === 'Group' ? { groups: [subject.name] } : identityOf(subject);
    const hits = capabilitiesOf(identityProfile(analysis.index, identity), '*');
    ids = new Set(hits.filter((hit) => hit.namespace === '*' && !hit.names).map((hit) => hit.capability.id));
    bySubject.set(key, ids);
  }
  return ids;
}

/**
 * The capabilities every subject bound to a namespaced role already holds cluster-wide: a Role
 * that reads the Secrets of its namespace adds nothing for a ServiceAccount that reads them all,
 * and the grant that reads them all is the finding. Undefined when the input binds the role to no one.
 */
function heldEverywhereByAll(analysis: RbacAnalysis, role: RoleInfo): ReadonlySet<string> | undefined {
  const bindings = analysis.index.bindingsOf(role);
  const subjects = bindings.flatMap((b) => b.subjects.filter((s): s is SubjectRef => s !== undefined));
  if (subjects.length === 0) return undefined;
  let common: Set<string> | undefined;
  for (const subject of subjects) {
    const ids = heldEverywhere(analysis, subject);
    common = common ? new Set([...common].filter((id) => ids.has(id))) : new Set(ids);
    if (common.size === 0) return common;
  }
  return common;
}

/**
 * `*` verbs on named resources adds deletecollection and verbs yet to come: low, unless it adds
 * escalate, bind or impersonate; `*` resources or groups take in whatever is added later: medium.
 */
function partialWildcardSeverity(source: RuleSource): Severity {
  const lists = wildcardLists(source);
  return !lists.resources && !lists.apiGroups && !grantsSpecialVerbs(source) ? 'low' : 'medium';
}

const SPECIAL: readonly [group: string, resource: string][] = [
  ['rbac.authorization.k8s.io', 'roles'],
  ['rbac.authorization.k8s.io', 'clusterroles'],
  ['', 'users'],
  ['', 'groups'],
  ['', 'serviceaccounts'],
  ['authentication.k8s.io', 'userextras'],
  ['authentication.k8s.io', 'uids'],
];

/** Whether `*` verbs on this rule's resources include escalate, bind or impersonate. */
export function grantsSpecialVerbs({ rule }: RuleSource): boolean {
  return SPECIAL.some(
    ([group, resource]) =>
      (rule.apiGroups.includes('*') || rule.apiGroups.includes(group)) &&
      (rule.resources.includes('*') || rule.resources.includes(resource)),
  );
}

function choosePrimary(source: RuleSource, list: readonly Concern[]): Concern {
  const aggregation = list.find((c) => c.kind === 'aggregation');
  if (aggregation) return aggregation;
  const wildcard = list.find((c) => c.kind === 'wildcard');
  const lists = wildcardLists(source);
  const capabilities = list.filter((c) => c.kind === 'capability');
  if (wildcard && (lists.verbs || lists.resources || capabilities.length === 0)) return wildcard;
  // the most severe capability; the catalogue's order among equals
  let best = capabilities[0] as Concern;
  for (const c of capabilities) if (severityRank(c.severity) > severityRank(best.severity)) best = c;
  return best;
}

/**
 * `; it also grants: exec into pods, read Secrets [rbac-role-exec-into-pods, rbac-role-reads-secrets]`:
 * the concerns a finding covers besides its own, and the rules that therefore stay silent.
 */
export function relatedText(concerns: RuleConcerns, own: (c: Concern) => boolean, lead = 'it also grants'): string {
  const others = concerns.concerns.filter((c) => !own(c));
  if (others.length === 0) return '';
  const titles = [...new Set(others.map((c) => c.title))];
  const rules = [...new Set(others.map((c) => c.rule))].filter((rule) => rule !== concerns.primary.rule).sort();
  return `; ${lead}: ${titles.join(', ')}${rules.length ? ` [${rules.join(', ')}]` : ''}`;
}

/** Whether a rule of a role is reported by the rules that judge roles as written. */
export function reportedAsWritten(analysis: RbacAnalysis, role: RoleInfo, source: RuleSource): boolean {
  // a rule aggregated into this role is written, and reported, in the role it comes from
  const written = source.aggregatedFrom ? analysis.index.role('ClusterRole', '', source.aggregatedFrom) : role;
  if (!written) return false;
  const at = source.aggregatedFrom ? written.rules.find((s) => s.index === source.index) : source;
  return at !== undefined && roleRuleConcerns(analysis, written).has(at);
}

const CERTS = 'certificates.k8s.io';
const APPROVE_SIGNERS = {
  kind: 'resource',
  verb: 'approve',
  apiGroup: CERTS,
  resource: 'signers',
  subresource: '',
  name: '',
  namespace: '',
} as const;

/** Signers whose certificates authenticate to the API server: as any user and group, or as a node. */
const CLIENT_SIGNERS: ReadonlyMap<string, Severity> = new Map([
  ['kubernetes.io/kube-apiserver-client', 'critical'],
  ['kubernetes.io/legacy-unknown', 'critical'],
  ['kubernetes.io/kube-apiserver-client-kubelet', 'high'],
]);

/**
 * Approval limited to named signers is only as dangerous as the certificates those signers issue:
 * client certificates (any identity, system:masters included) are critical, node client
 * certificates high, serving certificates (kubelet-serving, most custom signers) medium.
 */
function approvalSeverity(found: FoundCapability): Severity | undefined {
  const signerRules = [found.at, ...found.with].filter((s) => ruleAllowsIgnoringName(s.rule, APPROVE_SIGNERS));
  if (signerRules.length === 0 || signerRules.some((s) => s.rule.resourceNames.length === 0)) return undefined;
  const names = signerRules.flatMap((s) => s.rule.resourceNames);
  if (names.some((name) => name.includes('*') || CLIENT_SIGNERS.get(name) === 'critical')) return undefined;
  return names.some((name) => CLIENT_SIGNERS.get(name) === 'high') ? 'high' : 'medium';
}
