import { podTemplate } from '../core/pod-spec.js';
import { formatRef, type Resource, type ResourceRef, resourceRef } from '../core/resource.js';
import type { Result, Suppression } from '../core/result.js';
import { PSS_CHECKS, type PssLevel, parsePssVersion } from '../pss/index.js';
import { RULES } from '../rules/index.js';
import { createScanner, fileSource, resourceSource, type ScanOutcome } from '../scan/index.js';
import { clusterInput, requireInput } from './cluster-input.js';
import { type Io, UsageError, useColor } from './io.js';
import type { PssFlags } from './pss.js';
import { describeProblem, problemsOf } from './scan-output.js';
import { namespaceFlag } from './setting-flags.js';

/** One workload's verdict; the JSON form is a contract other tools read, so it only grows. */
interface PssResult {
  resource: ResourceRef;
  location?: { file: string; line: number };
  allowed: boolean;
  violations: { check: string; message: string; suppressed?: Suppression }[];
  strictestLevel: 'restricted' | 'baseline' | 'privileged';
}

/** The rules that are the Pod Security Standards checks. */
const PSS_RULE_IDS = RULES.filter((rule) => rule.meta.frameworks.pss).map((rule) => rule.meta.id);
const CHECK_ORDER = new Map(PSS_CHECKS.map((check, i) => [check.id, i]));

/**
 * `rampart pss`: the scan limited to the Pod Security Standards rules, at the level and version
 * asked (else rampart.yaml's, else restricted and latest), grouped per workload as Pod Security
 * Admission answers. The workload's strictest level comes from a second scan at the other level.
 * `allowed` is the API server's answer; a violation an exception accepts is listed as suppressed
 * and, as in `scan`, does not fail the run.
 */
export async function runPss(paths: string[], flags: PssFlags, io: Io): Promise<number> {
  if (flags.level !== undefined && flags.level !== 'baseline' && flags.level !== 'restricted')
    throw new UsageError('--level must be baseline or restricted');
  if (flags.version !== undefined && parsePssVersion(flags.version) === undefined)
    throw new UsageError(`--version "${flags.version}" is not latest or v1.N`);
  const output = flags.output ?? 'table';
  if (output !== 'table' && output !== 'json')
    throw new UsageError(`pss: unknown output format "${output}"; use table or json`);
  const fromCluster = requireInput(paths, flags, await clusterInput(paths, flags, io));
  const namespace = flags.namespace === undefined ? {} : { namespace: namespaceFlag(flags.namespace) };
  const scannerAt = (level: PssLevel | undefined, version: string | undefined) =>
    createScanner({
      configFile: { path: flags.config, cwd: io.cwd },
      overrides: {
        pss: { ...(level ? { level } : {}), ...(version ? { version } : {}) },
        failOn: 'info',
        ...namespace,
      },
      only: PSS_RULE_IDS,
      nothingReason: 'the inputs hold no Pods or workloads',
    });
  const scanner = await scannerAt(flags.level as PssLevel | undefined, flags.version);
  const { level, version } = scanner.settings.pss;
  const outcome = await scanner.scan(
    fromCluster
      ? resourceSource(fromCluster.resources, fromCluster.problems)
      : fileSource(paths, { exclude: flags.exclude, stdin: io.stdin, path: io.env.PATH }),
  );
  const other = await scannerAt(level === 'restricted' ? 'baseline' : 'restricted', version);
  const twin = await other.scan(resourceSource(outcome.resources));
  const atLevel = { [level]: failing(outcome), [other.settings.pss.level]: failing(twin) } as Record<
    PssLevel,
    Map<Resource, Result[]>
  >;

  const results: PssResult[] = [];
  for (const resource of outcome.resources) {
    if (!podTemplate(resource.object)) continue;
    const found = atLevel[level].get(resource) ?? [];
    const { origin } = resource;
    results.push({
      resource: resourceRef(resource.object),
      ...(origin.kind === 'file' ? { location: { file: origin.file, line: origin.locate([]).line } } : {}),
      allowed: found.length === 0,
      violations: violations(found),
      strictestLevel: !atLevel.restricted.has(resource)
        ? 'restricted'
        : !atLevel.baseline.has(resource)
          ? 'baseline'
          : 'privileged',
    });
  }
  const shown = `v1.${parsePssVersion(version)}`;
  if (output === 'json') {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, level, version: shown, results }, null, 2)}\n`);
  } else {
    io.stdout.write(table(results, level, shown, useColor(io, io.stdoutIsTTY, flags.color)));
  }
  for (const problem of problemsOf(outcome.results)) io.stderr.write(`rampart: ${describeProblem(problem, io.cwd)}\n`);
  if (outcome.nothingScanned) io.stderr.write(`rampart: nothing was scanned: ${outcome.nothingScanned}\n`);
  return outcome.exitCode;
}

/** The PSS findings of each resource, suppressed ones included: an exception does not change what admission answers. */
function failing(outcome: ScanOutcome): Map<Resource, Result[]> {
  const out = new Map<Resource, Result[]>();
  for (const result of outcome.results) {
    if (result.verdict !== 'fail' || !result.subject || !result.frameworks?.pss) continue;
    const list = out.get(result.subject);
    if (list) list.push(result);
    else out.set(result.subject, [result]);
  }
  return out;
}

/** One violation per check, in upstream's order (baseline checks, then restricted), its findings' messages joined. */
function violations(found: readonly Result[]): PssResult['violations'] {
  const byCheck = new Map<string, Result[]>();
  for (const result of found) {
    const check = result.frameworks?.pss?.check as string;
    byCheck.set(check, [...(byCheck.get(check) ?? []), result]);
  }
  return [...byCheck]
    .sort(([a], [b]) => (CHECK_ORDER.get(a) ?? 0) - (CHECK_ORDER.get(b) ?? 0))
    .map(([check, list]) => {
      const suppressed = list.every((r) => r.suppressed) ? list[0]?.suppressed : undefined;
      const message = [...new Set(list.map((r) => r.message))].join('; ');
      return { check, message, ...(suppressed ? { suppressed } : {}) };
    });
}

function table(results: readonly PssResult[], level: string, version: string, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  let out = '';
  for (const result of results) {
    const verdict = result.allowed ? paint('32', 'ALLOWED') : paint('31', 'DENIED ');
    const where = result.location ? `  ${result.location.file}:${result.location.line}` : '';
    out += `${verdict}  ${formatRef(result.resource)}${where}  (meets ${result.strictestLevel})\n`;
    for (const violation of result.violations) {
      const accepted = violation.suppressed ? `  [accepted: ${violation.suppressed.reason}]` : '';
      out += `         ${violation.check}: ${violation.message}${accepted}\n`;
    }
  }
  const denied = results.filter((r) => !r.allowed).length;
  out += `\n${results.length} workload${results.length === 1 ? '' : 's'} at ${level}:${version}: ${results.length - denied} allowed, ${denied} denied\n`;
  return out;
}
