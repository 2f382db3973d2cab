import { FORMATS } from '../report/index.js';
import { createScanner, fileSource, readBaselineFile } from '../scan/index.js';
import { type Io, UsageError } from './io.js';
import { parseOutputs } from './outputs.js';
import type { ScanFlags } from './scan.js';
import { writeOutputs } from './scan-output.js';
import { frameworkFlags, maxFileSize, settingOverrides } from './setting-flags.js';

/** `rampart scan`: flags to a scan request, the scan service, then the outputs. */
export async function scan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
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
    ...(maxSize ? { maxFileSize: maxSize } : {}),
    // passes are counted, and kept only where an output lists them
    keepPasses: flags.showPassed === true || outputs.some((spec) => spec.format === 'junit'),
    ...(flags.baseline ? { baseline: readBaselineFile(flags.baseline, io.cwd) } : {}),
    timer,
  });
  const outcome = await scanner.scan(
    fileSource(paths, {
      exclude: flags.exclude,
      maxFileSize: maxSize,
      stdin: io.stdin,
      ...(flags.stdinName ? { stdinName: flags.stdinName } : {}),
      path: io.env.PATH,
    }),
  );
  timer('summary');
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
