import { compliance, controlsOf, FRAMEWORK_NAMES, type FrameworkName, isFrameworkName } from '../core/compliance.js';
import { evaluate } from '../core/engine.js';
import { Inventory } from '../core/inventory.js';
import { type Result, summarize } from '../core/result.js';
import type { ScanSettings } from '../core/settings.js';
import { isSeverity, type Severity, severityRank } from '../core/severity.js';
import { loadInputs } from '../load/index.js';
import { parsePssVersion } from '../pss/index.js';
import { FORMATS, type FormatName, outputWidth, STREAMS } from '../report/index.js';
import { RULES } from '../rules/index.js';
import { loadConfig } from './config.js';
import { EXIT, type Io, UsageError, useColor } from './io.js';
import { parseOutputs, writeOutput } from './outputs.js';
import { scanPolicies } from './run-policy-scan.js';
import type { ScanFlags } from './scan.js';
import { VERSION } from './version.js';

export async function scan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
  const outputs = parseOutputs(flags.output, Object.keys(FORMATS), 'table');
  const { config } = loadConfig(flags.config, io.cwd);
  const frameworks = resolveFrameworks(flags.framework);
  const settings = resolveSettings(flags, config.pss, config.kubernetesVersion, frameworks);
  const failOn = resolveFailOn(flags.failOn ?? config.failOn ?? 'high');
  const groupBy = flags.groupBy ?? 'resource';
  if (groupBy !== 'resource' && groupBy !== 'owner') throw new UsageError('--group-by must be resource or owner');

  const timer = phaseTimer(io);
  const loaded = await loadInputs(paths, {
    exclude: [...(config.exclude ?? []), ...flags.exclude],
    maxFileSize: maxFileSize(flags.maxFileSize),
    stdin: io.stdin,
    ...(flags.stdinName ? { stdinName: flags.stdinName } : {}),
  });
  timer('load');
  // rampart.yaml's custom CEL rules and the --policy admission policies join the catalogue for this run
  const extra = await scanPolicies(flags.policy ?? [], config.customRules, {
    resources: loaded.resources,
    reservedIds: new Set(RULES.map((rule) => rule.meta.id)),
    ...(settings.kubernetesVersion ? { kubernetesVersion: settings.kubernetesVersion } : {}),
  });
  const catalogue = [...RULES, ...extra.rules];
  const inventory = new Inventory(loaded.resources);
  const evaluation = evaluate(inventory, {
    rules: frameworks.length
      ? catalogue.filter((rule) => frameworks.some((f) => controlsOf(rule.meta, f).length > 0))
      : catalogue,
    settings,
    ...(config.rules ? { ruleSettings: config.rules } : {}),
    ...(config.exceptions ? { exceptions: config.exceptions } : {}),
    // passes are counted, and kept only where an output lists them
    keepPasses: flags.showPassed === true || outputs.some((spec) => spec.format === 'junit'),
  });
  const results: Result[] = [...loaded.problems, ...extra.problems, ...evaluation.results];
  timer('evaluate');
  const summary = summarize(results, inventory.size, evaluation.passes);
  const context = {
    tool: { name: 'rampart', version: VERSION },
    summary,
    rules: evaluation.rules.map((rule) => rule.meta),
    rulesSkipped: evaluation.rulesSkipped,
    settings: { pssLevel: settings.pss.level, pssVersion: settings.pss.version, failOn },
    cwd: io.cwd,
    groupBy: groupBy as 'resource' | 'owner',
    showPassed: flags.showPassed === true,
    ...(frameworks.length
      ? {
          compliance: frameworks.map((f) =>
            compliance(
              results,
              evaluation.rules.map((rule) => rule.meta),
              f,
              evaluation.passes,
            ),
          ),
        }
      : {}),
  };
  for (const spec of outputs) {
    const color = !spec.file && useColor(io, io.stdoutIsTTY, flags.color);
    const width = spec.file ? undefined : outputWidth(io.env.COLUMNS, io.stdoutColumns);
    const format = spec.format as FormatName;
    const write = STREAMS[format] ?? FORMATS[format];
    await writeOutput(spec, write(results, { ...context, color, ...(width ? { width } : {}) }), io);
    timer(`output ${spec.format}`);
  }
  return exitCode(results, inventory.size, failOn, io);
}

function resolveFrameworks(names: readonly string[]): FrameworkName[] {
  const frameworks = names.flatMap((name) => name.split(',')).map((name) => name.trim());
  for (const name of frameworks) {
    if (!isFrameworkName(name))
      throw new UsageError(`--framework "${name}" is not one of ${FRAMEWORK_NAMES.join(', ')}`);
  }
  return [...new Set(frameworks)] as FrameworkName[];
}

export function resolveSettings(
  flags: ScanFlags,
  pss: { level?: string; version?: string } | undefined,
  kubernetesVersion: string | undefined,
  frameworks: readonly FrameworkName[],
): ScanSettings {
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
  const level = implied ?? flags.pssLevel ?? pss?.level ?? 'restricted';
  if (level !== 'baseline' && level !== 'restricted')
    throw new UsageError('--pss-level must be baseline or restricted');
  const version = flags.pssVersion ?? pss?.version ?? 'latest';
  if (parsePssVersion(version) === undefined) throw new UsageError(`--pss-version "${version}" is not latest or v1.N`);
  const settings: ScanSettings = { pss: { level, version } };
  const target = flags.kubernetesVersion ?? kubernetesVersion;
  if (target !== undefined) {
    if (!/^v?1\.\d+$/.test(target))
      throw new UsageError(`--kubernetes-version "${target}" is not a version like v1.34`);
    settings.kubernetesVersion = target.startsWith('v') ? target : `v${target}`;
  }
  return settings;
}

function resolveFailOn(value: string): Severity | 'none' {
  if (value === 'none' || isSeverity(value)) return value;
  throw new UsageError(`--fail-on must be one of critical, high, medium, low, info, none (got "${value}")`);
}

export function maxFileSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const mebibytes = Number(value);
  if (!Number.isFinite(mebibytes) || mebibytes <= 0)
    throw new UsageError('--max-file-size takes a positive number of MiB');
  return Math.round(mebibytes * 1024 * 1024);
}

/** Input errors outrank findings: a scan that could not read everything must not look clean or merely failing. */
export function exitCode(results: readonly Result[], resources: number, failOn: Severity | 'none', io: Io): number {
  if (results.some((r) => r.verdict === 'error' && !r.suppressed)) return EXIT.error;
  if (resources === 0) {
    io.stderr.write('rampart: nothing was scanned: the inputs hold no Kubernetes objects\n');
    return EXIT.nothingScanned;
  }
  if (failOn === 'none') return EXIT.clean;
  const threshold = severityRank(failOn);
  const failing = results.some((r) => r.verdict === 'fail' && !r.suppressed && severityRank(r.severity) >= threshold);
  return failing ? EXIT.findings : EXIT.clean;
}

/** With RAMPART_TIMINGS set, each phase's wall time goes to stderr: the first thing to ask for in a slow-scan report. */
function phaseTimer(io: Io): (phase: string) => void {
  if (!io.env.RAMPART_TIMINGS) return () => {};
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    io.stderr.write(`rampart: ${phase} ${(now - last).toFixed(0)} ms\n`);
    last = now;
  };
}
