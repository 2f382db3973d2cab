/**
 * Pod Security Standards conformance: every pod of the upstream corpus, at its level and version,
 * bare and wrapped in a Deployment and a CronJob, through the library and through the scan path
 * (loader + the scan service every command uses + the rules). A pass/ pod must be allowed; a fail/ pod must be denied by the check
 * its file names (or, where restricted replaces that check, by the check that replaces it).
 *
 *   npm run conformance                       # corpus at ../shared/conformance/pss
 *   RAMPART_PSS_CORPUS=/path/to/testdata npm run conformance
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { podTemplate } from '../../src/core/pod-spec.js';
import type { KubeObject, Resource } from '../../src/core/resource.js';
import { loadText } from '../../src/load/index.js';
import {
  checksFor,
  evaluatePod,
  LATEST_MINOR,
  PSS_CHECKS,
  type PssLevel,
  parsePssVersion,
} from '../../src/pss/index.js';
import { RULES } from '../../src/rules/index.js';
import { createScanner, resourceSource, type Scanner } from '../../src/scan/index.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const CORPUS = process.env.RAMPART_PSS_CORPUS ?? path.resolve(REPO, '../shared/conformance/pss');
const LEVELS: readonly PssLevel[] = ['baseline', 'restricted'];
const WRAPPERS = ['pod', 'deployment', 'cronjob'] as const;
type Wrapper = (typeof WRAPPERS)[number];

const PSS_RULES = RULES.filter((rule) => rule.meta.frameworks.pss);
const CHECK_OF_RULE = new Map(PSS_RULES.map((rule) => [rule.meta.id, rule.meta.frameworks.pss?.check as string]));
const CHECK_BY_FILE_ID = new Map(PSS_CHECKS.map((check) => [check.id.toLowerCase(), check.id]));

interface Tally {
  cases: number;
  passed: number;
}

const tallies = new Map<string, Tally>();
const mismatches: string[] = [];

async function main(): Promise<number> {
  const started = performance.now();
  const corpusProblem = checkCorpus();
  if (corpusProblem) {
    process.stderr.write(`${corpusProblem}\n`);
    return 2;
  }
  if (PSS_RULES.length !== PSS_CHECKS.length) {
    process.stderr.write(`expected ${PSS_CHECKS.length} PSS rules in src/rules/index.ts, found ${PSS_RULES.length}\n`);
    return 1;
  }
  let files = 0;
  for (const level of LEVELS) {
    for (const versionDir of versionDirs(level)) {
      const minor = Number(versionDir.slice('v1.'.length));
      // The newest version is also reached as `latest` and through clamping a newer one.
      const versions = minor === LATEST_MINOR ? [versionDir, 'latest', 'v1.99'] : [versionDir];
      for (const expected of ['pass', 'fail'] as const) {
        const dir = path.join(CORPUS, level, versionDir, expected);
        if (!existsSync(dir)) continue;
        for (const file of readdirSync(dir)
          .filter((name) => name.endsWith('.yaml'))
          .sort()) {
          files++;
          await runFile(
            { level, versionDir, expected, file, text: readFileSync(path.join(dir, file), 'utf8') },
            versions,
          );
        }
      }
    }
  }
  printSummary(files, performance.now() - started);
  return mismatches.length === 0 ? 0 : 1;
}

interface CorpusFile {
  level: PssLevel;
  versionDir: string;
  expected: 'pass' | 'fail';
  file: string;
  text: string;
}

async function runFile(corpusFile: CorpusFile, versions: readonly string[]): Promise<void> {
  const pod = loadText({ text: corpusFile.text }, corpusFile.file).resources[0]?.object;
  for (const wrapper of WRAPPERS) {
    const scanned = scanResources(corpusFile, wrapper);
    for (const version of versions) {
      const name = `${corpusFile.level}/${corpusFile.versionDir}/${corpusFile.expected}/${corpusFile.file} as ${wrapper} at ${version}`;
      const minor = parsePssVersion(version) as number;
      const library = pod
        ? libraryVerdict(pod, wrapper, corpusFile.level, minor)
        : { error: 'not a Kubernetes object' };
      judge(corpusFile, minor, `library: ${name}`, library);
      const scan = 'error' in scanned ? scanned : await scanVerdict(scanned.resources, corpusFile.level, version);
      judge(corpusFile, minor, `scan:    ${name}`, scan);
    }
  }
}

type Verdict = { checks: string[] } | { error: string };

function libraryVerdict(pod: KubeObject, wrapper: Wrapper, level: PssLevel, minor: number): Verdict {
  const object = wrapObject(pod, wrapper);
  const template = podTemplate(object);
  if (!template) return { error: 'podTemplate() found no pod' };
  const { allowed, violations } = evaluatePod(template, level, minor);
  if (allowed !== (violations.length === 0)) return { error: 'allowed disagrees with the violations' };
  for (const violation of violations) {
    for (const finding of violation.findings) {
      const root = finding.path[0] === template.metadataPath[0] && startsWith(finding.path, template.metadataPath);
      if (!root && !startsWith(finding.path, template.specPath)) {
        return { error: `${violation.check} finding path ${finding.path.join('.')} is outside the pod template` };
      }
    }
  }
  return { checks: violations.map((violation) => violation.check) };
}

function scanResources(corpusFile: CorpusFile, wrapper: Wrapper): { resources: Resource[] } | { error: string } {
  const loaded = loadText({ text: wrapText(corpusFile.text, wrapper) }, corpusFile.file);
  const problem = loaded.problems.find((p) => p.verdict === 'error');
  if (problem) return { error: `load: ${problem.message}` };
  if (loaded.resources.length !== 1) return { error: `load: ${loaded.resources.length} resources` };
  return { resources: loaded.resources };
}

const scanners = new Map<string, Promise<Scanner>>();

/** The scan `rampart pss` runs: the scan service limited to the PSS rules, at a level and version. */
async function scanVerdict(resources: Resource[], level: PssLevel, version: string): Promise<Verdict> {
  const key = `${level} ${version}`;
  let scanner = scanners.get(key);
  if (!scanner) {
    scanner = createScanner({ only: PSS_RULES.map((rule) => rule.meta.id), overrides: { pss: { level, version } } });
    scanners.set(key, scanner);
  }
  const { results } = await (await scanner).scan(resourceSource(resources));
  const broken = results.find((result) => result.verdict === 'error');
  if (broken) return { error: broken.message };
  const checks = new Set<string>();
  for (const result of results) {
    if (result.verdict === 'fail') checks.add(CHECK_OF_RULE.get(result.ruleId) ?? result.ruleId);
  }
  return { checks: [...checks] };
}

function judge(corpusFile: CorpusFile, minor: number, name: string, verdict: Verdict): void {
  const key = `${corpusFile.level} ${name.startsWith('library') ? 'library' : 'scan'}`;
  const tally = tallies.get(key) ?? { cases: 0, passed: 0 };
  tallies.set(key, tally);
  tally.cases++;
  const problem = 'error' in verdict ? verdict.error : expectationProblem(corpusFile, minor, verdict.checks);
  if (problem) mismatches.push(`${name}: ${problem}`);
  else tally.passed++;
}

function expectationProblem(corpusFile: CorpusFile, minor: number, checks: readonly string[]): string | undefined {
  if (corpusFile.expected === 'pass')
    return checks.length === 0 ? undefined : `expected allowed, denied by ${checks.join(', ')}`;
  const fileCheck = CHECK_BY_FILE_ID.get(corpusFile.file.replace(/\d*\.yaml$/, ''));
  if (!fileCheck) return `the file names no known check`;
  const accepted = acceptedChecks(fileCheck, corpusFile.level, minor);
  if (accepted.length === 0) return `${fileCheck} is not in effect at ${corpusFile.level} v1.${minor}`;
  if (checks.length === 0) return `expected denied by ${accepted.join(' or ')}, but allowed`;
  return checks.some((check) => accepted.includes(check))
    ? undefined
    : `expected denied by ${accepted.join(' or ')}, denied by ${checks.join(', ')}`;
}

/** The file's check, or at restricted levels where it is overridden, the checks that replace it. */
function acceptedChecks(fileCheck: string, level: PssLevel, minor: number): string[] {
  const inEffect = checksFor(level, minor);
  if (inEffect.some((check) => check.id === fileCheck)) return [fileCheck];
  return inEffect.filter((check) => check.overrides.includes(fileCheck)).map((check) => check.id);
}

function wrapObject(pod: KubeObject, wrapper: Wrapper): KubeObject {
  const template = { metadata: pod.metadata, spec: pod.spec };
  const metadata = { name: pod.metadata?.name ?? 'conformance' };
  if (wrapper === 'pod') return pod;
  if (wrapper === 'deployment') {
    return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { selector: SELECTOR, template } };
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata,
    spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } } },
  };
}

const SELECTOR = { matchLabels: { app: 'conformance' } };

/** Re-indents the pod's own YAML under the workload, so the scan path parses the corpus text itself. */
function wrapText(text: string, wrapper: Wrapper): string {
  if (wrapper === 'pod') return text;
  const podLines = text.split('\n').filter((line) => !/^(apiVersion|kind):/.test(line));
  const indent = (spaces: number) =>
    podLines.map((line) => (line === '' ? line : `${' '.repeat(spaces)}${line}`)).join('\n');
  if (wrapper === 'deployment') {
    return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: conformance\nspec:\n  selector:\n    matchLabels:\n      app: conformance\n  template:\n${indent(4)}\n`;
  }
  return `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: conformance\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n${indent(8)}\n`;
}

function startsWith(path: readonly unknown[], prefix: readonly unknown[]): boolean {
  return prefix.every((segment, i) => path[i] === segment);
}

function versionDirs(level: PssLevel): string[] {
  const dir = path.join(CORPUS, level);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^v1\.\d+$/.test(name))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
}

function checkCorpus(): string | undefined {
  const howTo =
    'Get it from github.com/kubernetes/pod-security-admission, folder test/testdata/ (see SOURCE.md beside the corpus),\n' +
    'and point RAMPART_PSS_CORPUS at the folder holding baseline/ and restricted/.';
  if (!existsSync(CORPUS) || !statSync(CORPUS).isDirectory()) {
    return `PSS conformance corpus not found at ${CORPUS}.\n${howTo}`;
  }
  const anyFile = LEVELS.some((level) =>
    versionDirs(level).some((v) =>
      ['pass', 'fail'].some((kind) => {
        const dir = path.join(CORPUS, level, v, kind);
        return existsSync(dir) && readdirSync(dir).some((name) => name.endsWith('.yaml'));
      }),
    ),
  );
  return anyFile
    ? undefined
    : `PSS conformance corpus at ${CORPUS} holds no <level>/v1.N/{pass,fail}/*.yaml files.\n${howTo}`;
}

function printSummary(files: number, elapsed: number): void {
  const rows = [...tallies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const total = rows.reduce((sum, [, t]) => ({ cases: sum.cases + t.cases, passed: sum.passed + t.passed }), {
    cases: 0,
    passed: 0,
  });
  const line = (label: string, t: Tally) =>
    `${label.padEnd(22)}${String(t.cases).padStart(8)}${String(t.passed).padStart(8)}${`${((100 * t.passed) / Math.max(t.cases, 1)).toFixed(2)}%`.padStart(9)}\n`;
  let out = `PSS conformance: ${files} corpus files from ${CORPUS}\n\n`;
  out += `${'level / path'.padEnd(22)}${'cases'.padStart(8)}${'passed'.padStart(8)}${'rate'.padStart(9)}\n`;
  for (const [label, tally] of rows) out += line(label, tally);
  out += line('total', total);
  out += `\n${mismatches.length} mismatch${mismatches.length === 1 ? '' : 'es'} in ${(elapsed / 1000).toFixed(1)} s\n`;
  process.stdout.write(out);
  const shown = mismatches.slice(0, 200);
  for (const mismatch of shown) process.stdout.write(`  ${mismatch}\n`);
  if (mismatches.length > shown.length) process.stdout.write(`  … and ${mismatches.length - shown.length} more\n`);
}

process.exitCode = await main();
