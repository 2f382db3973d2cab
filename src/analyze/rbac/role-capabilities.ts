import { CATALOGUE, type Capability } from './catalogue.js';
import { Profile, roleProfile } from './profile.js';
import { ScopeQuery } from './query.js';
import type { BindingInfo, RoleInfo, RuleSource } from './types.js';

/** How a role is granted: cluster-wide (a ClusterRole under a ClusterRoleBinding) or in one namespace. */
export type GrantScope = 'cluster' | 'namespace';

export interface RoleCapability {
  capability: Capability;
  /** Present when the role grants it only for these object names. */
  names?: readonly string[];
  /** The role's rules that grant it, in the catalogue's evidence order. */
  rules: readonly RuleSource[];
}

/** A namespace no real object lives in, for a ClusterRole judged as a RoleBinding would grant it. */
const ANY_NAMESPACE = 'rampart:any-namespace';

const caches: Record<GrantScope, WeakMap<RoleInfo, readonly RoleCapability[]>> = {
  cluster: new WeakMap(),
  namespace: new WeakMap(),
};

/**
 * The catalogue entries a role grants on its own, judged as written: a ClusterRole as a
 * ClusterRoleBinding grants it (or, with scope `namespace`, as a RoleBinding does: cluster-scoped
 * resources then drop out), a Role in its own namespace. Computed once per role and scope.
 */
export function roleCapabilities(role: RoleInfo, scope: GrantScope = 'cluster'): readonly RoleCapability[] {
  const asBound: GrantScope = role.kind === 'Role' ? 'namespace' : scope;
  const cache = caches[asBound];
  const known = cache.get(role);
  if (known) return known;
  const namespace = role.kind === 'Role' ? role.namespace : asBound === 'namespace' ? ANY_NAMESPACE : '';
  // a stand-in binding: profiles index grants by binding, and no real one is involved here
  const binding: BindingInfo = {
    kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    namespace,
    name: '',
    roleRef: { kind: role.kind, name: role.name },
    subjects: [],
    role,
    resource: role.resource,
    order: -1,
  };
  const profile = new Profile();
  profile.add(binding, role, 0);
  const out: RoleCapability[] = [];
  // most roles grant no risky permission at all: nothing for the catalogue to look at
  if (profile.isEmpty) {
    cache.set(role, out);
    return out;
  }
  const query = new ScopeQuery(profile, namespace || '*');
  for (const capability of CATALOGUE) {
    const hit = capability.find(query);
    if (!hit) continue;
    const rules: RuleSource[] = [];
    for (const grant of hit.grants) if (!rules.includes(grant.rule)) rules.push(grant.rule);
    out.push({ capability, ...(hit.names ? { names: hit.names } : {}), rules });
  }
  cache.set(role, out);
  return out;
}

/** Whether any rule of the role grants a permission the catalogue asks about (cached per role with its profile). */
export function touchesCatalogue(role: RoleInfo): boolean {
  return roleProfile(role).size > 0;
}

const BY_ID = new Map(CATALOGUE.map((capability) => [capability.id, capability]));

/** A catalogue entry by id; throws on an unknown id, so a typo fails at load time. */
export function capabilityById(id: string): Capability {
  const capability = BY_ID.get(id);
  if (!capability) throw new Error(`unknown RBAC capability "${id}"`);
  return capability;
}
