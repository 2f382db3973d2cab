import { ATOMS, type Atom, atomId } from './atoms.js';
import type { Hit, Profile } from './profile.js';
import type { Grant } from './types.js';

/** verb → group → resource → atom: the lookups run millions of times on big clusters, so no string keys. */
const BY_PARTS = new Map<string, Map<string, Map<string, Atom>>>();
for (const atom of ATOMS) {
  const { verb, apiGroup, resource, subresource } = atom.request;
  const groups = BY_PARTS.get(verb) ?? new Map<string, Map<string, Atom>>();
  BY_PARTS.set(verb, groups);
  const resources = groups.get(apiGroup) ?? new Map<string, Atom>();
  groups.set(apiGroup, resources);
  resources.set(subresource ? `${resource}/${subresource}` : resource, atom);
}

export function atomFor(verb: string, group: string, resource: string): Atom {
  const atom = BY_PARTS.get(verb)?.get(group)?.get(resource);
  if (!atom) throw new Error(`unknown permission atom "${atomId(verb, group, resource)}"`);
  return atom;
}

/** Questions about one profile in one scope: cluster-wide ('*') or a namespace. */
export class ScopeQuery {
  constructor(
    readonly profile: Profile,
    readonly namespace: string,
  ) {}

  /** The grant of `verb group/resource` for some names (or all). */
  some(verb: string, group: string, resource: string): Hit | undefined {
    return this.profile.lookup(atomFor(verb, group, resource), this.namespace);
  }

  /** The grant of `verb group/resource` for every name. */
  all(verb: string, group: string, resource: string): Hit | undefined {
    const hit = this.some(verb, group, resource);
    return hit?.names === 'all' ? hit : undefined;
  }

  /** The first of several verbs granted for every name. */
  anyVerb(verbs: readonly string[], group: string, resource: string): Hit | undefined {
    for (const verb of verbs) {
      const hit = this.all(verb, group, resource);
      if (hit) return hit;
    }
    return undefined;
  }
}

/** The evidence of several hits, without repeating a grant. */
export function evidence(...hits: (Hit | undefined)[]): Grant[] {
  const out: Grant[] = [];
  for (const hit of hits) {
    if (!hit) continue;
    for (const grant of hit.grants) if (!out.includes(grant)) out.push(grant);
  }
  return out;
}
