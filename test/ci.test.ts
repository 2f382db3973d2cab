import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from './support/run-cli.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const INSECURE = path.join(ROOT, 'examples/insecure');
const NO_STACK = /^\s+at .*\.(?:js|ts|mjs):\d+:\d+\)?$/m;

function scratch(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-ci-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
  - name: web
    image: nginx:1.27
    securityContext: {privileged: true}
`;

describe('configuration is validated before anything runs', () => {
  test('an unknown rule id: file, line and the nearest name on stderr, exit 2, nothing on stdout', async () => {
    const dir = scratch({ 'rampart.yaml': 'failOn: high\nrules:\n  pss-privilegd: off\n', 'pod.yaml': POD });
    for (const format of ['table', 'json', 'sarif']) {
      const run = await runCli(['scan', path.join(dir, 'pod.yaml'), '-o', format], { cwd: dir });
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /rampart\.yaml:3:3: unknown rule "pss-privilegd"; did you mean "pss-privileged"\?/);
      assert.doesNotMatch(run.stderr, /internal error|please report/);
      assert.doesNotMatch(run.stderr, NO_STACK);
    }
  });

  test('a mistyped option of a rule, in every command that reads rampart.yaml', async () => {
    const dir = scratch({
      'rampart.yaml': 'rules:\n  image-allowed-registries:\n    options: {registries: registry.example.com/}\n',
      'pod.yaml': POD,
    });
    for (const command of [['scan'], ['fix'], ['pss'], ['netpol', 'gaps']]) {
      const run = await runCli([...command, path.join(dir, 'pod.yaml')], { cwd: dir });
      assert.equal(run.code, 2, command.join(' '));
      assert.match(
        run.stderr,
        /rampart\.yaml:3:15: rules\.image-allowed-registries\.options\.registries must be a list of strings/,
      );
    }
  });
});

describe('problems reach a CI log in every output format', () => {
  test('input errors on stderr with -o json; the table lists them itself', async () => {
    const dir = scratch({
      'pod.yaml': POD,
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: 1\n',
    });
    const json = await runCli(['scan', dir, '-o', 'json']);
    assert.equal(json.code, 2);
    assert.match(json.stderr, /broken\.yaml:5:\d+: document 1 is not valid YAML/);
    assert.ok(JSON.parse(json.stdout).results.some((r: { verdict: string }) => r.verdict === 'error'));
    const table = await runCli(['scan', dir]);
    assert.doesNotMatch(table.stderr, /not valid YAML/, 'the table on stdout already shows it');
    assert.match(table.stdout, /not valid YAML/);
  });

  test('all outputs to files: a one-line summary on stderr, nothing on stdout', async () => {
    const dir = scratch({ 'pod.yaml': POD });
    // Paths on the command line are the process's; outputs are written relative to the working directory.
    const run = await runCli(
      ['scan', path.join(dir, 'pod.yaml'), '-o', 'sarif=out/rampart.sarif', '-o', 'json=out/r.json'],
      { cwd: dir },
    );
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^rampart: 1 resource scanned, \d+ findings \(1 at or above high\); sarif in out\/rampart\.sarif, json in out\/r\.json\n$/,
    );
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'out/r.json'), 'utf8')).schemaVersion, 1);
  });

  test('a closed pipe ends the output quietly with status 0', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/rampart.js'), 'rules', '-o', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.equal(stderr, '');
  });
});

describe('JUnit and SARIF for CI', () => {
  test('JUnit failures follow --fail-on: findings below it pass, noted', async () => {
    const run = await runCli(['scan', INSECURE, '-o', 'junit', '--fail-on', 'critical']);
    assert.equal(run.code, 1);
    const json = JSON.parse((await runCli(['scan', INSECURE, '-o', 'json'])).stdout);
    const critical = new Set(
      json.results
        .filter((r: { verdict: string; severity: string }) => r.verdict === 'fail' && r.severity === 'critical')
        .map((r: { ruleId: string; resource: { name: string } }) => `${r.ruleId} ${r.resource.name}`),
    );
    const failures = [...run.stdout.matchAll(/<failure /g)].length;
    assert.equal(failures, critical.size);
    assert.match(run.stdout, /<system-out>\[medium\]/, 'a medium finding is noted on a passing case');
    const none = await runCli(['scan', INSECURE, '-o', 'junit', '--fail-on', 'none']);
    assert.equal(none.code, 0);
    assert.doesNotMatch(none.stdout, /<failure /);
  });

  test('SARIF paths are relative to the repository root, or --sarif-root; input errors make the run unsuccessful', async () => {
    const repo = scratch({ 'deploy/k8s/pod.yaml': POD, 'deploy/k8s/broken.yaml': 'a: [1\n' });
    mkdirSync(path.join(repo, '.git'));
    const cwd = path.join(repo, 'deploy');
    const run = await runCli(['scan', path.join(cwd, 'k8s'), '-o', 'sarif'], { cwd });
    const sarif = JSON.parse(run.stdout).runs[0];
    assert.equal(sarif.originalUriBaseIds['%SRCROOT%'].uri, `file://${repo}/`);
    const uris = new Set(
      sarif.results.map(
        (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          r.locations[0]?.physicalLocation.artifactLocation.uri,
      ),
    );
    assert.ok(uris.has('deploy/k8s/pod.yaml'), [...uris].join(', '));
    assert.equal(sarif.invocations[0].executionSuccessful, false);
    assert.match(sarif.invocations[0].toolExecutionNotifications[0].message.text, /not valid YAML/);
    const rooted = JSON.parse(
      (await runCli(['scan', path.join(cwd, 'k8s'), '-o', 'sarif', '--sarif-root', '.'], { cwd })).stdout,
    );
    assert.ok(
      rooted.runs[0].results.some(
        (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          r.locations[0]?.physicalLocation.artifactLocation.uri === 'k8s/pod.yaml',
      ),
    );
  });
});

describe('rampart scan --baseline', () => {
  test('reports only findings the baseline does not have, matched by rule, resource and path, not line', async () => {
    const dir = scratch();
    cpSync(INSECURE, path.join(dir, 'k8s'), { recursive: true });
    const k8s = path.join(dir, 'k8s');
    const before = await runCli(['scan', k8s, '-o', 'json=baseline.json'], { cwd: dir });
    assert.equal(before.code, 1);
    // Adopting Rampart: the same manifests, lines moved, gate nothing that was already there.
    const web = path.join(dir, 'k8s/web.yaml');
    writeFileSync(web, `# owned by the shop team\n# reviewed 2025\n${readFileSync(web, 'utf8')}`);
    const same = await runCli(['scan', k8s, '--baseline', 'baseline.json', '-o', 'json'], { cwd: dir });
    assert.equal(same.code, 0, same.stderr);
    const total = JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')).results.filter(
      (r: { verdict: string }) => r.verdict === 'fail',
    ).length;
    assert.deepEqual(
      JSON.parse(same.stdout).results.filter((r: { verdict: string }) => r.verdict === 'fail'),
      [],
    );
    assert.match(
      same.stderr,
      new RegExp(`rampart: ${total} findings already in the baseline baseline\\.json: not reported`),
    );
    // A new issue is reported, and gates.
    writeFileSync(path.join(dir, 'k8s/new.yaml'), POD);
    const added = await runCli(['scan', k8s, '--baseline', 'baseline.json', '-o', 'json'], { cwd: dir });
    assert.equal(added.code, 1);
    const fresh = JSON.parse(added.stdout).results.filter((r: { verdict: string }) => r.verdict === 'fail');
    assert.ok(fresh.length > 0);
    assert.ok(
      JSON.parse(added.stdout).results.every(
        (r: { verdict: string; location?: { file: string } }) =>
          r.verdict !== 'fail' || r.location?.file.endsWith('k8s/new.yaml'),
      ),
    );
  });

  test('a file that is not a scan document is a usage error', async () => {
    const dir = scratch({ 'pod.yaml': POD, 'other.json': '{"results": []}', 'bad.json': '{' });
    for (const file of ['other.json', 'bad.json', 'missing.json']) {
      const run = await runCli(['scan', path.join(dir, 'pod.yaml'), '--baseline', file], { cwd: dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, new RegExp(`--baseline ${file.replace('.', '\\.')}`));
    }
  });
});

describe('one path: exceptions and config apply to NetworkPolicy gaps', () => {
  const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    rampart.dev/ignore: "netpol-workload-ingress-not-isolated -- fronted by the mesh gateway"
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
`;

  test('netpol gaps honours the annotation; scan knows the rule id', async () => {
    const gaps = await runCli(['netpol', 'gaps', '-', '-o', 'json'], { stdin: APP });
    const ingress = JSON.parse(gaps.stdout).results.find(
      (r: { ruleId: string }) => r.ruleId === 'netpol-workload-ingress-not-isolated',
    );
    assert.deepEqual(ingress.suppressed, { by: 'annotation', reason: 'fronted by the mesh gateway' });
    const scan = await runCli(['scan', '-', '-o', 'json'], { stdin: APP });
    assert.ok(
      !JSON.parse(scan.stdout).results.some((r: { ruleId: string }) => r.ruleId === 'exception-invalid'),
      'the annotation names a known rule',
    );
  });

  test('rampart.yaml disables a gap rule and sets fail-on for netpol gaps too', async () => {
    const dir = scratch({
      'app.yaml': APP,
      'rampart.yaml': 'failOn: critical\nrules:\n  netpol-workload-egress-not-isolated: off\n',
    });
    const run = await runCli(['netpol', 'gaps', path.join(dir, 'app.yaml'), '-o', 'json'], { cwd: dir });
    assert.equal(run.code, 0, 'no critical gap');
    const doc = JSON.parse(run.stdout);
    assert.ok(!doc.results.some((r: { ruleId: string }) => r.ruleId === 'netpol-workload-egress-not-isolated'));
    assert.deepEqual(doc.rulesSkipped, [{ id: 'netpol-workload-egress-not-isolated', reason: 'disabled in config' }]);
  });
});
