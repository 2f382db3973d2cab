import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { scratch } from '../fix/support.js';
import { runCli } from '../support/run-cli.js';

/*
 * What `fix --write` does not own stays as it was: the file's owner and group, its read-only
 * mode, its other hard links. Special files inside a scanned directory are reported, never read.
 * `policy test` resolves absolute and `..` paths alike.
 */

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: nginx\n';
const fixRule = ['--rule', 'container-read-only-root-filesystem'];
const isRoot = process.getuid?.() === 0;

describe('fix --write keeps what it does not own', () => {
  test("owner and group are kept (as root: a file of another user stays that user's)", {
    skip: !isRoot && 'needs root to own files of another user',
  }, async () => {
    const dir = scratch({ 'pod.yaml': POD });
    const file = path.join(dir, 'pod.yaml');
    chownSync(file, 4321, 4322);
    chmodSync(file, 0o640);
    const run = await runCli(['fix', '--write', ...fixRule, file]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(readFileSync(file, 'utf8'), /readOnlyRootFilesystem: true/);
    const info = statSync(file);
    assert.deepEqual([info.uid, info.gid, info.mode & 0o777], [4321, 4322, 0o640]);
  });

  test('a read-only file is refused, and replaced (still read-only) with --force', async () => {
    const dir = scratch({ 'pod.yaml': POD });
    const file = path.join(dir, 'pod.yaml');
    chmodSync(file, 0o444);
    const refused = await runCli(['fix', '--write', ...fixRule, file]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /pod\.yaml: not written: it is read-only; make it writable, or pass --force/);
    assert.equal(readFileSync(file, 'utf8'), POD);
    const forced = await runCli(['fix', '--write', '--force', ...fixRule, file]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(file, 'utf8'), /readOnlyRootFilesystem: true/);
    assert.equal(statSync(file).mode & 0o777, 0o444);
  });

  test('a file with other hard links is reported, not split', async () => {
    const dir = scratch({ 'pod.yaml': POD });
    const file = path.join(dir, 'pod.yaml');
    mkdirSync(path.join(dir, 'elsewhere'));
    linkSync(file, path.join(dir, 'elsewhere', 'pod.txt'));
    const run = await runCli(['fix', '--write', ...fixRule, file]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not written: it has 2 hard links/);
    assert.equal(readFileSync(file, 'utf8'), POD);
    assert.equal(statSync(file).nlink, 2);
  });
});

describe('special files', () => {
  test('a FIFO found in a scanned directory is reported like one named explicitly, and never opened', async () => {
    const dir = scratch({ 'pod.yaml': POD });
    const fifo = path.join(dir, 'pipe.yaml');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) return; // no mkfifo: nothing to test on this system
    for (const argv of [
      ['scan', dir, '-o', 'json'],
      ['scan', fifo, '-o', 'json'],
      ['fix', dir],
    ]) {
      const run = await runCli(argv);
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
      assert.match(
        run.stdout + run.stderr,
        /pipe\.yaml is a named pipe \(FIFO\), not a regular file or directory; it was not read/,
        argv.join(' '),
      );
    }
  });
});

describe('policy test paths', () => {
  test('absolute paths and .. are resolved alike, from the suite directory', async () => {
    const shared = path.resolve(import.meta.dirname, '../policy/suites/replica-limit');
    const dir = scratch();
    mkdirSync(path.join(dir, 'suite'));
    writeFileSync(path.join(dir, 'resources.yaml'), readFileSync(path.join(shared, 'resources.yaml')));
    writeFileSync(
      path.join(dir, 'suite', 'suite.yaml'),
      [
        `policies: [${JSON.stringify(path.join(shared, 'policy.yaml'))}]`,
        'resources: [../resources.yaml]',
        'cases:',
        '  - name: six replicas are denied',
        '    resource: Deployment/test/big',
        '    expect: {denied: {message: "failed expression: object.spec.replicas <= 5"}}',
        '',
      ].join('\n'),
    );
    const run = await runCli(['policy', 'test', path.join(dir, 'suite')]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });
});
