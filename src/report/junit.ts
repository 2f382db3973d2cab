import { formatRef } from '../core/resource.js';
import type { Result } from '../core/result.js';
import { atOrAbove, isSeverity, SEVERITIES, type Severity, severityRank } from '../core/severity.js';
import type { ReportContext } from './context.js';
import { displayFile, placeFile } from './files.js';
import { attributes, escapeText } from './xml.js';

/** Suite for results that belong to no resource: unreadable inputs, configuration problems. */
export const SYSTEM_SUITE = 'rampart';

type Outcome =
  | { kind: 'error'; message: string; type: Severity }
  | { kind: 'failure'; message: string; type: Severity }
  | { kind: 'skipped'; message: string }
  | { kind: 'passed' };

interface TestCase {
  name: string;
  classname: string;
  file?: string;
  results: Result[];
}

/**
 * `-o junit`: one testsuite per rule, one testcase per rule × resource, so CI dashboards show
 * which resources fail which rule. Passes are listed too: in JUnit a passing test is information.
 */
export function formatJunit(results: readonly Result[], context: ReportContext): string {
  const suites = groupSuites(results, context.cwd);
  const failOn = isSeverity(context.settings.failOn) ? context.settings.failOn : 'none';
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const body: string[] = [];
  for (const [name, cases] of suites) {
    const counts = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
    const lines: string[] = [];
    for (const testCase of cases) {
      const outcome = outcomeOf(testCase.results, failOn);
      if (outcome.kind === 'failure') counts.failures++;
      else if (outcome.kind === 'error') counts.errors++;
      else if (outcome.kind === 'skipped') counts.skipped++;
      lines.push(...renderCase(testCase, outcome, context.cwd));
    }
    for (const key of ['tests', 'failures', 'errors', 'skipped'] as const) totals[key] += counts[key];
    body.push(`  <testsuite${attributes({ name, ...counts })}>`, ...lines, '  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: context.tool.name, ...totals })}>`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

/** The system suite first (a scan that could not read its input matters most), then rules by id. */
function groupSuites(results: readonly Result[], cwd: string): [string, TestCase[]][] {
  const suites = new Map<string, Map<string, TestCase>>();
  results.forEach((result, i) => {
    const suite = result.resource ? result.ruleId : SYSTEM_SUITE;
    let cases = suites.get(suite);
    if (!cases) {
      cases = new Map();
      suites.set(suite, cases);
    }
    const { resource } = result;
    // Each resource-less result is its own case; a resource's results for one rule fold into one.
    const key = resource
      ? [resource.apiVersion, resource.kind, resource.namespace ?? '', resource.name].join('\0')
      : `#${i}`;
    let testCase = cases.get(key);
    if (!testCase) {
      testCase = { name: caseName(result, cwd), classname: resource ? result.ruleId : SYSTEM_SUITE, results: [] };
      cases.set(key, testCase);
    }
    // `<stdin>` is no file; CI systems that link `file` would link nowhere.
    if (testCase.file === undefined && result.location && placeFile(result.location.file, cwd).kind !== 'stdin') {
      testCase.file = displayFile(result.location.file, cwd);
    }
    testCase.results.push(result);
  });
  const names = [...suites.keys()].sort((a, b) => {
    if (a === SYSTEM_SUITE || b === SYSTEM_SUITE) return a === SYSTEM_SUITE ? (b === SYSTEM_SUITE ? 0 : -1) : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return names.map((name) => [name, [...(suites.get(name)?.values() ?? [])]]);
}

function caseName(result: Result, cwd: string): string {
  if (result.resource) return formatRef(result.resource);
  const where = result.location ? ` ${displayFile(result.location.file, cwd)}:${result.location.line}` : '';
  return `${result.ruleId}${where}`;
}

/**
 * Worst first: could not judge, then failed, then accepted or not applicable; warnings pass. A
 * finding fails its test case only at or above --fail-on, as it fails the run: a CI dashboard
 * must not turn red for what the exit code lets through (those findings pass, noted in the output).
 */
function outcomeOf(results: readonly Result[], failOn: Severity | 'none'): Outcome {
  const live = results.filter((r) => !r.suppressed);
  const errors = live.filter((r) => r.verdict === 'error');
  if (errors.length) return { kind: 'error', message: summaryMessage(errors), type: worst(errors) };
  const failures = live.filter((r) => r.verdict === 'fail' && atOrAbove(r.severity, failOn));
  if (failures.length) return { kind: 'failure', message: summaryMessage(failures), type: worst(failures) };
  // Accepted risk reads as skipped: not a pass (the finding is real), not a failure (someone owns it).
  const suppression = results.find((r) => r.suppressed)?.suppressed;
  if (suppression) return { kind: 'skipped', message: `suppressed: ${suppression.reason}` };
  const skip = results.find((r) => r.verdict === 'skip');
  if (skip && results.every((r) => r.verdict === 'skip'))
    return { kind: 'skipped', message: skip.skipReason ?? skip.message };
  return { kind: 'passed' };
}

function summaryMessage(results: readonly Result[]): string {
  const first = results[0]?.message ?? '';
  return results.length === 1 ? first : `${results.length} findings: ${first} (and ${results.length - 1} more)`;
}

function worst(results: readonly Result[]): Severity {
  let rank = -1;
  let severity: Severity = SEVERITIES[SEVERITIES.length - 1] as Severity;
  for (const result of results) {
    if (severityRank(result.severity) > rank) {
      rank = severityRank(result.severity);
      severity = result.severity;
    }
  }
  return severity;
}

function renderCase(testCase: TestCase, outcome: Outcome, cwd: string): string[] {
  const open = `    <testcase${attributes({ name: testCase.name, classname: testCase.classname, file: testCase.file })}`;
  const notes = testCase.results.filter((r) => r.verdict !== 'pass' && r.verdict !== 'skip');
  if (outcome.kind === 'passed') {
    if (notes.length === 0) return [`${open}/>`];
    return [`${open}>`, `      <system-out>${escapeText(details(notes, cwd))}</system-out>`, '    </testcase>'];
  }
  if (outcome.kind === 'skipped') {
    const text = notes.length ? escapeText(details(notes, cwd)) : '';
    const child = text
      ? `<skipped${attributes({ message: outcome.message })}>${text}</skipped>`
      : `<skipped${attributes({ message: outcome.message })}/>`;
    return [`${open}>`, `      ${child}`, '    </testcase>'];
  }
  const tag = outcome.kind;
  return [
    `${open}>`,
    `      <${tag}${attributes({ message: outcome.message, type: outcome.type })}>${escapeText(details(notes, cwd))}</${tag}>`,
    '    </testcase>',
  ];
}

/** Every finding of the case on its own line, located, then the remediation once. */
function details(results: readonly Result[], cwd: string): string {
  const lines = results.map((result) => {
    const { location, suppressed } = result;
    const head = [
      `[${result.severity}${result.verdict === 'fail' ? '' : ` ${result.verdict}`}]`,
      location && `${displayFile(location.file, cwd)}:${location.line}:${location.column}`,
      location?.template && `(helm template ${location.template})`,
      result.path,
    ].filter(Boolean);
    const note = suppressed ? ` [suppressed by ${suppressed.by}: ${suppressed.reason}]` : '';
    return `${head.join(' ')}: ${result.message}${note}`;
  });
  const remediation = results.find((r) => r.remediation)?.remediation;
  if (remediation) lines.push(`Remediation: ${remediation}`);
  return lines.join('\n');
}
