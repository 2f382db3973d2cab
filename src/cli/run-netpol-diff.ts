import { diffModels } from '../analyze/netpol/index.js';
import { DIFF_FORMATS, type DiffFormat, formatDiff } from '../report/index.js';
import { EXIT, type Io, UsageError } from './io.js';
import type { NetpolDiffFlags } from './netpol.js';
import { loadModel } from './run-netpol-load.js';

/**
 * `rampart netpol diff <before> <after>`: exit 0 (or, with --exit-code, 1 when the connectivity
 * differs, as `git diff --exit-code` does), 2 on input errors, 3 when neither side has workloads.
 */
export async function runDiff(before: string, after: string, flags: NetpolDiffFlags, io: Io): Promise<number> {
  if (!(DIFF_FORMATS as readonly string[]).includes(flags.output)) {
    throw new UsageError(`netpol diff: unknown output format "${flags.output}"; use ${DIFF_FORMATS.join(', ')}`);
  }
  if (before === '-' && after === '-') throw new UsageError('only one side of the diff can come from stdin');
  const a = await loadModel([before], flags, io);
  const b = await loadModel([after], flags, io);
  if (a.model.workloads.length === 0 && b.model.workloads.length === 0 && !a.failed && !b.failed) {
    io.stderr.write('rampart: nothing to analyse: neither version holds Pods or workloads\n');
    return EXIT.nothingScanned;
  }
  const lines = diffModels(a.model, b.model);
  io.stdout.write(formatDiff(lines, flags.output as DiffFormat));
  if (a.failed || b.failed) return EXIT.error;
  return flags.exitCode && lines.length > 0 ? EXIT.findings : EXIT.clean;
}
