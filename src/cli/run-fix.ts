import path from 'node:path';
import { type Location, type Result, SYSTEM_RESULT_IDS } from '../core/result.js';
import type { Rule } from '../core/rule.js';
import { collectFixes, type FileFixes, type FindingFix, fixText, unifiedDiff } from '../fix/index.js';
import { RULES } from '../rules/index.js';
import { createScanner, fileSource, type ScanOutcome } from '../scan/index.js';
import { replaceFile } from './fix/atomic-write.js';
import type { FixFlags } from './fix.js';
import { EXIT, type Io, UsageError, useColor } from './io.js';
import { describeProblem } from './scan-output.js';
import { maxFileSize, settingOverrides } from './setting-flags.js';

/** What happened to one file's fixes. */
interface FileOutcome {
  file: string;
  before: string;
  after: string;
  /** Fixes that changed the text. */
  applied: FindingFix[];
  /** Why the file is shown as a patch instead of written, if it is. */
  patchOnly?: string;
}

/**
 * `rampart fix`: the scan service (config, exceptions, settings: the same verdicts as `scan`), then
 * the fixes of unsuppressed findings turned into minimal text edits of the documents their results
 * name. A dry run (the default) prints them as a unified diff; --write replaces the files
 * atomically. `rules` is a parameter so tests can bring fixable rules of their own.
 */
export async function runFix(
  paths: string[],
  flags: FixFlags,
  io: Io,
  rules: readonly Rule[] = RULES,
): Promise<number> {
  const write = flags.write === true;
  const texts = new Map<string, string>();
  const rendered = new Map<string, string>();
  const scanned = await scanForFixes(paths, flags, io, rules, { texts, rendered });
  const stdinName = flags.stdinName ?? '<stdin>';
  const note = (text: string) => io.stderr.write(`rampart: ${text}\n`);

  for (const problem of scanned.errors) note(describeProblem(problem, io.cwd));
  const broken = new Set(
    scanned.errors.flatMap((p) => (p.ruleId === SYSTEM_RESULT_IDS.parseError && p.location ? [p.location.file] : [])),
  );

  const { files, unplaced } = scanned;
  let remaining = unplaced.length;
  for (const result of unplaced)
    note(`${where(result.location)}${result.ruleId}: fix not applied: the resource has no file to edit`);

  for (const file of broken) {
    const count = files.find((entry) => entry.file === file)?.resources.reduce((n, r) => n + r.fixes.length, 0) ?? 0;
    const waiting = count > 0 ? `; ${plural(count, 'fix waits', 'fixes wait')} until it is repaired` : '';
    note(`${file}: not touched: it has parse errors${waiting}`);
    remaining += count;
  }
  const outcomes: FileOutcome[] = [];
  for (const entry of files) {
    const before = texts.get(entry.file);
    if (broken.has(entry.file)) continue;
    if (before === undefined) {
      note(`${entry.file}: not touched: its text was not kept while loading`);
      remaining += entry.resources.reduce((n, r) => n + r.fixes.length, 0);
      continue;
    }
    const outcome = fixFile(entry, before, { stdinName, rendered: rendered.get(entry.file) }, note);
    remaining += outcome.failed;
    if (outcome.result) outcomes.push(outcome.result);
  }

  const color = useColor(io, io.stdoutIsTTY, flags.color);
  let written = 0;
  let writtenFiles = 0;
  for (const outcome of outcomes) {
    const writable = write && !outcome.patchOnly;
    if (outcome.patchOnly) note(outcome.patchOnly);
    if (!writable || flags.diff)
      io.stdout.write(paint(unifiedDiff(outcome.before, outcome.after, outcome.file, outcome.file), color));
    if (writable) {
      const result = await replaceFile(outcome.file, outcome.before, outcome.after, { force: flags.force === true });
      if (result.written) {
        written += outcome.applied.length;
        writtenFiles++;
        note(`fixed ${outcome.file} (${plural(outcome.applied.length, 'fix', 'fixes')})`);
        continue;
      }
      note(`${outcome.file}: not written: ${result.reason}`);
    }
    remaining += outcome.applied.length;
    // one write per thousand lines: a write per line costs a system call each on a pipe
    for (let i = 0; i < outcome.applied.length; i += 1000)
      io.stderr.write(
        outcome.applied
          .slice(i, i + 1000)
          .map((fix) => `  ${where(fix.location)}${fix.ruleId}: ${fix.fix.description} (${fix.resource})\n`)
          .join(''),
      );
  }

  if (written > 0) note(`${plural(written, 'fix', 'fixes')} written to ${plural(writtenFiles, 'file', 'files')}`);
  const pending = outcomes.filter((o) => !write || o.patchOnly).reduce((n, o) => n + o.applied.length, 0);
  if (!write && pending > 0)
    note(`${plural(pending, 'fix', 'fixes')} can be applied; run rampart fix --write to apply them`);
  if (written === 0 && remaining === 0 && scanned.resources > 0) note('nothing to fix');
  // Input errors and emptiness are the scan's verdict; findings, for fix, are the fixes that remain.
  if (scanned.exitCode === EXIT.error || scanned.exitCode === EXIT.nothingScanned) {
    if (scanned.nothingScanned) note(`nothing was scanned: ${scanned.nothingScanned}`);
    return scanned.exitCode;
  }
  return remaining > 0 ? EXIT.findings : EXIT.clean;
}

/**
 * The scan service's verdicts and the fixes they carry. Only what `fix` needs leaves here: the
 * results and resources of a large input are garbage before the editing starts. `inputs`
 * receives each input's text, and the renderer of those that were rendered (helm, kustomize).
 */
async function scanForFixes(
  paths: string[],
  flags: FixFlags,
  io: Io,
  rules: readonly Rule[],
  inputs: { texts: Map<string, string>; rendered: Map<string, string> },
): Promise<{
  errors: ScanOutcome['errors'];
  files: FileFixes[];
  unplaced: Result[];
  resources: number;
  exitCode: ScanOutcome['exitCode'];
  nothingScanned: ScanOutcome['nothingScanned'];
}> {
  const only = selectedRules(flags.rule, rules);
  const scanner = await createScanner({
    catalogue: rules,
    configFile: { path: flags.config, cwd: io.cwd },
    overrides: settingOverrides(flags),
    ...(only ? { only: [...only] } : {}),
    // every finding's fix, not the first hundred per rule and resource a report lists
    findingsPerRule: Number.POSITIVE_INFINITY,
  });
  const outcome = await scanner.scan(
    fileSource(paths.length ? paths : [path.relative(process.cwd(), io.cwd) || '.'], {
      exclude: flags.exclude,
      maxFileSize: maxFileSize(flags.maxFileSize),
      stdin: io.stdin,
      ...(flags.stdinName ? { stdinName: flags.stdinName } : {}),
      path: io.env.PATH,
      onText: (name, text, renderer) => {
        inputs.texts.set(name, text);
        if (renderer) inputs.rendered.set(name, renderer);
      },
    }),
  );
  const { files, unplaced } = collectFixes(outcome.results);
  return {
    errors: outcome.errors,
    files,
    unplaced,
    resources: outcome.resources.length,
    exitCode: outcome.exitCode,
    nothingScanned: outcome.nothingScanned,
  };
}

/** Edits one file's text; says which fixes could not be applied and whether the file may be written. */
function fixFile(
  entry: FileFixes,
  before: string,
  input: { stdinName: string; rendered: string | undefined },
  note: (text: string) => void,
): { result?: FileOutcome; failed: number } {
  const all = entry.resources.flatMap((r) => r.fixes);
  const edited = fixText(
    before,
    entry.resources.map((r) => ({
      document: r.document,
      ...(r.item === undefined ? {} : { item: r.item }),
      fixes: r.fixes.map((f) => f.fix),
    })),
  );
  if ('error' in edited) {
    note(`${entry.file}: not changed: ${edited.error}`);
    return { failed: all.length };
  }
  const applied: FindingFix[] = [];
  let failed = 0;
  entry.resources.forEach((resource, r) => {
    resource.fixes.forEach((fix, f) => {
      const status = edited.statuses[r]?.[f];
      if (status?.status === 'applied') applied.push(fix);
      else if (status?.status === 'failed') {
        failed++;
        note(`${where(fix.location)}${fix.ruleId}: fix not applied: ${status.reason}`);
      }
    });
  });
  if (applied.length === 0) return { failed };
  const templates = [...new Set(entry.resources.flatMap((r) => (r.template ? [r.template] : [])))];
  const result: FileOutcome = { file: entry.file, before, after: edited.text, applied };
  if (templates.length > 0) {
    result.patchOnly = `${entry.file} is helm template output and is never written; its fixes are printed as a patch of the rendered output: make them in the template${templates.length === 1 ? '' : 's'} ${templates.join(', ')}`;
  } else if (input.rendered) {
    result.patchOnly = `${entry.file} was rendered with ${input.rendered} and its output is never written; its fixes are printed as a patch of the rendered output: make them in the directory's sources`;
  } else if (entry.file === input.stdinName) {
    result.patchOnly = `${input.stdinName} cannot be written; its fixes are printed as a patch`;
  }
  return { result, failed };
}

function selectedRules(ids: readonly string[], rules: readonly Rule[]): Set<string> | undefined {
  if (ids.length === 0) return undefined;
  for (const id of ids) {
    const rule = rules.find((r) => r.meta.id === id);
    if (!rule) throw new UsageError(`--rule ${id}: no such rule (see rampart rules)`);
    if (!rule.meta.fixable) throw new UsageError(`--rule ${id}: this rule has no automatic fix`);
  }
  return new Set(ids);
}

function where(location: Location | undefined): string {
  return location ? `${location.file}:${location.line}:${location.column}: ` : '';
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Diff colours on a terminal: removed lines red, added green, hunk headers cyan. */
function paint(diff: string, color: boolean): string {
  if (!color) return diff;
  const codes: Record<string, string> = { '-': '31', '+': '32', '@': '36' };
  return diff
    .split('\n')
    .map((line) => {
      const code = line.startsWith('---') || line.startsWith('+++') ? '1' : codes[line[0] ?? ''];
      return code && line !== '' ? `\u001b[${code}m${line}\u001b[0m` : line;
    })
    .join('\n');
}
