/**
 * Which rules of a ClusterRole flow into the default roles view, edit or admin beyond what those
 * roles grant upstream: rbac-aggregation-extends-default-role reports them, and the other rules
 * that judge roles as written leave those rules of the role to it.
 */
import type { RbacAnalysis, RoleInfo, RuleSource } from '../analyze/rbac/index.js';
import type { Severity } from '../core/severity.js';
import { capabilitiesByRule, type FoundCapability, impersonatesPeople } from './rbac-capabilities.js';

export type AggregationTarget = 'view' | 'edit' | 'admin';

const TARGETS: readonly AggregationTarget[] = ['view', 'edit', 'admin'];
const label = (target: AggregationTarget) => `rbac.authorization.k8s.io/aggregate-to-${target}`;

/** The catalogue capabilities upstream's roles grant themselves: aggregating them in adds nothing. */
const EDIT = [
  'read-secrets',
  'mint-legacy-tokens',
  'create-pods',
  'write-workloads',
  'patch-pods',
  'exec-pods',
  'attach-pods',
  'create-tokens',
  'impersonate',
  'port-forward',
  'kube-system-configmaps',
  'delete-secrets',
  'delete-events',
  'write-network-policies',
];
/** Checked against the bootstrap policy in test/rbac-rules.test.ts. */
export const DEFAULT_ROLE_CAPABILITIES: Readonly<Record<AggregationTarget, ReadonlySet<string>>> = {
  view: new Set(),
  edit: new Set(EDIT),
  admin: new Set([...EDIT, 'write-bindings']),
};
const READ_VERBS = new Set(['get', 'list', 'watch']);

/** One rule of the role that gives the default role more than upstream's. */
export interface Excess {
  source: RuleSource;
  /** `exceeds`: a catalogue capability (or everything); `viewWrites`: write verbs flowing into read-only view. */
  kind: 'exceeds' | 'viewWrites';
  severity: Severity;
  /** The capability's title (`exceeds`) or the write verbs (`viewWrites`). */
  what: string;
  /** The other rules a capability granted by a combination needs. */
  with: readonly RuleSource[];
}

export interface Aggregation {
  target: AggregationTarget;
  via: string;
  excess: readonly Excess[];
}

/** Upstream edit impersonates ServiceAccounts only; users and groups go beyond it. */
function withinBaseline(found: FoundCapability, target: AggregationTarget): boolean {
  if (!DEFAULT_ROLE_CAPABILITIES[target].has(found.capability.id)) return false;
  if (found.capability.id !== 'impersonate') return true;
  return !impersonatesPeople(found);
}

/** The least powerful of view, edit and admin that the role's rules flow into, and how. */
function targetOf(role: RoleInfo, analysis: RbacAnalysis): { target: AggregationTarget; via: string } | undefined {
  const aggregators = new Set(analysis.aggregatorsOf(role).map((r) => r.name));
  for (const target of TARGETS) {
    if (role.labels[label(target)] === 'true') return { target, via: `label ${label(target)}` };
    if (aggregators.has(target)) return { target, via: `selected by the aggregationRule of ClusterRole ${target}` };
  }
  return undefined;
}

const cache = new WeakMap<RoleInfo, Aggregation | null>();

/**
 * What a ClusterRole adds to view, edit or admin beyond their upstream power, judged against the
 * least powerful of them it reaches; undefined when it reaches none (or is one of them).
 */
export function aggregationOf(analysis: RbacAnalysis, role: RoleInfo): Aggregation | undefined {
  const known = cache.get(role);
  if (known !== undefined) return known ?? undefined;
  let result: Aggregation | undefined;
  const reached =
    role.kind === 'ClusterRole' && !(TARGETS as readonly string[]).includes(role.name)
      ? targetOf(role, analysis)
      : undefined;
  if (reached) {
    const { target, via } = reached;
    // an aggregated role passes its sources' rules on: its own `rules` are the controller's copy
    const { found, everything } = capabilitiesByRule(analysis, role, 'cluster');
    const excess: Excess[] = [];
    for (const source of everything)
      excess.push({ source, kind: 'exceeds', severity: 'critical', what: 'do everything', with: [] });
    for (const f of found) {
      if (withinBaseline(f, target)) continue;
      excess.push({
        source: f.at,
        kind: 'exceeds',
        severity: f.capability.severity,
        what: f.capability.title,
        with: f.with,
      });
    }
    if (target === 'view' && !role.aggregation) {
      const reported = new Set(excess.map((e) => e.source));
      for (const source of role.rules) {
        const writes = source.rule.verbs.filter((verb) => !READ_VERBS.has(verb));
        if (writes.length === 0 || reported.has(source)) continue;
        excess.push({ source, kind: 'viewWrites', severity: 'medium', what: writes.join(', '), with: [] });
      }
    }
    result = { target, via, excess };
  }
  cache.set(role, result ?? null);
  return result;
}
