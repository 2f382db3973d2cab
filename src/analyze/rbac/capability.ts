import type { Severity } from '../../core/severity.js';
import type { Hit } from './profile.js';
import { evidence, type ScopeQuery } from './query.js';
import type { Grant } from './types.js';

export const RBAC = 'rbac.authorization.k8s.io';
export const WRITE = ['create', 'update', 'patch'] as const;

/** A risky capability: what it takes in RBAC terms and why it matters. */
export interface Capability {
  id: string;
  title: string;
  severity: Severity;
  /** `cluster`: only ClusterRoleBindings can grant it; `namespace`: judged in each namespace too. */
  scope: 'cluster' | 'namespace';
  /** What a holder can do with it: the reason it is on the list. */
  risk: string;
  mitre?: readonly string[];
  find(q: ScopeQuery): { grants: Grant[]; names?: readonly string[] } | undefined;
}

/** Every hit is needed: the capability is their combination. */
export const found = (...hits: (Hit | undefined)[]) =>
  hits.every(Boolean) ? { grants: evidence(...hits) } : undefined;
/** One hit, for every name or only the names it lists. */
export const named = (hit: Hit | undefined) =>
  hit ? { grants: hit.grants, ...(hit.names === 'all' ? {} : { names: [...hit.names].sort() }) } : undefined;
export const firstOf = (...hits: (Hit | undefined)[]) => hits.find(Boolean);
