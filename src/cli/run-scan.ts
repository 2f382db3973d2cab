import type { Result } from '../core/result.js';
import { SYSTEM_RESULT_IDS } from '../core/result.js';
import { FORMATS } from '../report/index.js';
import { createScanner, fileSource, type ResourceSource, readBaselineFile } from '../scan/index.js';
import { type Io, UsageError } from './io.js';
import { parseOutputs } from './outputs.js';
import type { ScanFlags } from './scan.js';
import { writeOutputs } from './scan-output.js';
import { frameworkFlags, maxFileSize, settingOverrides } from './setting-flags.js';

/** `rampart scan`: flags to a scan request, the scan service, then the outputs. */
export async function scan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
  const snapshot = await snapshotPath(paths, flags);
  if (snapshot) {
    if (flags.namespace !== undefined)
      throw new UsageError('-n applies to manifests; a snapshot keeps the namespaces it was taken with');
    const { readSnapshot, collectionSource } = await import('../cluster/index.js');
    const { clusterErrors } = await import('./cluster-errors.js');
    const source: ResourceSource = {
      load: async () => collectionSource(await clusterErrors(() => readSnapshot(snapshot))).load(),
    };
    return scanAndReport(flags, io, () => source, { fromCluster: true });
  }
  if (paths.length === 0) throw new UsageError('give files, directories or - for stdin, or --snapshot <file>');
  return scanAndReport(flags, io, (maxSize) =>
    fileSource(paths, {
      exclude: flags.exclude,
      maxFileSize: maxSize,
      stdin: io.stdin,
      ...(flags.stdinName ? { stdinName: flags.stdinName } : {}),
      path: io.env.PATH,
    }),
  );
}

/** The snapshot a scan reads: --snapshot, or the one path when it is a snapshot file. */
async function snapshotPath(paths: readonly string[], flags: ScanFlags): Promise<string | undefined> {
  if (flags.snapshot !== undefined) {
    if (paths.length) throw new UsageError('scan either --snapshot or paths, not both');
    return flags.snapshot;
  }
  if (paths.length !== 1 || paths[0] === '-') return undefined;
  const { isSnapshotFile } = await import('../cluster/index.js');
  return isSnapshotFile(paths[0] as string) ? paths[0] : undefined;
}

export type ReportedScanFlags = Omit<ScanFlags, 'exclude' | 'namespace' | 'stdinName' | 'snapshot'>;

/**
 * Everything `rampart scan` does besides choosing its source: settings from flags, the scan
 * service, skipped kinds on stderr, then the outputs. `cluster scan` shares it, so both give the
 * same outputs and exit codes.
 */
export async function scanAndReport(
  flags: ReportedScanFlags,
  io: Io,
  source: (maxSize: number | undefined) => ResourceSource,
  options: { fromCluster?: boolean } = {},
): Promise<number> {
  const outputs = parseOutputs(flags.output, Object.keys(FORMATS), 'table');
  const frameworks = frameworkFlags(flags.framework);
  const groupBy = flags.groupBy ?? 'resource';
  if (groupBy !== 'resource' && groupBy !== 'owner') throw new UsageError('--group-by must be resource or owner');
  const maxSize = maxFileSize(flags.maxFileSize);
  const timer = phaseTimer(io);
  const scanner = await createScanner({
    configFile: { path: flags.config, cwd: io.cwd },
    overrides: settingOverrides(flags, frameworks),
    frameworks,
    policies: flags.policy ?? [],
    ...(options.fromCluster ? { policiesFromSource: true } : {}),
    ...(maxSize ? { maxFileSize: maxSize } : {}),
    // passes are counted, and kept only where an output lists them
    keepPasses: flags.showPassed === true || outputs.some((spec) => spec.format === 'junit'),
    ...(flags.baseline ? { baseline: readBaselineFile(flags.baseline, io.cwd) } : {}),
    timer,
  });
  const outcome = await scanner.scan(source(maxSize));
  timer('summary');
  for (const skipped of outcome.results.filter(isSkippedKind))
    io.stderr.write(`rampart: warning: ${skipped.message}\n`);
  await writeOutputs(
    outcome,
    outputs,
    io,
    {
      groupBy,
      showPassed: flags.showPassed === true,
      color: flags.color,
      ...(flags.sarifRoot ? { sarifRoot: flags.sarifRoot } : {}),
    },
    timer,
  );
  return outcome.exitCode;
}

function isSkippedKind(result: Result): boolean {
  return result.ruleId === SYSTEM_RESULT_IDS.kindSkipped;
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
