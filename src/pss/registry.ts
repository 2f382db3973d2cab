import type { PodTemplate } from '../core/pod-spec.js';
import type { CheckDefinition, CheckFn, CheckVersion, PssCheckInfo, PssLevel, PssViolation } from './check.js';
import { CHECK_DEFINITIONS } from './checks/index.js';
import { compareStrings } from './format.js';
import { viewOf } from './pod-view.js';
import { clampMinor, LATEST_MINOR } from './version.js';

interface Entry {
  info: PssCheckInfo;
  /** The revision in effect at each minor, 0..LATEST_MINOR; undefined before the check starts. */
  revisions: readonly (CheckVersion | undefined)[];
}

interface Active {
  info: PssCheckInfo;
  run: CheckFn;
}

/** Baseline checks first, then restricted, each sorted by id: upstream's order, so messages list alike. */
const ORDERED: readonly CheckDefinition[] = [...CHECK_DEFINITIONS].sort((a, b) =>
  a.level === b.level ? compareStrings(a.id, b.id) : a.level === 'baseline' ? -1 : 1,
);

const ENTRIES = new Map<string, Entry>(ORDERED.map((definition) => [definition.id, entryOf(definition)]));

export const PSS_CHECKS: readonly PssCheckInfo[] = ORDERED.map((definition) => entry(definition.id).info);

/** The checks that run at each level and minor, computed once: evaluation is then a plain loop. */
const TABLE: Record<PssLevel, readonly (readonly Active[])[]> = { baseline: [], restricted: [] };
{
  const baseline: Active[][] = [];
  const restricted: Active[][] = [];
  for (let minor = 0; minor <= LATEST_MINOR; minor++) {
    const overridden = new Set<string>();
    for (const { revisions } of ENTRIES.values())
      for (const id of revisions[minor]?.overrides ?? []) overridden.add(id);
    const atBaseline: Active[] = [];
    const atRestricted: Active[] = [];
    for (const { info, revisions } of ENTRIES.values()) {
      const revision = revisions[minor];
      if (!revision) continue;
      const active = { info, run: revision.run };
      if (info.level === 'baseline') atBaseline.push(active);
      if (info.level === 'restricted' || !overridden.has(info.id)) atRestricted.push(active);
    }
    baseline.push(atBaseline);
    restricted.push(atRestricted);
  }
  TABLE.baseline = baseline;
  TABLE.restricted = restricted;
}

/** The checks in effect at a level and version, restricted ones replacing the baseline twins they override. */
export function checksFor(level: PssLevel, minor: number): readonly PssCheckInfo[] {
  return activeChecks(level, minor).map((active) => active.info);
}

/** Why a check does not run at this level and version, or undefined when it does. */
export function whyNotApplied(checkId: string, level: PssLevel, minor: number): string | undefined {
  const at = clampMinor(minor);
  const found = ENTRIES.get(checkId);
  if (!found) return `"${checkId}" is not a Pod Security Standards check`;
  const { info, revisions } = found;
  if (info.level === 'restricted' && level === 'baseline') {
    return `${info.id} is a restricted-level check; the baseline level does not include it`;
  }
  if (!revisions[at]) {
    const since = revisions.findIndex((revision) => revision !== undefined);
    return `${info.id} starts at PSS v1.${since}; v1.${at} predates it`;
  }
  if (level === 'restricted' && info.level === 'baseline') {
    const by = [...ENTRIES.values()].find(({ revisions: r }) => r[at]?.overrides?.includes(info.id));
    if (by) return `${info.id} is replaced at restricted v1.${at} by the stricter ${by.info.id}`;
  }
  return undefined;
}

/** The revision of one check in effect at `minor`, run on its own, whatever the level. */
export function runCheck(checkId: string, pod: PodTemplate, minor: number): PssViolation | undefined {
  const revision = entry(checkId).revisions[clampMinor(minor)];
  if (!revision) return undefined;
  const outcome = revision.run(viewOf(pod));
  return outcome && { check: checkId, ...outcome };
}

export function evaluatePod(
  pod: PodTemplate,
  level: PssLevel,
  minor: number,
): { allowed: boolean; violations: PssViolation[] } {
  const view = viewOf(pod);
  const violations: PssViolation[] = [];
  for (const { info, run } of activeChecks(level, minor)) {
    const outcome = run(view);
    if (outcome) violations.push({ check: info.id, ...outcome });
  }
  return { allowed: violations.length === 0, violations };
}

/** The most restrictive level that admits the pod at this version. */
export function strictestLevel(pod: PodTemplate, minor: number): 'restricted' | 'baseline' | 'privileged' {
  if (evaluatePod(pod, 'restricted', minor).allowed) return 'restricted';
  return evaluatePod(pod, 'baseline', minor).allowed ? 'baseline' : 'privileged';
}

function activeChecks(level: PssLevel, minor: number): readonly Active[] {
  const byMinor = TABLE[level];
  if (!byMinor) throw new RangeError(`"${level}" is not a PSS level to evaluate (baseline or restricted)`);
  return byMinor[clampMinor(minor)] as readonly Active[];
}

function entry(checkId: string): Entry {
  const found = ENTRIES.get(checkId);
  if (!found) throw new Error(`"${checkId}" is not a Pod Security Standards check`);
  return found;
}

function entryOf(definition: CheckDefinition): Entry {
  const revisions: (CheckVersion | undefined)[] = [];
  for (let minor = 0; minor <= LATEST_MINOR; minor++) {
    revisions.push(definition.versions.findLast((version) => version.since <= minor));
  }
  const overrides = [...new Set(definition.versions.flatMap((version) => version.overrides ?? []))];
  return { info: { id: definition.id, level: definition.level, overrides }, revisions };
}
