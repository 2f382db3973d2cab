import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatRef } from '../core/resource.js';
import { type Location, type Result, SYSTEM_RESULT_IDS } from '../core/result.js';
import { displayFile } from '../report/files.js';
import { FORMATS, type FormatName, outputWidth, type ReportContext, STREAMS } from '../report/index.js';
import { failsRun, type ScanOutcome } from '../scan/index.js';
import { type Io, useColor } from './io.js';
import { type OutputSpec, writeOutput } from './outputs.js';
import { VERSION } from './version.js';

/** Formats that print input and configuration problems among their lines, as a log reader sees them. */
const LISTS_PROBLEMS = new Set(['table', 'compact', 'github']);

export interface OutputOptions {
  groupBy?: 'resource' | 'owner';
  showPassed?: boolean;
  color?: boolean;
  /** `--sarif-root`: where SARIF paths are relative to; else the repository around the working directory. */
  sarifRoot?: string;
}

/** What every formatter reads besides the results, from one scan's outcome. */
export function reportContext(outcome: ScanOutcome, io: Io, options: OutputOptions): Omit<ReportContext, 'color'> {
  return {
    tool: { name: 'rampart', version: VERSION },
    summary: outcome.summary,
    rules: outcome.rules,
    rulesSkipped: outcome.rulesSkipped,
    settings: {
      pssLevel: outcome.settings.pss.level,
      pssVersion: outcome.settings.pss.version,
      failOn: outcome.failOn,
    },
    cwd: io.cwd,
    sourceRoot: options.sarifRoot ? path.resolve(io.cwd, options.sarifRoot) : repositoryRoot(io.cwd),
    groupBy: options.groupBy ?? 'resource',
    showPassed: options.showPassed === true,
    ...(outcome.compliance ? { compliance: outcome.compliance } : {}),
  };
}

/**
 * Writes each output, then what a CI log needs on stderr whatever the formats: input and
 * configuration problems (unless a format for people on stdout already lists them), a one-line summary when
 * nothing went to stdout, baseline and nothing-scanned notes.
 */
export async function writeOutputs(
  outcome: ScanOutcome,
  outputs: readonly OutputSpec[],
  io: Io,
  options: OutputOptions,
  timer: (phase: string) => void = () => {},
): Promise<void> {
  const context = reportContext(outcome, io, options);
  for (const spec of outputs) {
    const color = !spec.file && useColor(io, io.stdoutIsTTY, options.color);
    const width = spec.file ? undefined : outputWidth(io.env.COLUMNS, io.stdoutColumns);
    const format = spec.format as FormatName;
    const write = STREAMS[format] ?? FORMATS[format];
    await writeOutput(spec, write(outcome.results, { ...context, color, ...(width ? { width } : {}) }), io);
    timer(`output ${spec.format}`);
  }
  // Formats for people list problems themselves; machine formats on stdout (json, sarif, …) do not reach a log.
  const listedOnStdout = outputs.some((spec) => !spec.file && LISTS_PROBLEMS.has(spec.format));
  if (!listedOnStdout) for (const problem of problemsOf(outcome.results)) note(io, describeProblem(problem, io.cwd));
  if (outcome.baseline && outcome.baseline.known > 0)
    note(
      io,
      `${plural(outcome.baseline.known, 'finding')} already in the baseline ${outcome.baseline.file}: not reported`,
    );
  if (outputs.every((spec) => spec.file)) note(io, summaryLine(outcome, outputs));
  if (outcome.nothingScanned) note(io, `nothing was scanned: ${outcome.nothingScanned}`);
}

/** Problems people must see: inputs that could not be read, rules that failed, exceptions that no longer apply. */
export function problemsOf(results: readonly Result[]): Result[] {
  return results.filter(
    (r) =>
      !r.suppressed &&
      (r.verdict === 'error' ||
        r.ruleId === SYSTEM_RESULT_IDS.exceptionExpired ||
        r.ruleId === SYSTEM_RESULT_IDS.exceptionInvalid ||
        (r.ruleId === SYSTEM_RESULT_IDS.inputError && r.verdict === 'warn')),
  );
}

/** `file:line:column: message`, as compilers print errors, with the resource when there is one. */
export function describeProblem(result: Result, cwd: string): string {
  const what = result.resource ? `${formatRef(result.resource)}: ` : '';
  const warning = result.verdict === 'warn' ? 'warning: ' : '';
  return `${warning}${where(result.location, cwd)}${what}${result.message}`;
}

export function where(location: Location | undefined, cwd: string): string {
  return location ? `${displayFile(location.file, cwd)}:${location.line}:${location.column}: ` : '';
}

function summaryLine(outcome: ScanOutcome, outputs: readonly OutputSpec[]): string {
  const findings = outcome.results.filter((r) => r.verdict === 'fail' && !r.suppressed);
  const failing = findings.filter((r) => failsRun(r, outcome.failOn)).length;
  const files = outputs.map((spec) => `${spec.format} in ${spec.file}`).join(', ');
  const parts = [
    `${plural(outcome.summary.resources, 'resource')} scanned`,
    `${plural(findings.length, 'finding')}${outcome.failOn === 'none' ? '' : ` (${failing} at or above ${outcome.failOn})`}`,
  ];
  if (outcome.errors.length) parts.push(plural(outcome.errors.length, 'input error'));
  return `${parts.join(', ')}; ${files}`;
}

/** The directory holding `.git` above the working directory, where code scanning roots its paths; else the working directory. */
export function repositoryRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (let depth = 0; depth < 64; depth++) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.resolve(cwd);
}

function note(io: Io, text: string): void {
  io.stderr.write(`rampart: ${text}\n`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
