import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compliance } from '../core/compliance.js';
import type { Result } from '../core/result.js';
import type { ReportContext } from './context.js';
import { allResults, contextFor, OUTSIDE, RULES, SECRETS } from './samples.test.js';
import { fitWidth, formatTable, MIN_TABLE_WIDTH, TABLE_WIDTH } from './table.js';

const ESC = '\u001b[';
const strip = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

function render(overrides: Partial<ReportContext> = {}, results?: Result[]) {
  const sample = allResults();
  const list = results ?? sample.results;
  return formatTable(list, contextFor(list, results ? 1 : sample.resources, overrides));
}

/** The lines from `start` up to the next blank line. */
function block(text: string, start: string): string[] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.startsWith(start));
  assert.notEqual(from, -1, `no line starts with ${start}`);
  const to = lines.indexOf('', from);
  return lines.slice(from, to === -1 ? undefined : to);
}

describe('table output', () => {
  test('input and configuration problems come first, under their file (relative in the cwd, absolute outside)', () => {
    const text = render();
    const lines = text.split('\n');
    assert.equal(lines[0], 'Input and configuration problems');
    assert.equal(lines[1], `  ${OUTSIDE}`);
    assert.match(lines[2] ?? '', /^ {4}error {5}parse-error {2}document 2 is not valid YAML: /);
    assert.equal(lines[3], `              at ${OUTSIDE}:5:4`, 'file:line:col, as compilers print errors');
    assert.equal(lines[4], '  k8s/binary.yaml');
    assert.ok(lines.includes('              at k8s/binary.yaml:1:1'));
    assert.ok(lines.includes('  rampart.yaml'));
    assert.match(text, /medium {4}exception-expired {2}warning: exception for env-secret expired/);
  });

  test('findings are grouped by resource in input order; the header shows where the resource starts, and its helm template', () => {
    const text = render();
    const headers = text.split('\n').filter((l) => /^[A-Z]\w*\//.test(l));
    assert.deepEqual(headers, [
      'Pod/piped  <stdin>:7',
      'Deployment/shop/web  k8s/web.yaml:20',
      'Pod/shop/a  k8s/rendered.yaml:3 (shop/templates/pods.yaml)',
      'Pod/shop/b  k8s/rendered.yaml:18 (shop/templates/agent.yaml)',
      'Pod/ops/c  k8s/rendered.yaml:28 (shop/templates/agent.yaml)',
    ]);
  });

  test('within a resource: errors, then severity, then rule id; one line per finding with line:col and path', () => {
    const b = block(render(), 'Pod/shop/b');
    assert.equal(
      b[1],
      '  error     rule-error  rule throws-on-b failed on this resource: cannot read <spec> & "friends"  18:1',
    );
    assert.equal(b[2], '  critical  host-pid    hostPID is set  26:3  spec.hostPID');
  });

  test('when one finding of a resource is too long for a line, all of its findings put the position below', () => {
    assert.deepEqual(block(render(), 'Pod/shop/a').slice(1), [
      '  critical  host-pid    hostPID is set',
      '            at 9:3  spec.hostPID',
      '  medium    env-secret  a literal credential in env DB_PASSWORD (value redacted) is set',
      '            at 15:7  spec.containers[0].env[0].value',
    ]);
  });

  test('the same resource in two files (two overlays) is two groups; its unlocated results join the first', () => {
    const resource = { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'p' };
    const finding = (file: string, line: number): Result => ({
      ruleId: 'host-pid',
      verdict: 'fail',
      severity: 'high',
      message: 'hostPID is set',
      resource,
      location: { file, line, column: 3 },
      path: 'spec.hostPID',
    });
    const pass: Result = { ruleId: 'other', verdict: 'pass', severity: 'low', message: 'other title', resource };
    const text = render({ showPassed: true }, [pass, finding('dev/pod.yaml', 7), finding('prod/pod.yaml', 9)]);
    const headers = text.split('\n').filter((l) => l.startsWith('Pod/'));
    assert.deepEqual(headers, ['Pod/ns/p  dev/pod.yaml:7', 'Pod/ns/p  prod/pod.yaml:9']);
    assert.match(block(text, 'Pod/ns/p  dev/pod.yaml:7').join('\n'), /pass {6}other/);
  });

  test('suppressed findings stay listed, marked with who accepted them and why', () => {
    const b = block(render(), 'Pod/shop/b');
    assert.equal(b[3], '            suppressed: node agent, approved by security (rampart.dev/ignore annotation)');
    const c = block(render(), 'Pod/ops/c').join(' ').replace(/\s+/g, ' ');
    assert.ok(
      c.includes(
        'suppressed: legacy monitoring, being replaced (rampart.yaml exception, owner platform-team, expires 2026-12-31)',
      ),
      c,
    );
  });

  test('skips are summarized by reason, never one line each', () => {
    const text = render();
    assert.ok(text.includes('\n4 skipped: no --kubernetes-version given (needs-version)\n'));
    assert.ok(text.includes('\n1 skipped: not a Kubernetes object (no apiVersion and kind) (not-a-resource)\n'));
    assert.equal(text.split('\n').filter((l) => l.includes('no --kubernetes-version given')).length, 1);
  });

  test('passes are counted, and listed only with showPassed', () => {
    const text = render();
    assert.doesNotMatch(text, /^\s+pass\s/m);
    assert.match(text, /5 pass \(passes are counted, not listed\)/);
    const shown = render({ showPassed: true });
    assert.match(block(shown, 'Pod/shop/a').join('\n'), /\n {2}pass {6}throws-on-b {2}throws-on-b title/);
    assert.ok(block(shown, 'Secret/shop/db').length > 1, 'a resource with only passes gets its own group');
  });

  test('closes with resources, verdicts, severities, suppressed, score and rules skipped', () => {
    const lines = render().trimEnd().split('\n');
    assert.deepEqual(lines.slice(-3), [
      'Scanned 6 resources: 3 fail, 2 warn, 3 error, 5 skip, 5 pass (passes are counted, not listed)',
      'Findings by severity: 2 critical, 0 high, 2 medium, 1 low, 0 info',
      '2 suppressed, score 47.7/100, 1 rule skipped',
    ]);
  });

  test('grouped by owner: each persona sees their own work, then by resource', () => {
    const text = render({ groupBy: 'owner' });
    const titles = text.split('\n').filter((l) => /^[a-z].*: \d+ finding/.test(l));
    assert.deepEqual(titles, [
      'application developer: 2 findings, 2 suppressed',
      'security: 1 finding',
      'release / DevOps: 1 finding',
      'unassigned: 1 finding',
    ]);
    const security = block(text, 'security:');
    assert.equal(security[1], '  Pod/shop/a  k8s/rendered.yaml:3 (shop/templates/pods.yaml)');
    assert.match(security[2] ?? '', /^ {4}medium {4}env-secret/);
  });

  test('no colour codes without colour; severity colours and dimmed suppressions with it', () => {
    assert.equal(render().includes(ESC), false);
    assert.equal(render({ groupBy: 'owner', showPassed: true }).includes(ESC), false);
    const coloured = render({ color: true });
    assert.ok(coloured.includes(`${ESC}1;31mcritical${ESC}0m`));
    assert.ok(coloured.includes(`${ESC}1;35merror${ESC}0m`));
    assert.ok(
      coloured.includes(
        `${ESC}2m            suppressed: node agent, approved by security (rampart.dev/ignore annotation)${ESC}0m`,
      ),
    );
    assert.equal(strip(coloured), render(), 'colour changes nothing but the escape codes');
  });

  test('lines fit the width; long messages wrap without losing a word', () => {
    for (const line of render().split('\n')) assert.ok(line.length <= TABLE_WIDTH, line);
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`);
    const long: Result = {
      ruleId: 'host-pid',
      verdict: 'fail',
      severity: 'high',
      message: words.join(' '),
      resource: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
      location: { file: 'p.yaml', line: 3, column: 5 },
      path: 'spec.containers[12].securityContext.capabilities.add[3]',
    };
    const text = render({}, [long]);
    for (const line of text.split('\n')) assert.ok(line.length <= TABLE_WIDTH, line);
    const flat = text.replace(/\s+/g, ' ');
    assert.ok(flat.includes(words.join(' ')), 'every word, in order');
    assert.ok(flat.includes('at 3:5 spec.containers[12].securityContext.capabilities.add[3]'));
  });

  test('terminal control characters from the input are shown escaped, never emitted', () => {
    const sneaky: Result = {
      ruleId: 'host-pid',
      verdict: 'fail',
      severity: 'high',
      message: 'name is \u001b[2Jgone\nfake line',
      resource: { apiVersion: 'v1', kind: 'Pod', name: 'p\u0007' },
    };
    const text = render({}, [sneaky]);
    assert.equal(text.includes('\u001b'), false);
    assert.equal(text.includes('\u0007'), false);
    assert.ok(text.includes('name is \\u001b[2Jgone\\u000afake line'));
    assert.ok(text.includes('Pod/p\\u0007'));
  });

  test('says so plainly when there are no findings', () => {
    const pass: Result = {
      ruleId: 'host-pid',
      verdict: 'pass',
      severity: 'high',
      message: 'host-pid title',
      resource: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
    };
    const text = render({ rulesSkipped: [] }, [pass]);
    assert.ok(text.startsWith('No findings.\n'));
    assert.match(text, /Scanned 1 resource: 0 fail, 0 warn, 0 error, 0 skip, 1 pass/);
    assert.match(formatTable([], contextFor([], 0)), /^No findings: no resources were scanned\./);
  });

  test('is deterministic and never prints secret values', () => {
    const text = render({ showPassed: true });
    assert.equal(text, render({ showPassed: true }));
    for (const secret of SECRETS) assert.equal(text.includes(secret), false);
  });

  test('prints scans with hundreds of thousands of findings (no argument-spread limits)', () => {
    const resource = { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'p' };
    const many: Result[] = Array.from({ length: 200_000 }, (_, i) => ({
      ruleId: 'r',
      verdict: 'fail',
      severity: 'low',
      message: `finding ${i}`,
      resource: { ...resource, name: `p${i % 1000}` },
      location: { file: 'big.yaml', line: i + 1, column: 1 },
      path: 'spec',
    }));
    const text = formatTable(many, contextFor(many, 1000));
    assert.match(text, /finding 199999/);
  });
});

describe('table width', () => {
  const deep: Result = {
    ruleId: 'container-read-only-root-filesystem',
    verdict: 'fail',
    severity: 'medium',
    message:
      'container "report" does not set securityContext.readOnlyRootFilesystem: true, so its root filesystem is writable',
    resource: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      namespace: 'a-rather-long-namespace',
      name: 'nightly-report-generator',
    },
    location: {
      file: 'deploy/overlays/production/cronjobs/report.yaml',
      line: 17,
      column: 13,
      template: 'chart/templates/cronjob.yaml',
    },
    path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
  };

  test('fits 80 columns (and 60) with every word and the whole path kept', () => {
    for (const [width, results] of [
      [80, [...allResults().results, deep]],
      [60, [deep]],
    ] as const) {
      const text = render({ width }, [...results]);
      for (const line of text.split('\n')) assert.ok(line.length <= width, `${width}: ${line}`);
      const flat = text.replace(/\s+/g, ' ');
      assert.ok(flat.includes(deep.message), 'the message, every word in order');
      assert.ok(text.replace(/\n\s*/g, '').includes(deep.path ?? ''), 'the path, broken only before a dot');
    }
  });

  test('a resource header too long for the line puts its position below the name', () => {
    const lines = render({ width: 80 }, [deep]).split('\n');
    const at = lines.indexOf('CronJob/a-rather-long-namespace/nightly-report-generator');
    assert.notEqual(at, -1);
    assert.equal(lines[at + 1], '  deploy/overlays/production/cronjobs/report.yaml:17');
    assert.equal(lines[at + 2], '    (chart/templates/cronjob.yaml)');
  });

  test('no width keeps the 120-column layout of logs; very narrow widths are raised to 40', () => {
    assert.equal(render(), render({ width: TABLE_WIDTH }));
    assert.equal(fitWidth(undefined), TABLE_WIDTH);
    assert.equal(fitWidth(12), MIN_TABLE_WIDTH);
    assert.equal(fitWidth(100.7), 100);
    assert.notEqual(render({ width: 80 }), render(), 'the samples have lines between 80 and 120 columns');
  });

  test('colour survives wrapping: each count stays with its severity', () => {
    const coloured = render({ width: 40, color: true });
    assert.ok(coloured.includes(`${ESC}1;31m2 critical${ESC}0m`));
    assert.equal(strip(coloured), render({ width: 40 }));
  });
});

describe('table compliance', () => {
  const { results } = allResults();
  const cisRules = RULES.map((rule) => ({ ...rule.meta, frameworks: { cis: ['5.2.3'] } }));
  const pssRules = RULES.map((rule) => rule.meta);

  test('CIS says how much of the benchmark it judged, section by section, and never prints a percentage', () => {
    const cis = compliance(results, cisRules, 'cis');
    const text = render({ compliance: [cis] });
    const flat = text.replace(/\s+/g, ' ');
    assert.ok(
      flat.includes(
        "Compliance cis (CIS Kubernetes Benchmark v1.10.0): 0 of 1 judged controls pass; 1 of the benchmark's 130 controls judged, the rest are not scored",
      ),
      flat,
    );
    assert.match(
      flat,
      // No rule of these maps to section 1: its controls are unjudged for two reasons (no rule, a manual check).
      / 1 Control plane components: none of 59 controls judged 2 etcd/,
    );
    assert.match(text, /^ {2}4 Worker nodes: none of 24 controls judged: no rule of this scan checks it$/m);
    assert.match(
      flat,
      / 5 Policies: 1 of 35 controls judged, 0 pass; not judged: 5\.1\.1, 5\.1\.2, .*5\.7\.4 \(-o json says why\)/,
    );
    assert.match(
      text,
      /^ {2}FAIL 5\.2\.3 no containers sharing the host PID namespace: 3 findings \(host-pid, env-secret, /m,
    );
    assert.doesNotMatch(text.slice(text.indexOf('Compliance')), /%/);
  });

  test('a framework judged whole (PSS) shows its percentage; nothing judged shows no score at all', () => {
    const withPss = pssRules.map((m) => (m.id === 'host-pid' ? m : { ...m, frameworks: {} }));
    const pss = compliance(results, withPss, 'pss-baseline');
    assert.match(render({ compliance: [pss] }), /^Compliance pss-baseline: 0% \(0 of 1 judged controls pass\)$/m);
    const none = compliance([], cisRules, 'cis');
    assert.match(
      render({ compliance: [none] }).replace(/\s+/g, ' '),
      / Compliance cis \(CIS Kubernetes Benchmark v1\.10\.0\): no control of its 130 judged, 1 had nothing in the input to judge, so no score /,
    );
    const nsa = compliance(results, pssRules, 'nsa');
    assert.match(
      render({ compliance: [nsa] }).replace(/\s+/g, ' '),
      /Compliance nsa: 0 of 1 judged controls pass; only the controls Rampart's rules map to are judged, not the whole framework/,
    );
  });
});
