import type { Path } from '../core/path.js';
import type { PodView } from './pod-view.js';

export type PssLevel = 'baseline' | 'restricted';

/** One offending field, with its path from the object root and a message about that field alone. */
export interface PssFinding {
  path: Path;
  message: string;
}

/** A check that denied a pod: upstream's check id, reason and detail, plus where to look. */
export interface PssViolation {
  check: string;
  reason: string;
  detail: string;
  findings: PssFinding[];
}

export interface PssCheckInfo {
  id: string;
  level: PssLevel;
  /** Baseline checks this restricted check replaces when it runs (upstream `OverrideCheckIDs`). */
  overrides: readonly string[];
}

/** What a check function returns when it denies a pod; the registry adds the check id. */
export type CheckOutcome = Omit<PssViolation, 'check'>;

export type CheckFn = (pod: PodView) => CheckOutcome | undefined;

export interface CheckVersion {
  /** The first policy minor this revision applies to. */
  since: number;
  run: CheckFn;
  overrides?: readonly string[];
}

/** A check with its revisions, oldest first; each applies until the next one starts. */
export interface CheckDefinition {
  id: string;
  level: PssLevel;
  versions: readonly CheckVersion[];
}
