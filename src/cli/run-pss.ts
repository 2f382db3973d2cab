import { podTemplate } from '../core/pod-spec.js';
import { formatRef, type ResourceRef, resourceRef } from '../core/resource.js';
import { loadInputs } from '../load/index.js';
import { evaluatePod, type PssLevel, parsePssVersion, strictestLevel } from '../pss/index.js';
import { EXIT, type Io, UsageError, useColor } from './io.js';
import type { PssFlags } from './pss.js';

/** One workload's verdict; the JSON form is a contract other tools read, so it only grows. */
interface PssResult {
  resource: ResourceRef;
  location?: { file: string; line: number };
  allowed: boolean;
  violations: { check: string; message: string }[];
  strictestLevel: 'restricted' | 'baseline' | 'privileged';
}

export async function runPss(paths: string[], flags: PssFlags, io: Io): Promise<number> {
  if (flags.level !== 'baseline' && flags.level !== 'restricted')
    throw new UsageError('--level must be baseline or restricted');
  const minor = parsePssVersion(flags.version);
  if (minor === undefined) throw new UsageError(`--version "${flags.version}" is not latest or v1.N`);
  if (flags.output !== 'table' && flags.output !== 'json')
    throw new UsageError(`pss: unknown output format "${flags.output}"; use table or json`);
  const level = flags.level as PssLevel;
  const loaded = await loadInputs(paths, { exclude: flags.exclude, stdin: io.stdin });
  for (const problem of loaded.problems) {
    if (problem.verdict !== 'error') continue;
    const where = problem.location
      ? `${problem.location.file}:${problem.location.line}:${problem.location.column}: `
      : '';
    io.stderr.write(`rampart: ${where}${problem.message}\n`);
  }
  const results: PssResult[] = [];
  for (const resource of loaded.resources) {
    const pod = podTemplate(resource.object);
    if (!pod) continue;
    const verdict = evaluatePod(pod, level, minor);
    const { origin } = resource;
    results.push({
      resource: resourceRef(resource.object),
      ...(origin.kind === 'file' ? { location: { file: origin.file, line: origin.locate([]).line } } : {}),
      allowed: verdict.allowed,
      violations: verdict.violations.map((v) => ({
        check: v.check,
        message: v.detail ? `${v.reason} (${v.detail})` : v.reason,
      })),
      strictestLevel: strictestLevel(pod, minor),
    });
  }
  const version = `v1.${minor}`;
  if (flags.output === 'json') {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, level, version, results }, null, 2)}\n`);
  } else {
    io.stdout.write(table(results, level, version, useColor(io, io.stdoutIsTTY, flags.color)));
  }
  if (loaded.problems.some((p) => p.verdict === 'error')) return EXIT.error;
  if (results.length === 0) {
    io.stderr.write('rampart: nothing was scanned: the inputs hold no Pods or workloads\n');
    return EXIT.nothingScanned;
  }
  return results.every((r) => r.allowed) ? EXIT.clean : EXIT.findings;
}

function table(results: readonly PssResult[], level: string, version: string, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  let out = '';
  for (const result of results) {
    const verdict = result.allowed ? paint('32', 'ALLOWED') : paint('31', 'DENIED ');
    const where = result.location ? `  ${result.location.file}:${result.location.line}` : '';
    out += `${verdict}  ${formatRef(result.resource)}${where}  (meets ${result.strictestLevel})\n`;
    for (const violation of result.violations) out += `         ${violation.check}: ${violation.message}\n`;
  }
  const denied = results.filter((r) => !r.allowed).length;
  out += `\n${results.length} workload${results.length === 1 ? '' : 's'} at ${level}:${version}: ${results.length - denied} allowed, ${denied} denied\n`;
  return out;
}
