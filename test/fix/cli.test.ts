import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { replaceFile } from '../../src/cli/fix/atomic-write.js';
import { loadText } from '../../src/load/index.js';
import { RULES } from '../../src/rules/index.js';
import { readFixtures } from '../support/rule-tester.js';
import { runCli } from '../support/run-cli.js';
import { fix, scratch } from './support.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web # the web pod
  labels: {app.kubernetes.io/version: "1"}
spec:
  hostNetwork: true
  containers:
  - name: app
    image: nginx
    securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL]}}
`;
const FIXED = POD.replace('  hostNetwork: true\n', '');

describe('rampart fix (command line)', () => {
  test('--help documents the modes and the exit codes', async () => {
    const run = await runCli(['fix', '--help']);
    assert.equal(run.code, 0);
    for (const text of [
      '--write',
      '--diff',
      '--rule',
      '0  nothing to fix',
      '1  fixes remain',
      '2  usage or input error',
      'helm template',
    ])
      assert.ok(run.stdout.includes(text), `help mentions ${text}`);
    assert.match((await runCli(['--help'])).stdout, /^ {2}fix \[options\] \[paths\.\.\.\]/m);
  });

  test('nothing to fix: exit 0, nothing on stdout', async () => {
    const dir = scratch({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n' });
    const run = await runCli(['fix', dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /nothing to fix/);
  });

  test('a file with parse errors is never touched: exit 2', async () => {
    const broken = `${POD}---\nkind: [oops\n`;
    const dir = scratch({ 'broken.yaml': broken });
    const run = await runCli(['fix', '--write', dir]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /broken\.yaml:\d+:\d+: document 2 is not valid YAML/);
    assert.equal(readFileSync(path.join(dir, 'broken.yaml'), 'utf8'), broken);
  });

  test('no Kubernetes objects: exit 3; bad flags: exit 2', async () => {
    assert.equal((await runCli(['fix', scratch({ 'x.yaml': 'just: data\n' })])).code, 3);
    const unknown = await runCli(['fix', '--rule', 'no-such-rule', scratch()]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--rule no-such-rule: no such rule/);
    assert.equal((await runCli(['fix', '--pss-level', 'strict', scratch()])).code, 2);
  });
});

/** The fixture's rule on with its options; a fixture that names the rules that run turns the others off. */
function ruleConfig(id: string, options: Record<string, unknown>, active: readonly string[] | undefined) {
  const rules: Record<string, unknown> = { [id]: { enabled: true, options } };
  for (const other of RULES) if (active && !active.includes(other.meta.id)) rules[other.meta.id] = { enabled: false };
  return rules;
}

describe('rampart fix: every fixed fixture of the catalogue, through the command line', () => {
  const fixable = RULES.filter((rule) => rule.meta.fixable);
  if (fixable.length === 0) test('no fixable rule in the catalogue yet', { skip: 'no rule in RULES has meta.fixable' });
  for (const rule of fixable) {
    const dir = path.resolve(import.meta.dirname, '../../src/rules', rule.meta.id, 'fixtures');
    for (const fixed of readFixtures(dir).filter((f) => f.kind === 'fixed')) {
      test(`${rule.meta.id}: ${fixed.scenario}`, async () => {
        const fail = readFixtures(dir).find((f) => f.kind === 'fail' && f.scenario === fixed.scenario);
        assert.ok(fail);
        const work = scratch({
          'manifest.yaml': fail.text,
          'rampart.yaml': JSON.stringify({ rules: ruleConfig(rule.meta.id, fail.options, fail.settings.activeRules) }),
        });
        const flags = ['--pss-level', fail.settings.pss.level, '--pss-version', fail.settings.pss.version];
        if (fail.settings.kubernetesVersion) flags.push('--kubernetes-version', fail.settings.kubernetesVersion);
        const file = path.join(work, 'manifest.yaml');
        const argv = [
          'fix',
          '--write',
          '--rule',
          rule.meta.id,
          '--config',
          path.join(work, 'rampart.yaml'),
          ...flags,
          file,
        ];
        const first = await runCli(argv);
        assert.equal(first.code, 0, first.stderr);
        const text = readFileSync(file, 'utf8');
        const objects = (t: string, name: string) => loadText({ text: t }, name).resources.map((r) => r.object);
        assert.deepEqual(objects(text, file), objects(fixed.text, fixed.file));
        const second = await runCli(argv);
        assert.equal(second.code, 0, second.stderr);
        assert.match(second.stderr, /nothing to fix/);
        assert.equal(readFileSync(file, 'utf8'), text, 'a second run changes nothing');
      });
    }
  }
});

describe('rampart fix with the test-only fixable rules', () => {
  test('the default is a dry run: a unified diff, exit 1, files untouched', async () => {
    const dir = scratch({ 'pod.yaml': POD });
    const file = path.join(dir, 'pod.yaml');
    const run = await fix([dir]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(readFileSync(file, 'utf8'), POD);
    assert.equal(
      run.stdout,
      `--- ${file}\n+++ ${file}\n@@ -4,7 +4,6 @@\n   name: web # the web pod\n   labels: {app.kubernetes.io/version: "1"}\n spec:\n-  hostNetwork: true\n   containers:\n   - name: app\n     image: nginx\n`,
    );
    assert.match(run.stderr, /pod\.yaml:7:3: toy-no-host-network: remove hostNetwork \(Pod\/web\)/);
    assert.match(run.stderr, /1 fix can be applied; run rampart fix --write/);
    assert.equal((await fix([dir], { diff: true })).stdout, run.stdout, '--diff is the same dry run');
    if (spawnSync('patch', ['--version']).status === 0) {
      // the diff names files as they were given; patch(1) refuses absolute names, so apply it from the directory
      const relative = run.stdout.replaceAll(file, 'pod.yaml');
      const applied = spawnSync('patch', ['-p0', '--quiet'], { input: relative, cwd: dir });
      assert.equal(applied.status, 0, String(applied.stderr));
      assert.equal(readFileSync(file, 'utf8'), FIXED, 'the diff applies with patch -p0');
    }
  });

  test('--write fixes in place; a second run changes nothing and says so', async () => {
    const dir = scratch({ 'pod.yaml': POD, 'other.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: two\n' });
    const run = await fix([dir], { write: true });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(readFileSync(path.join(dir, 'pod.yaml'), 'utf8'), FIXED);
    assert.equal(
      readFileSync(path.join(dir, 'other.yaml'), 'utf8'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: two\n  labels:\n    app.kubernetes.io/version: "1.0"\n',
    );
    assert.match(run.stderr, /2 fixes written to 2 files/);
    const again = await fix([dir], { write: true });
    assert.equal(again.code, 0);
    assert.match(again.stderr, /nothing to fix/);
    assert.equal(readFileSync(path.join(dir, 'pod.yaml'), 'utf8'), FIXED);
    assert.equal((await fix([dir])).code, 0, 'and a dry run finds nothing');
  });

  test('--write replaces atomically: new inode, same mode, links stay links, no temporary files', async () => {
    const dir = scratch({ 'pod.yaml': POD });
    const file = path.join(dir, 'pod.yaml');
    chmodSync(file, 0o640);
    symlinkSync('pod.yaml', path.join(dir, 'link.yaml'));
    const inode = statSync(file).ino;
    const run = await fix([path.join(dir, 'link.yaml')], { write: true });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(lstatSync(path.join(dir, 'link.yaml')).isSymbolicLink());
    assert.equal(readFileSync(file, 'utf8'), FIXED);
    assert.notEqual(statSync(file).ino, inode, 'renamed over, not rewritten in place');
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir).sort(), ['link.yaml', 'pod.yaml']);
  });

  test('a file that changed since it was read is not overwritten', async () => {
    const dir = scratch({ 'pod.yaml': 'edited meanwhile\n' });
    const outcome = await replaceFile(path.join(dir, 'pod.yaml'), POD, FIXED);
    assert.deepEqual(outcome, {
      written: false,
      reason: 'it changed while rampart was running; run rampart fix again',
    });
    assert.equal(readFileSync(path.join(dir, 'pod.yaml'), 'utf8'), 'edited meanwhile\n');
  });

  test('--write --diff writes and shows what it wrote', async () => {
    const dir = scratch({ 'pod.yaml': POD });
    const run = await fix([dir], { write: true, diff: true });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^- {2}hostNetwork: true$/m);
    assert.equal(readFileSync(path.join(dir, 'pod.yaml'), 'utf8'), FIXED);
  });

  test('helm template output is never written: a patch, and the template to change', async () => {
    const rendered = `---\n# Source: shop/templates/web.yaml\n${POD}---\n# Source: shop/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`;
    const dir = scratch({ 'rendered.yaml': rendered });
    const run = await fix([dir], { write: true });
    assert.equal(run.code, 1);
    assert.equal(readFileSync(path.join(dir, 'rendered.yaml'), 'utf8'), rendered);
    assert.match(run.stdout, /^- {2}hostNetwork: true$/m);
    assert.match(
      run.stderr,
      /helm template output and is never written.*make them in the template shop\/templates\/web\.yaml/,
    );
  });

  test('stdin is never written: its fixes are a patch', async () => {
    const run = await fix(['-'], { write: true, stdinName: 'from-ci.yaml' }, { stdin: POD });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^--- from-ci\.yaml\n\+\+\+ from-ci\.yaml\n/);
    assert.match(run.stderr, /from-ci\.yaml cannot be written; its fixes are printed as a patch/);
  });

  test('a file with a parse error is not touched, even where its other documents could be fixed', async () => {
    const text = `${POD}---\nkind: [oops\n`;
    const dir = scratch({ 'pod.yaml': text });
    const run = await fix([dir], { write: true });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /pod\.yaml: not touched: it has parse errors/);
    assert.equal(readFileSync(path.join(dir, 'pod.yaml'), 'utf8'), text);
  });

  test('suppressed findings are not fixed (annotation and rampart.yaml exception)', async () => {
    const annotated = POD.replace(
      '  name: web # the web pod\n',
      '  name: web # the web pod\n  annotations:\n    rampart.dev/ignore: "toy-no-host-network -- the CNI needs it"\n',
    );
    const dir = scratch({ 'pod.yaml': annotated });
    const run = await fix([dir], { write: true });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /nothing to fix/);
    const config = path.join(
      scratch({
        'rampart.yaml':
          'exceptions:\n- rules: [toy-no-host-network]\n  match: {name: web}\n  reason: the CNI needs it\n',
      }),
      'rampart.yaml',
    );
    const other = scratch({ 'pod.yaml': POD });
    assert.equal((await fix([other], { write: true, config })).code, 0);
    assert.equal(readFileSync(path.join(other, 'pod.yaml'), 'utf8'), POD);
  });

  test('--rule applies only the fixes of the rules named', async () => {
    const dir = scratch({ 'pod.yaml': POD.replace('runAsNonRoot: true', 'runAsNonRoot: false') });
    const run = await fix([dir], { write: true, rule: ['toy-run-as-non-root'] });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(path.join(dir, 'pod.yaml'), 'utf8'), POD);
  });

  test('List items and multi-document files: each resource is fixed where it is', async () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n    labels: {app.kubernetes.io/version: "1"}\n  spec: {hostNetwork: true}\n`;
    const dir = scratch({ 'list.yaml': `# a list\n${list}---\n${list.replace('name: a', 'name: b')}` });
    const run = await fix([dir], { write: true });
    assert.equal(run.code, 0, run.stderr);
    const fixed = list.replace('{hostNetwork: true}', '{}');
    assert.equal(
      readFileSync(path.join(dir, 'list.yaml'), 'utf8'),
      `# a list\n${fixed}---\n${fixed.replace('name: a', 'name: b')}`,
    );
  });

  test('CRLF files stay CRLF', async () => {
    const crlf = POD.replaceAll('\n', '\r\n').replace('{app.kubernetes.io/version: "1"}', '{}');
    const dir = scratch({ 'pod.yaml': crlf });
    writeFileSync(path.join(dir, 'pod.yaml'), crlf);
    assert.equal((await fix([dir], { write: true })).code, 0);
    const text = readFileSync(path.join(dir, 'pod.yaml'), 'utf8');
    assert.equal(text.replaceAll('\r\n', '').includes('\n'), false);
    assert.match(text, /labels:\r\n {4}app\.kubernetes\.io\/version: "1\.0"\r\n/);
  });

  test('a byte order mark stays', async () => {
    const dir = scratch({ 'pod.yaml': `\ufeff${POD}` });
    assert.equal((await fix([dir], { write: true })).code, 0);
    assert.equal(readFileSync(path.join(dir, 'pod.yaml'), 'utf8'), `\ufeff${FIXED}`);
  });

  test('a file named twice is fixed once', async () => {
    const text = POD.replace('drop: [ALL]', 'drop: [ALL], add: [NET_RAW, NET_RAW]');
    const dir = scratch({ 'pod.yaml': text });
    const run = await fix([dir, path.join(dir, 'pod.yaml')], { write: true });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      readFileSync(path.join(dir, 'pod.yaml'), 'utf8'),
      FIXED.replace('drop: [ALL]', 'drop: [ALL], add: [NET_RAW]'),
    );
  });
});
