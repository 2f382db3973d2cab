import { FRAMEWORK_NAMES, type FrameworkName, isFrameworkName } from '../core/compliance.js';
import { isSeverity, SEVERITIES } from '../core/severity.js';
import { isNamespaceName } from '../load/placement.js';
import { parsePssVersion } from '../pss/index.js';
import type { FailOn, SettingOverrides } from '../scan/index.js';
import { UsageError } from './io.js';

/** The flags that change verdicts, as `scan` and `fix` spell them. */
export interface SettingFlags {
  pssLevel?: string;
  pssVersion?: string;
  kubernetesVersion?: string;
  failOn?: string;
  namespace?: string;
}

/** Checks the flags and turns them into the scan service's overrides; a scoring framework may imply a PSS level. */
export function settingOverrides(flags: SettingFlags, frameworks: readonly FrameworkName[] = []): SettingOverrides {
  const overrides: SettingOverrides = {};
  // Scoring against a PSS level means evaluating at that level (restricted drops baseline twins).
  const pssFrameworks = frameworks.filter((f) => f.startsWith('pss-'));
  if (pssFrameworks.length > 1)
    throw new UsageError('score one Pod Security Standards level at a time (pss-baseline or pss-restricted)');
  const implied = pssFrameworks[0]?.slice('pss-'.length);
  if (implied && flags.pssLevel && flags.pssLevel !== implied) {
    throw new UsageError(
      `--framework ${pssFrameworks[0]} scores the ${implied} level; drop --pss-level ${flags.pssLevel}`,
    );
  }
  const level = implied ?? flags.pssLevel;
  if (level !== undefined) {
    if (level !== 'baseline' && level !== 'restricted')
      throw new UsageError('--pss-level must be baseline or restricted');
    overrides.pss = { level };
  }
  if (flags.pssVersion !== undefined) {
    if (parsePssVersion(flags.pssVersion) === undefined)
      throw new UsageError(`--pss-version "${flags.pssVersion}" is not latest or v1.N`);
    overrides.pss = { ...overrides.pss, version: flags.pssVersion };
  }
  if (flags.kubernetesVersion !== undefined) {
    if (!/^v?1\.\d+$/.test(flags.kubernetesVersion))
      throw new UsageError(`--kubernetes-version "${flags.kubernetesVersion}" is not a version like v1.34`);
    overrides.kubernetesVersion = flags.kubernetesVersion;
  }
  if (flags.failOn !== undefined) overrides.failOn = failOnFlag(flags.failOn);
  if (flags.namespace !== undefined) overrides.namespace = namespaceFlag(flags.namespace);
  return overrides;
}

/** `--namespace`: a name the API server accepts, or a usage error. */
export function namespaceFlag(value: string): string {
  if (!isNamespaceName(value))
    throw new UsageError(
      `--namespace "${value}" is not a namespace name (lower-case letters, digits and -, at most 63)`,
    );
  return value;
}

/** The help text of `-n, --namespace` wherever manifests are loaded. */
export const NAMESPACE_HELP =
  'the namespace the manifests are applied to, as with kubectl apply -n: objects without metadata.namespace get it (default: namespace in rampart.yaml, else none: they stay in the namespace they are applied to)';

export function failOnFlag(value: string): FailOn {
  if (value === 'none' || isSeverity(value)) return value;
  throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none (got "${value}")`);
}

/** `--framework nsa,cis --framework mitre`, checked and deduplicated. */
export function frameworkFlags(names: readonly string[]): FrameworkName[] {
  const frameworks = names.flatMap((name) => name.split(',')).map((name) => name.trim());
  for (const name of frameworks) {
    if (!isFrameworkName(name))
      throw new UsageError(`--framework "${name}" is not one of ${FRAMEWORK_NAMES.join(', ')}`);
  }
  return [...new Set(frameworks)] as FrameworkName[];
}

export function maxFileSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const mebibytes = Number(value);
  if (!Number.isFinite(mebibytes) || mebibytes <= 0)
    throw new UsageError('--max-file-size takes a positive number of MiB');
  return Math.round(mebibytes * 1024 * 1024);
}
