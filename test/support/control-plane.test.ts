/*
 * The parts of the test control plane that need no Go and no server: the build's cache key and
 * failure report, the run records that let a start clean up after a killed run, the token file,
 * and the HTTP helpers. The control plane itself is tested by npm run test:cluster.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import {
  BuildError,
  buildKey,
  describeBuildFailure,
  ensureControlPlane,
  MODULE_DIR,
  requiredVersion,
} from './control-plane/build.js';
import { kubeconfigText, tokenFile } from './control-plane/config.js';
import { alive, cleanStaleRuns, writeRecord } from './control-plane/processes.js';
import { mapLimit, splitWarnings } from './kube-http.js';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'rampart-cp-test-'));

describe('control-plane build', () => {
  test('reads the pinned Kubernetes and etcd versions from the module', () => {
    const goMod = readFileSync(path.join(MODULE_DIR, 'go.mod'), 'utf8');
    assert.match(requiredVersion(goMod, 'k8s.io/kubernetes') ?? '', /^v1\.37\.\d+$/);
    assert.match(requiredVersion(goMod, 'go.etcd.io/etcd/server/v3') ?? '', /^v3\.(6|7)\.\d+$/);
    // Every staging module is pinned to the release's v0.37.x, or go refuses the module.
    for (const staging of ['k8s.io/api', 'k8s.io/apiserver', 'k8s.io/pod-security-admission']) {
      assert.match(
        goMod,
        new RegExp(`${staging.replace(/\./g, '\\.')} => ${staging.replace(/\./g, '\\.')} v0\\.37\\.\\d+`),
      );
    }
  });

  test('the cache key follows the sources: a changed main.go is a new build', () => {
    const dir = temp();
    try {
      cpSync(MODULE_DIR, dir, { recursive: true });
      const before = buildKey(dir);
      assert.match(before.key, /^v1\.37\.\d+-[0-9a-f]{12}$/);
      assert.equal(buildKey(dir).key, before.key, 'stable');
      const main = path.join(dir, 'cmd/etcd/main.go');
      writeFileSync(main, `${readFileSync(main, 'utf8')}\n// changed\n`);
      assert.notEqual(buildKey(dir).key, before.key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without Go the build says what to install, and how to skip', async () => {
    const cache = temp();
    try {
      await assert.rejects(
        ensureControlPlane({ env: { PATH: '/nonexistent', RAMPART_CONTROL_PLANE_CACHE: cache } }),
        (error: Error) =>
          error instanceof BuildError &&
          /install Go/.test(error.message) &&
          /RAMPART_SKIP_CLUSTER=1/.test(error.message),
      );
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  test('a failed build names the package or module that broke', () => {
    const compile = describeBuildFailure('go build ./cmd/...', '/m', [
      '# k8s.io/apiserver/pkg/server',
      'server.go:10:2: undefined: foo',
    ]);
    assert.match(compile, /failed at: package k8s\.io\/apiserver\/pkg\/server/);
    assert.match(compile, /undefined: foo/);
    const download = describeBuildFailure('go build ./cmd/...', '/m', [
      'go: k8s.io/kubernetes@v1.37.2: reading https://proxy/k8s.io/kubernetes/@v/v1.37.2.zip: 404 Not Found',
    ]);
    assert.match(download, /failed at: go: k8s\.io\/kubernetes@v1\.37\.2:/);
  });
});

describe('control-plane runs', () => {
  test('a run whose owner died is removed and its recorded server killed; a live run is kept', async () => {
    const root = temp();
    const sleeper = spawn('/bin/sleep', ['60'], { stdio: 'ignore' });
    const stranger = spawn('/bin/sleep', ['60'], { stdio: 'ignore' });
    try {
      const dead = spawn(process.execPath, ['-e', '0']);
      await new Promise((resolve) => dead.on('exit', resolve));
      const stale = path.join(root, 'run-stale');
      mkdirSync(stale);
      writeRecord(stale, {
        owner: dead.pid as number,
        children: [
          { name: 'etcd', pid: sleeper.pid as number, binary: '/bin/sleep' },
          // A recycled pid running something else is never killed.
          { name: 'kube-apiserver', pid: stranger.pid as number, binary: '/usr/local/bin/kube-apiserver' },
        ],
      });
      const live = path.join(root, 'run-live');
      mkdirSync(live);
      writeRecord(live, { owner: process.pid, children: [] });

      assert.deepEqual(cleanStaleRuns(root), [stale]);
      assert.ok(!existsSync(stale));
      assert.ok(existsSync(live));
      await new Promise((resolve) => sleeper.on('exit', resolve));
      assert.ok(!alive(sleeper.pid as number));
      assert.ok(alive(stranger.pid as number));
    } finally {
      sleeper.kill('SIGKILL');
      stranger.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('control-plane config', () => {
  test('static tokens: token,user,uid,"groups", and no field may break the format', () => {
    assert.equal(tokenFile([{ name: 'alice', groups: ['dev', 'ops'], token: 't1' }]), 't1,alice,alice,"dev,ops"\n');
    assert.throws(() => tokenFile([{ name: 'a,b', groups: [], token: 't' }]), /may not contain/);
  });

  test('a kubeconfig names the server, the CA file and the token', () => {
    const config = parse(
      kubeconfigText('https://127.0.0.1:6443', '/pki/ca.crt', { name: 'bob', groups: [], token: 'tok' }),
    );
    assert.equal(config['current-context'], 'bob');
    assert.deepEqual(config.clusters[0].cluster, {
      server: 'https://127.0.0.1:6443',
      'certificate-authority': '/pki/ca.crt',
    });
    assert.deepEqual(config.users[0], { name: 'bob', user: { token: 'tok' } });
  });
});

describe('kube-http', () => {
  test('warning headers split into their texts, commas and escapes inside quotes kept', () => {
    assert.deepEqual(splitWarnings('299 - "a, b", 299 - "say \\"hi\\""'), ['a, b', 'say "hi"']);
    assert.deepEqual(splitWarnings(''), []);
  });

  test('mapLimit keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n * 3));
      running--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30]);
    assert.equal(peak, 2);
  });
});
