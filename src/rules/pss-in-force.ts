/**
 * One concern, one finding: where a Pod Security Standards check in force at the scan's level
 * and version already reports a field, the hardening rules that see the same field stay silent
 * and the PSS finding carries what they would have said (src/rules/concerns.ts has the table).
 * PSS verdicts are upstream's and always stay; the other rules give way to them, unless the PSS
 * rule does not run in this scan (turned off in rampart.yaml, or left out by --framework).
 */
import { formatPath } from '../core/path.js';
import type { PodTemplate } from '../core/pod-spec.js';
import { isRuleActive, type ScanSettings } from '../core/settings.js';
import { parsePssVersion, runCheck, whyNotApplied } from '../pss/index.js';

/** A PSS concern: its checks, restricted's first (it replaces its baseline twin), with their rules. */
export type PssConcern = readonly { checkId: string; ruleId: string }[];

export const CAPABILITY_CHECKS: PssConcern = [
  { checkId: 'capabilities_restricted', ruleId: 'pss-capabilities-restricted' },
  { checkId: 'capabilities_baseline', ruleId: 'pss-capabilities-baseline' },
];
export const HOST_PATH_CHECKS: PssConcern = [
  { checkId: 'restrictedVolumes', ruleId: 'pss-restricted-volumes' },
  { checkId: 'hostPathVolumes', ruleId: 'pss-host-path-volumes' },
];
export const RUN_AS_USER_CHECKS: PssConcern = [{ checkId: 'runAsUser', ruleId: 'pss-run-as-user' }];

const NONE: ReadonlySet<string> = new Set();

/**
 * The paths (`spec.volumes[0].hostPath`) that the PSS rules of a concern report on this pod in
 * this scan: those of each check in force at the scan's level and version whose rule runs.
 */
export function pssReportedPaths(concern: PssConcern, pod: PodTemplate, settings: ScanSettings): ReadonlySet<string> {
  const minor = parsePssVersion(settings.pss.version);
  if (minor === undefined) return NONE;
  let paths: Set<string> | undefined;
  for (const { checkId, ruleId } of concern) {
    if (whyNotApplied(checkId, settings.pss.level, minor) !== undefined || !isRuleActive(settings, ruleId)) continue;
    for (const finding of runCheck(checkId, pod, minor)?.findings ?? []) {
      paths ??= new Set();
      paths.add(formatPath(finding.path));
    }
  }
  return paths ?? NONE;
}
