import { formatPath } from '../core/path.js';
import { POD_SPEC_KINDS, type PodTemplate, podTemplate } from '../core/pod-spec.js';
import { defineRule, type Fix, type Frameworks, type Report, type Rule, type RuleMeta } from '../core/rule.js';
import type { ScanSettings } from '../core/settings.js';
import { type Severity, severityRank } from '../core/severity.js';
import type { PssFinding } from './check.js';
import { PSS_CHECKS, runCheck, whyNotApplied } from './registry.js';
import { parsePssVersion } from './version.js';

export const PSS_REFERENCE = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

/** What a PSS rule states itself; the check id supplies the rest (PSS mapping, kinds, message). */
export type PssRuleMeta = Omit<
  RuleMeta<'violation'>,
  'kinds' | 'messages' | 'frameworks' | 'references' | 'fixable'
> & {
  frameworks?: Omit<Frameworks, 'pss'>;
  references?: readonly string[];
  /**
   * For a restricted check that overrides a baseline twin: the twin's severity, kept by findings
   * the twin would report too. A hostPath mount of the Docker socket stays high at the restricted
   * level, though there only the restricted volume check runs.
   */
  baselineSeverity?: Severity;
};

/**
 * The fix for one finding of a check, or undefined to leave that finding to a human (a fix the
 * API server would reject, or one the manifest shows would stop the pod from starting). The
 * check itself stays upstream's: fixes are the rule's business, never the verdict's.
 */
export type PssFixer = (finding: PssFinding, pod: PodTemplate) => Fix | undefined;

/**
 * What a rule adds to one finding of its check: words appended to upstream's message (what the
 * field exposes, why it matters here) and a severity that replaces the rule's when higher. The
 * verdict and the path stay upstream's; related rules then report nothing of their own for it.
 */
export type PssAnnotator = (
  finding: PssFinding,
  pod: PodTemplate,
) => { note?: string; severity?: Severity } | undefined;

/**
 * A scan rule for one PSS check. It runs only where the check is in effect at the configured
 * level and version, so an overridden baseline twin never reports what its restricted check does.
 */
export function pssRule(
  checkId: string,
  meta: PssRuleMeta,
  fixer?: PssFixer,
  annotate?: PssAnnotator,
): Rule<'violation'> {
  const info = PSS_CHECKS.find((check) => check.id === checkId);
  if (!info) throw new Error(`rule ${meta.id}: "${checkId}" is not a Pod Security Standards check`);
  return defineRule<'violation'>({
    meta: {
      ...meta,
      frameworks: { pss: { level: info.level, check: info.id }, ...meta.frameworks },
      kinds: POD_SPEC_KINDS,
      messages: { violation: '{{message}}' },
      references: [PSS_REFERENCE, ...(meta.references ?? [])],
      ...(fixer && { fixable: true }),
    },
    appliesTo(settings) {
      const minor = minorOf(settings);
      if (minor === undefined) return `pss.version "${settings.pss.version}" is not latest or v1.N`;
      return whyNotApplied(checkId, settings.pss.level, minor) ?? true;
    },
    check({ object, settings }) {
      const pod = podTemplate(object);
      if (!pod) {
        return {
          skip: `${object.apiVersion} ${object.kind} has no pod template to check (a custom resource named like a workload, or a workload without spec.template.spec)`,
        };
      }
      const minor = minorOf(settings);
      if (minor === undefined) return { skip: `pss.version "${settings.pss.version}" is not latest or v1.N` };
      const violation = runCheck(checkId, pod, minor);
      if (!violation) return [];
      const baseline = meta.baselineSeverity ? twinPaths(info.overrides, pod, minor) : undefined;
      return violation.findings.map((finding): Report<'violation'> => {
        const note = annotate?.(finding, pod);
        const report: Report<'violation'> = {
          path: finding.path,
          messageId: 'violation',
          data: { message: note?.note ? `${finding.message}: ${note.note}` : finding.message },
        };
        if (baseline?.has(formatPath(finding.path)) && meta.baselineSeverity) report.severity = meta.baselineSeverity;
        if (note?.severity && severityRank(note.severity) > severityRank(report.severity ?? meta.severity))
          report.severity = note.severity;
        const fix = fixer?.(finding, pod);
        if (fix) report.fix = fix;
        return report;
      });
    },
  });
}

/** Paths the overridden baseline checks report; only computed for pods that already have findings. */
function twinPaths(twins: readonly string[], pod: PodTemplate, minor: number): Set<string> {
  const paths = new Set<string>();
  for (const twin of twins)
    for (const finding of runCheck(twin, pod, minor)?.findings ?? []) paths.add(formatPath(finding.path));
  return paths;
}

let lastVersion = '';
let lastMinor: number | undefined;

function minorOf(settings: ScanSettings): number | undefined {
  if (settings.pss.version !== lastVersion) {
    lastVersion = settings.pss.version;
    lastMinor = parsePssVersion(lastVersion);
  }
  return lastMinor;
}
