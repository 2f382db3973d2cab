import { ATOMS, type Atom } from './atoms.js';
import { identityKeys } from './identity.js';
import type { PolicyIndex } from './policy-index.js';
import { ruleAllowsIgnoringName } from './rule-match.js';
import type { BindingInfo, Grant, Identity, RoleInfo, RuleSource } from './types.js';

/** Which names a grant covers: every name, or only these. */
export type Names = 'all' | ReadonlySet<string>;

export interface Hit {
  names: Names;
  grants: Grant[];
}

interface RoleHit {
  names: Names;
  rules: RuleSource[];
}

/**
 * Per list of rules: which atoms they grant, for which names. Computed once per list, which the
 * built-in roles of every analysis share.
 */
const roleProfiles = new WeakMap<readonly RuleSource[], Map<string, RoleHit>>();

export function roleProfile(role: RoleInfo): Map<string, RoleHit> {
  let profile = roleProfiles.get(role.rules);
  if (profile) return profile;
  profile = new Map();
  for (const atom of ATOMS) {
    let hit: RoleHit | undefined;
    for (const source of role.rules) {
      if (!ruleAllowsIgnoringName(source.rule, atom.request)) continue;
      const names: Names = source.rule.resourceNames.length === 0 ? 'all' : new Set(source.rule.resourceNames);
      hit = hit ? { names: mergeNames(hit.names, names), rules: [...hit.rules, source] } : { names, rules: [source] };
      if (hit.names === 'all') break;
    }
    if (hit) profile.set(atom.id, hit);
  }
  roleProfiles.set(role.rules, profile);
  return profile;
}

export function mergeNames(a: Names, b: Names): Names {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...a, ...b]);
}

export function namesCover(names: Names, name: string): boolean {
  return names === 'all' || names.has(name);
}

/**
 * What one principal may do, atom by atom: cluster-wide (ClusterRoleBindings) and per namespace
 * (RoleBindings). A namespace lookup includes the cluster-wide grants, as the authorizer does.
 */
export class Profile {
  readonly cluster = new Map<string, Hit>();
  readonly byNamespace = new Map<string, Map<string, Hit>>();

  add(binding: BindingInfo, role: RoleInfo, subjectIndex: number, scopeNamespace?: string): void {
    const namespace = scopeNamespace ?? (binding.kind === 'RoleBinding' ? binding.namespace : '');
    let target = this.cluster;
    if (namespace !== '') {
      target = this.byNamespace.get(namespace) ?? new Map();
      this.byNamespace.set(namespace, target);
    }
    for (const [id, hit] of roleProfile(role)) {
      const known = target.get(id);
      // hits belong to this profile alone, so they are extended in place
      const into = known ?? { names: hit.names, grants: [] };
      if (known) into.names = mergeNames(known.names, hit.names);
      else target.set(id, into);
      for (const rule of hit.rules) into.grants.push({ binding, role, rule, subjectIndex });
    }
  }

  /** The atom cluster-wide (`namespace` undefined or '*') or in one namespace. */
  lookup(atom: Atom, namespace?: string): Hit | undefined {
    const wide = this.cluster.get(atom.id);
    if (namespace === undefined || namespace === '*' || !atom.namespaced) return wide;
    const local = this.byNamespace.get(namespace)?.get(atom.id);
    if (!local) return wide;
    if (!wide) return local;
    return { names: mergeNames(wide.names, local.names), grants: [...wide.grants, ...local.grants] };
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()].sort();
  }

  get isEmpty(): boolean {
    return this.cluster.size === 0 && this.byNamespace.size === 0;
  }
}

/** The profile of an identity: every binding naming it or one of its groups. */
export function identityProfile(index: PolicyIndex, identity: Identity): Profile {
  const profile = new Profile();
  const seen = new Set<BindingInfo>();
  for (const key of identityKeys(identity)) {
    for (const { binding, subjectIndex } of index.entriesFor(key)) {
      if (!binding.role || seen.has(binding)) continue;
      seen.add(binding);
      profile.add(binding, binding.role, subjectIndex);
    }
  }
  return profile;
}
