/**
 * What the rules that judge RBAC objects as written share: the role or binding a resource
 * defines (from the analysis cached per inventory), which roles are the platform's own defaults,
 * who is bound to a role, and how a rule of a role is quoted in messages.
 */
import {
  type BindingInfo,
  formatRule,
  formatSubject,
  type RbacAnalysis,
  type RoleInfo,
  type RuleSource,
  rbacAnalysis,
  type SubjectRef,
} from '../analyze/rbac/index.js';
import { namespacedName } from '../core/applied-namespace.js';
import type { Inventory } from '../core/inventory.js';
import type { Resource } from '../core/resource.js';
import type { OptionSchema } from '../core/rule.js';
import type { ScanSettings } from '../core/settings.js';

export const ROLE_KINDS: readonly string[] = ['Role', 'ClusterRole'];
export const BINDING_KINDS: readonly string[] = ['RoleBinding', 'ClusterRoleBinding'];

/** The user-facing ClusterRoles every cluster ships; the bootstrap policy names the rest `system:…`. */
export const DEFAULT_USER_ROLES: readonly string[] = ['cluster-admin', 'admin', 'edit', 'view'];

const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';

/**
 * Whether a role is one of the defaults the API server creates and reconciles at every start
 * (labelled `kubernetes.io/bootstrapping: rbac-defaults`, named `system:…`, one of the user-facing
 * defaults, or the extension-apiserver reader of kube-system). Their owner cannot remove a rule
 * from them for good, so the as-written rules leave them to the escalation analysis, which judges
 * who they are bound to. A label alone exempts nothing: the name must be one of the platform's too.
 * Rules added to them do persist (reconciliation only restores missing ones); the aggregation rule
 * still judges the `system:aggregate-to-*` parts, where an added rule reaches every user.
 */
export function isPlatformRole(role: RoleInfo): boolean {
  if (role.labels[BOOTSTRAP_LABEL] !== 'rbac-defaults') return false;
  return (
    role.name.startsWith('system:') ||
    (role.kind === 'ClusterRole' && DEFAULT_USER_ROLES.includes(role.name)) ||
    (role.kind === 'Role' &&
      role.namespace === 'kube-system' &&
      role.name === 'extension-apiserver-authentication-reader')
  );
}

/** What a rule needs to find the analysis of its scan: the inventory and the target version. */
export interface ScanOf {
  resource: Resource;
  inventory: Inventory;
  settings: ScanSettings;
}

/** The analysis of a scan, for its target Kubernetes version (which bootstrap roles exist). */
export function analysisOf({ inventory, settings }: Omit<ScanOf, 'resource'>): RbacAnalysis {
  return rbacAnalysis(inventory, settings.kubernetesVersion);
}

/** The analysis and the role a Role or ClusterRole resource defines. */
export function roleOf(scan: ScanOf): { analysis: RbacAnalysis; role?: RoleInfo } {
  const analysis = analysisOf(scan);
  const { resource } = scan;
  const role = analysis.role(resource);
  return role ? { analysis, role } : { analysis };
}

/** The analysis and the binding a RoleBinding or ClusterRoleBinding resource defines. */
export function bindingOf(scan: ScanOf): { analysis: RbacAnalysis; binding?: BindingInfo } {
  const analysis = analysisOf(scan);
  const { resource } = scan;
  const binding = analysis.binding(resource);
  return binding ? { analysis, binding } : { analysis };
}

export interface Reach {
  binding: BindingInfo;
  /** The aggregated ClusterRole the binding names, when the role reaches it through aggregation. */
  through?: RoleInfo;
}

/** Whether the inputs bind a ClusterRole, and only by RoleBindings: cluster-scoped rules then grant nothing. */
export function onlyRoleBindings(analysis: RbacAnalysis, role: RoleInfo): boolean {
  return reachOf(analysis, role).onlyRoleBindings;
}

/** `bound by ClusterRoleBinding ops (User alice); …`, or that nothing in the inputs binds the role. */
export function describeReach(analysis: RbacAnalysis, role: RoleInfo): string {
  const known = reachOf(analysis, role);
  known.text ??= reachText(known.reach);
  return known.text;
}

interface KnownReach {
  reach: readonly Reach[];
  onlyRoleBindings: boolean;
  text?: string;
}

/** Per role, once per scan: every capability rule asks, and a role aggregated into view reaches thousands of bindings. */
const reaches = new WeakMap<RoleInfo, KnownReach>();

function reachOf(analysis: RbacAnalysis, role: RoleInfo): KnownReach {
  let known = reaches.get(role);
  if (!known) {
    const reach: Reach[] = analysis.index.bindingsOf(role).map((binding) => ({ binding }));
    for (const through of analysis.aggregatorsOf(role)) {
      for (const binding of analysis.index.bindingsOf(through)) reach.push({ binding, through });
    }
    known = { reach, onlyRoleBindings: reach.length > 0 && reach.every((r) => r.binding.kind === 'RoleBinding') };
    reaches.set(role, known);
  }
  return known;
}

function reachText(reach: readonly Reach[], limit = 3): string {
  if (reach.length === 0) return 'no binding in the scanned input grants it';
  const parts = reach.slice(0, limit).map(({ binding, through }) => {
    const subjects = binding.subjects.filter((s): s is SubjectRef => s !== undefined);
    const who = subjects.length === 0 ? 'no subjects' : listed(subjects.map(formatSubject), limit);
    const via = through ? ` through ClusterRole ${through.name}` : '';
    return `${bindingName(binding)} (${who})${via}`;
  });
  const more = reach.length > limit ? `; and ${reach.length - limit} more bindings` : '';
  return `bound by ${parts.join('; ')}${more}`;
}

export function bindingName(binding: BindingInfo): string {
  return binding.namespace
    ? `${binding.kind} ${namespacedName(binding.namespace, binding.name)}`
    : `${binding.kind} ${binding.name}`;
}

/** `rules[2] {APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`: how messages quote a rule. */
export function quoteRule(source: RuleSource): string {
  const from = source.aggregatedFrom ? ` of ClusterRole ${source.aggregatedFrom}` : '';
  return `rules[${source.index}]${from} ${formatRule(source.rule)}`;
}

function listed(items: readonly string[], limit: number): string {
  return items.length > limit
    ? `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`
    : items.join(', ');
}

/** The `ignoreSubjects` option of the rules about paths to power: platform subjects that are expected to hold it. */
export const IGNORE_SUBJECTS_OPTION: OptionSchema = {
  type: 'string-list',
  description:
    'subjects not reported, written as `rampart rbac` writes them (`sa:argocd/argocd-application-controller`)',
};
