import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { runSuite, type SuiteResult } from '../policy/suite/index.js';
import { EXIT, type Io, UsageError, useColor } from './io.js';
import type { PolicyTestFlags } from './policy.js';

export const SUITE_FILE = 'suite.yaml';

interface SuiteReport {
  file: string;
  result?: SuiteResult;
  errors?: string[];
}

/** `rampart policy test`: 0 when every case passes, 1 when one fails, 2 for a suite that cannot run, 3 for no suite. */
export async function testPolicies(paths: string[], flags: PolicyTestFlags, io: Io): Promise<number> {
  if (flags.output !== 'text' && flags.output !== 'json')
    throw new UsageError(`policy test: unknown output format "${flags.output}"; use text or json`);
  const files: string[] = [];
  for (const input of paths) files.push(...(await suiteFiles(input)));
  if (files.length === 0) {
    io.stderr.write(`rampart: nothing was tested: no ${SUITE_FILE} under ${paths.join(', ')}\n`);
    return EXIT.nothingScanned;
  }
  const reports: SuiteReport[] = [];
  for (const file of files) {
    const run = await runSuite(file);
    reports.push('errors' in run ? { file, errors: run.errors } : { file, result: run.result });
  }
  const cases = reports.flatMap((r) => r.result?.cases ?? []);
  const failed = cases.filter((c) => !c.passed).length;
  const broken = reports.filter((r) => r.errors).length;
  if (flags.output === 'json')
    io.stdout.write(`${JSON.stringify(jsonReport(reports, cases.length, failed, broken), null, 2)}\n`);
  else io.stdout.write(textReport(reports, useColor(io, io.stdoutIsTTY, flags.color), cases.length, failed, broken));
  for (const report of reports) for (const error of report.errors ?? []) io.stderr.write(`rampart: ${error}\n`);
  if (broken > 0) return EXIT.error;
  return failed > 0 ? EXIT.findings : EXIT.clean;
}

/** The suite files a path names: itself, or every suite.yaml below a directory, sorted. */
async function suiteFiles(input: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(input);
  } catch {
    throw new UsageError(`policy test: ${input} does not exist`);
  }
  if (!info.isDirectory()) return [input];
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw new UsageError(`policy test: cannot read ${dir}: ${(error as Error).message}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) await walk(full);
      else if (entry.isFile() && entry.name === SUITE_FILE) found.push(full);
    }
  };
  await walk(input);
  return found;
}

function textReport(
  reports: readonly SuiteReport[],
  color: boolean,
  total: number,
  failed: number,
  broken: number,
): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  let out = '';
  for (const report of reports) {
    if (report.errors) {
      out += `${paint('31', 'ERROR')} ${report.file}: the suite cannot run (${report.errors.length} problem${report.errors.length === 1 ? '' : 's'}, listed on stderr)\n`;
      continue;
    }
    const result = report.result as SuiteResult;
    const bad = result.cases.filter((c) => !c.passed).length;
    const title = result.suite.name === report.file ? report.file : `${report.file} — ${result.suite.name}`;
    out += `${bad ? paint('31', 'FAIL ') : paint('32', 'PASS ')} ${title}\n`;
    for (const testCase of result.cases) {
      out += `  ${testCase.passed ? paint('32', '✓') : paint('31', '✗')} ${testCase.name}${testCase.passed ? '' : `  (${report.file}:${testCase.line})`}\n`;
      for (const mismatch of testCase.mismatches) out += `${indent(mismatch, '      ')}\n`;
    }
    for (const note of result.notes) out += `  note: ${note}\n`;
  }
  out += `\n${reports.length} suite${reports.length === 1 ? '' : 's'}, ${total} case${total === 1 ? '' : 's'}: ${total - failed} passed, ${failed} failed`;
  out += broken ? `; ${broken} suite${broken === 1 ? '' : 's'} could not run\n` : '\n';
  return out;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

function jsonReport(reports: readonly SuiteReport[], total: number, failed: number, broken: number) {
  return {
    schemaVersion: 1,
    summary: { suites: reports.length, cases: total, passed: total - failed, failed, errors: broken },
    suites: reports.map((report) =>
      report.errors
        ? { file: report.file, errors: report.errors }
        : {
            file: report.file,
            name: report.result?.suite.name,
            notes: report.result?.notes ?? [],
            cases: (report.result?.cases ?? []).map((c) => ({
              name: c.name,
              line: c.line,
              passed: c.passed,
              mismatches: c.mismatches,
              allowed: c.outcome.allowed,
              ...(c.outcome.status
                ? {
                    denied: {
                      message: c.outcome.status.message,
                      reason: c.outcome.status.reason,
                      code: c.outcome.status.code,
                    },
                  }
                : {}),
              warnings: c.outcome.warnings,
              mutated: c.outcome.mutated,
            })),
          },
    ),
  };
}
