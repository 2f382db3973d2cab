import type { Capability } from './capability.js';
import { ACCESS_CAPABILITIES } from './catalogue-access.js';
import { PLATFORM_CAPABILITIES } from './catalogue-platform.js';
import type { Profile } from './profile.js';
import { ScopeQuery } from './query.js';
import type { Grant } from './types.js';

export type { Capability } from './capability.js';

/** The risky-capability catalogue: each entry says what it takes in RBAC terms and why it matters. */
export const CATALOGUE: readonly Capability[] = [...ACCESS_CAPABILITIES, ...PLATFORM_CAPABILITIES];

export interface CapabilityHit {
  capability: Capability;
  /** `*` for all namespaces (or cluster-scoped), else the namespace. */
  namespace: string;
  /** Present when the grant covers only these object names. */
  names?: readonly string[];
  grants: Grant[];
}

/** The catalogue entries a profile holds: cluster-wide first, then namespace by namespace where not already held cluster-wide. */
export function capabilitiesOf(profile: Profile, only?: string): CapabilityHit[] {
  const out: CapabilityHit[] = [];
  const scopes = ['*', ...profile.namespaces()].filter((ns) => only === undefined || ns === '*' || ns === only);
  for (const capability of CATALOGUE) {
    const wide = capability.find(new ScopeQuery(profile, '*'));
    if (wide) out.push({ capability, namespace: '*', ...wide });
    if (capability.scope === 'cluster' || (wide && !wide.names)) continue;
    for (const namespace of scopes) {
      if (namespace === '*') continue;
      const local = capability.find(new ScopeQuery(profile, namespace));
      if (!local) continue;
      // a namespace adds nothing when the cluster-wide grant already covers every name
      if (wide && JSON.stringify(wide.names) === JSON.stringify(local.names)) continue;
      out.push({ capability, namespace, ...local });
    }
  }
  return out;
}
