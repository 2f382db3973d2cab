import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from './support/run-cli.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const INSECURE = path.join(ROOT, 'examples/insecure');
const HARDENED = path.join(ROOT, 'examples/hardened');

function scratch(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const NO_STACK = /^\s+at .*\.(?:js|ts|mjs):\d+:\d+\)?$/m;

describe('rampart scan', () => {
  test('the insecure example fails with located PSS findings; exit 1', async () => {
    const run = await runCli(['scan', INSECURE, '-o', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.schemaVersion, 1);
    const privileged = doc.results.find((r: { ruleId: string }) => r.ruleId === 'pss-privileged');
    assert.deepEqual(privileged.resource, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop-insecure',
      name: 'web',
    });
    assert.equal(privileged.path, 'spec.template.spec.containers[1].securityContext.privileged');
    assert.deepEqual(privileged.location, { file: path.join(INSECURE, 'web.yaml'), line: 28, column: 11 });
    const hostPath = doc.results.find((r: { ruleId: string }) => r.ruleId === 'pss-restricted-volumes');
    assert.equal(hostPath.severity, 'high', 'a hostPath volume keeps the severity of the baseline check it overrides');
    const cron = doc.results.find(
      (r: { ruleId: string; resource: { kind: string } }) =>
        r.ruleId === 'pss-host-namespaces' && r.resource.kind === 'CronJob',
    );
    assert.equal(cron.path, 'spec.jobTemplate.spec.template.spec.hostPID');
  });

  test('the hardened example is clean; exit 0', async () => {
    const run = await runCli(['scan', HARDENED]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  test('--fail-on decides which severities fail the scan', async () => {
    const dir = scratch({
      'pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n  - name: c\n    image: x\n    securityContext: {capabilities: {drop: [ALL]}}\n',
    });
    const json = JSON.parse((await runCli(['scan', dir, '-o', 'json'])).stdout);
    const severities = new Set(
      json.results
        .filter((r: { verdict: string }) => r.verdict === 'fail')
        .map((r: { severity: string }) => r.severity),
    );
    assert.ok(!severities.has('critical'), 'only lesser findings in this pod');
    assert.equal((await runCli(['scan', dir, '--fail-on', 'critical'])).code, 0);
    assert.equal((await runCli(['scan', dir, '--fail-on', 'info'])).code, 1);
    assert.equal((await runCli(['scan', dir, '--fail-on', 'none'])).code, 0);
  });

  test('malformed input: exit 2, the error names file and line, the rest is scanned, no stack trace', async () => {
    const dir = scratch({
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: indent\n',
      'ok.yaml': readFileSync(path.join(HARDENED, 'web.yaml'), 'utf8'),
    });
    const run = await runCli(['scan', dir]);
    assert.equal(run.code, 2);
    assert.match(run.stdout, /broken\.yaml:5/);
    assert.match(run.stdout, /Scanned 5 resources/, 'the readable file was still scanned');
    assert.doesNotMatch(run.stdout + run.stderr, NO_STACK);
  });

  test('nothing to scan: exit 3 with a message on stderr', async () => {
    const run = await runCli(['scan', scratch({ 'empty.yaml': '' })]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /nothing was scanned/);
    const stdin = await runCli(['scan', '-'], { stdin: '' });
    assert.equal(stdin.code, 3);
  });

  test('a Helm chart without helm on PATH: exit 2, and the error says how to render it', async () => {
    const chart = scratch({ 'Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n' });
    mkdirSync(path.join(chart, 'templates'));
    writeFileSync(path.join(chart, 'templates', 'pod.yaml'), 'kind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n');
    const run = await runCli(['scan', chart, '-o', 'json'], { env: { PATH: '' } });
    assert.equal(run.code, 2);
    assert.match(
      JSON.parse(run.stdout).results[0].message,
      /is a Helm chart, and helm is not on PATH to render it: run helm template .* \| rampart scan --stdin-name .* -/,
    );
  });

  test('stdin is scanned and named <stdin>', async () => {
    const run = await runCli(['scan', '-', '-o', 'json'], {
      stdin: readFileSync(path.join(INSECURE, 'web.yaml'), 'utf8'),
    });
    assert.equal(run.code, 1);
    assert.equal(JSON.parse(run.stdout).results[0].location.file, '<stdin>');
  });

  test('several outputs in one run; at most one on stdout', async () => {
    const dir = scratch();
    const sarif = path.join(dir, 'out', 'rampart.sarif');
    const run = await runCli([
      'scan',
      INSECURE,
      '-o',
      'table',
      '-o',
      `sarif=${sarif}`,
      '-o',
      `junit=${path.join(dir, 'junit.xml')}`,
    ]);
    assert.equal(run.code, 1);
    assert.equal(JSON.parse(readFileSync(sarif, 'utf8')).version, '2.1.0');
    assert.match(readFileSync(path.join(dir, 'junit.xml'), 'utf8'), /^<\?xml/);
    assert.match(run.stdout, /pss-privileged/);
    const twice = await runCli(['scan', INSECURE, '-o', 'json', '-o', 'table']);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /only one output can go to stdout/);
  });

  test('usage errors exit 2 with a message', async () => {
    for (const argv of [
      ['scan'],
      ['scan', INSECURE, '--bogus'],
      ['scan', INSECURE, '-o', 'pdf'],
      ['scan', INSECURE, '--pss-version', 'v2'],
      ['scan', INSECURE, '--fail-on', 'loud'],
      ['frobnicate'],
    ]) {
      const run = await runCli(argv);
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.ok(run.stderr.length > 0, argv.join(' '));
      assert.doesNotMatch(run.stderr, NO_STACK);
    }
  });

  test('an invalid rampart.yaml names the field and line; exit 2', async () => {
    const dir = scratch({ 'rampart.yaml': 'failOn: loud\n' });
    const run = await runCli(['scan', INSECURE], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /rampart\.yaml:1:1: failOn must be one of/);
  });

  test('config exceptions suppress findings, which stay visible in JSON', async () => {
    const dir = scratch({
      'rampart.yaml':
        'exceptions:\n  - rule: "*"\n    match: {namespace: shop-insecure}\n    reason: demo app, accepted\n    expires: 2999-01-01\n',
    });
    const run = await runCli(['scan', INSECURE, '-o', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.ok(
      doc.results.some((r: { suppressed?: { reason: string } }) => r.suppressed?.reason === 'demo app, accepted'),
    );
    assert.ok(doc.summary.suppressed > 0);
  });

  test('colour only on a terminal without NO_COLOR', async () => {
    const ansi = /\u001b\[/;
    assert.doesNotMatch((await runCli(['scan', INSECURE])).stdout, ansi);
    assert.match((await runCli(['scan', INSECURE], { tty: true })).stdout, ansi);
    assert.doesNotMatch((await runCli(['scan', INSECURE], { tty: true, env: { NO_COLOR: '1' } })).stdout, ansi);
  });

  test('RAMPART_TIMINGS prints each phase on stderr, and stdout stays the document', async () => {
    const run = await runCli(['scan', INSECURE, '-o', 'json'], { env: { RAMPART_TIMINGS: '1' } });
    const phases = [...run.stderr.matchAll(/^rampart: (.+) \d+ ms$/gm)].map((match) => match[1]);
    assert.deepEqual(phases, ['load', 'evaluate', 'summary', 'output json']);
    assert.equal(JSON.parse(run.stdout).schemaVersion, 1);
    const quiet = await runCli(['scan', INSECURE, '-o', 'json']);
    assert.doesNotMatch(quiet.stderr, / ms$/m);
  });

  test('--pss-level baseline drops restricted-only findings', async () => {
    const run = await runCli(['scan', INSECURE, '-o', 'json', '--pss-level', 'baseline']);
    const ids = new Set(JSON.parse(run.stdout).results.map((r: { ruleId: string }) => r.ruleId));
    assert.ok(ids.has('pss-privileged'));
    assert.ok(!ids.has('pss-run-as-non-root'));
  });
});

describe('rampart scan --framework', () => {
  test('scores judged controls in JSON and in the table; CIS never as a share of the whole benchmark', async () => {
    const run = await runCli(['scan', path.join(ROOT, 'examples'), '--framework', 'pss-baseline', '-o', 'json']);
    const [entry] = JSON.parse(run.stdout).compliance;
    assert.equal(entry.framework, 'pss-baseline');
    const privileged = entry.controls.find((c: { id: string }) => c.id === 'privileged');
    assert.deepEqual(privileged, { id: 'privileged', verdict: 'fail', rules: ['pss-privileged'], failures: 1 });
    assert.equal(entry.percent, Math.round((1000 * entry.passing) / entry.evaluated) / 10);
    assert.ok(JSON.parse(run.stdout).results.every((r: { ruleId: string }) => r.ruleId.startsWith('pss-')));
    assert.match(
      (await runCli(['scan', path.join(ROOT, 'examples'), '--framework', 'pss-baseline'])).stdout,
      /Compliance pss-baseline: [\d.]+% \(\d+ of \d+ judged controls pass/,
    );
    // A clean section 5 is no "CIS 100%": the table says how much of the benchmark was judged.
    const table = (await runCli(['scan', HARDENED, '--framework', 'cis'])).stdout;
    const [, passing, judged] =
      /Compliance cis \(CIS Kubernetes Benchmark v[\d.]+\): (\d+) of (\d+) judged controls pass/.exec(table) ?? [];
    assert.equal(passing, judged);
    assert.match(
      table.replace(/\s+/g, ' '),
      new RegExp(`${judged} of the benchmark's 130 controls judged, the rest are not scored`),
    );
    // Sections 1–4 have rules (`rampart node` gives them input); manifests give them nothing to judge.
    assert.match(table, /^ {2}4 Worker nodes: 0 of 24 controls judged, 0 pass; 24 had nothing in the input to judge$/m);
    assert.doesNotMatch(table, /%/);
  });

  test('rejects unknown frameworks and contradictory levels', async () => {
    assert.equal((await runCli(['scan', HARDENED, '--framework', 'iso27001'])).code, 2);
    const both = await runCli(['scan', HARDENED, '--framework', 'pss-baseline', '--pss-level', 'restricted']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /scores the baseline level/);
  });
});

describe('rampart scan --stdin-name', () => {
  test('names stdin in every location', async () => {
    const text = readFileSync(path.join(INSECURE, 'web.yaml'), 'utf8');
    const run = await runCli(['scan', '-', '--stdin-name', 'chart/rendered.yaml', '-o', 'json'], { stdin: text });
    assert.ok(
      JSON.parse(run.stdout).results.every(
        (r: { location?: { file: string } }) => r.location?.file === 'chart/rendered.yaml',
      ),
    );
  });
});

describe('rampart pss', () => {
  test('per-workload verdicts in the documented JSON shape', async () => {
    const run = await runCli(['pss', INSECURE, '--level', 'baseline', '--version', 'v1.30', '-o', 'json']);
    assert.equal(run.code, 1);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.schemaVersion, 1);
    assert.equal(doc.level, 'baseline');
    assert.equal(doc.version, 'v1.30');
    const web = doc.results.find((r: { resource: { name: string } }) => r.resource.name === 'web');
    assert.deepEqual(Object.keys(web), ['resource', 'location', 'allowed', 'violations', 'strictestLevel']);
    assert.equal(web.allowed, false);
    assert.equal(web.strictestLevel, 'privileged');
    assert.ok(
      web.violations.some(
        (v: { check: string; message: string }) =>
          v.check === 'privileged' && /container "debug" must not set securityContext\.privileged=true/.test(v.message),
      ),
    );
  });

  test('the hardened example meets restricted', async () => {
    const run = await runCli(['pss', HARDENED, '-o', 'json']);
    assert.equal(run.code, 0, run.stdout);
    for (const result of JSON.parse(run.stdout).results) assert.equal(result.strictestLevel, 'restricted');
  });

  test('rampart pss is the scan of the PSS rules: rampart.yaml sets the level, exceptions are shown and do not fail', async () => {
    const dir = scratch({
      'rampart.yaml': 'pss: {level: baseline}\n',
      'agent.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: ops
  annotations: {rampart.dev/ignore: "pss-host-namespaces -- the node agent reads host processes"}
spec:
  hostPID: true
  containers: [{name: agent, image: "agent:1"}]
`,
    });
    const run = await runCli(['pss', path.join(dir, 'agent.yaml'), '-o', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.level, 'baseline');
    const [agent] = doc.results;
    assert.equal(agent.allowed, false, 'the API server would still deny it');
    assert.deepEqual(agent.violations, [
      {
        check: 'hostNamespaces',
        message: 'pod must not set hostPID=true',
        suppressed: { by: 'annotation', reason: 'the node agent reads host processes' },
      },
    ]);
    const table = await runCli(['pss', path.join(dir, 'agent.yaml')], { cwd: dir });
    assert.match(table.stdout, /\[accepted: the node agent reads host processes\]/);
  });

  test('a version above the newest clamps to it', async () => {
    const run = await runCli(['pss', HARDENED, '--version', 'v1.99', '-o', 'json']);
    assert.equal(JSON.parse(run.stdout).version, 'v1.37');
  });
});

describe('rampart rules', () => {
  test('lists the catalogue as a table and as JSON', async () => {
    const table = await runCli(['rules']);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /^RULE +SEVERITY +STAGE +OWNER +FIXABLE +TITLE$/m);
    assert.match(
      table.stdout,
      /^pss-run-as-non-root +medium +deploy +application developer +yes +Containers run as non-root$/m,
    );
    assert.match(table.stdout, /^pss-privileged +\w+ +deploy +[\w /]+ +no +/m);
    const json = JSON.parse((await runCli(['rules', '-o', 'json'])).stdout);
    assert.ok(json.length >= 19);
    assert.ok(json.every((r: { id: string; severity: string; owner: string }) => r.id && r.severity && r.owner));
    const fixable = json.filter((r: { fixable: boolean }) => r.fixable).map((r: { id: string }) => r.id);
    assert.ok(fixable.includes('container-cpu-request') && !fixable.includes('pss-privileged'));
    assert.match(
      table.stdout,
      new RegExp(`^${json.length} rules, ${fixable.length} fixable with \`rampart fix\``, 'm'),
    );
  });
});

describe('the installed binary', () => {
  test('--version and a real scan through bin/rampart.js', () => {
    const bin = path.join(ROOT, 'bin/rampart.js');
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    assert.equal(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim(), version);
    const run = spawnSync(process.execPath, [bin, 'scan', INSECURE, '-o', 'json'], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.ok(JSON.parse(run.stdout).results.length > 0);
  });
});
