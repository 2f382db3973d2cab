import { analyze, findGaps, GAP_METAS } from '../analyze/netpol/index.js';
import { locate } from '../core/engine.js';
import { type Result, SYSTEM_RESULT_IDS, summarize } from '../core/result.js';
import { isSeverity, type Severity, severityRank } from '../core/severity.js';
import { FORMATS, outputWidth } from '../report/index.js';
import { EXIT, type Io, UsageError, useColor } from './io.js';
import type { NetpolGapsFlags } from './netpol.js';
import { parseOutputs, writeOutput } from './outputs.js';
import { type LoadedModel, loadModel } from './run-netpol-load.js';
import { VERSION } from './version.js';

/**
 * `rampart netpol gaps`: findings in the usual report formats. Exit 1 when there is a gap (at
 * least --fail-on severe; by default any), 2 on input errors, 3 when the input holds no workloads.
 * Skips (CNI policies not evaluated) and warnings (hostNetwork caveats) never fail the run.
 */
export async function runGaps(paths: string[], flags: NetpolGapsFlags, io: Io): Promise<number> {
  const outputs = parseOutputs(flags.output, Object.keys(FORMATS), 'table');
  const failOn = flags.failOn ?? 'info';
  if (failOn !== 'none' && !isSeverity(failOn)) {
    throw new UsageError(`--fail-on must be one of critical, high, medium, low, info, none (got "${failOn}")`);
  }
  const loaded = await loadModel(paths, flags, io);
  const { model } = loaded;
  const results: Result[] = [
    ...loaded.loadProblems,
    ...modelProblems(loaded),
    ...(model.workloads.length ? findGaps(analyze(model)) : []),
  ];
  const context = {
    tool: { name: 'rampart', version: VERSION },
    summary: summarize(results, model.workloads.length + model.policies.length),
    rules: GAP_METAS,
    rulesSkipped: [],
    settings: { pssLevel: 'n/a', pssVersion: 'n/a', failOn },
    cwd: io.cwd,
    groupBy: 'resource' as const,
    showPassed: flags.showPassed === true,
  };
  for (const spec of outputs) {
    const color = !spec.file && useColor(io, io.stdoutIsTTY, flags.color);
    const width = spec.file ? undefined : outputWidth(io.env.COLUMNS, io.stdoutColumns);
    const format = FORMATS[spec.format as keyof typeof FORMATS];
    await writeOutput(spec, format(results, { ...context, color, ...(width ? { width } : {}) }), io);
  }
  if (loaded.failed) return EXIT.error;
  if (model.workloads.length === 0) {
    io.stderr.write('rampart: nothing to analyse: the inputs hold no Pods or workloads\n');
    return EXIT.nothingScanned;
  }
  if (failOn === 'none') return EXIT.clean;
  const threshold = severityRank(failOn as Severity);
  return results.some((r) => r.verdict === 'fail' && severityRank(r.severity) >= threshold)
    ? EXIT.findings
    : EXIT.clean;
}

/** Policies the API server would reject, and doubtful input, as results beside the gaps. */
function modelProblems(loaded: LoadedModel): Result[] {
  return loaded.model.problems.map((problem) => {
    const result: Result = {
      ruleId: SYSTEM_RESULT_IDS.inputError,
      verdict: problem.severity === 'error' ? 'error' : 'warn',
      severity: problem.severity === 'error' ? 'high' : 'low',
      message: problem.message,
    };
    const location = problem.resource ? locate(problem.resource, problem.path ?? []) : undefined;
    if (location) result.location = location;
    return result;
  });
}
