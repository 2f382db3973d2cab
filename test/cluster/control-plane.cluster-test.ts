/*
 * The test control plane itself: it starts, authenticates its users, authorizes with RBAC, stops
 * without leaving a process or a folder; a server that cannot start fails with its log; a taken
 * port is retried; a test process killed with SIGKILL takes its servers with it. Run by
 * `npm run test:cluster` (RAMPART_CONTROL_PLANE_BIN is the folder of the built binaries).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { ControlPlaneError, startControlPlane } from '../support/control-plane/index.js';
import { alive, cleanStaleRuns, runsRoot } from '../support/control-plane/processes.js';
import { KubeHttp } from '../support/kube-http.js';

const binDir = process.env.RAMPART_CONTROL_PLANE_BIN;
if (!binDir) throw new Error('RAMPART_CONTROL_PLANE_BIN is not set: run these tests with npm run test:cluster');

describe('test control plane', () => {
  test('serves its users through RBAC, writes kubeconfigs, and stops without a trace', async () => {
    const cp = await startControlPlane({ binDir, controllerManager: false });
    const pids: number[] = [];
    try {
      const record = JSON.parse(readFileSync(`${cp.dir}/run.json`, 'utf8')) as { children: { pid: number }[] };
      pids.push(...record.children.map((c) => c.pid));
      assert.equal(pids.length, 2, 'etcd and kube-apiserver');

      const version = await cp.http.get<{ gitVersion: string }>('/version');
      assert.match(version.body.gitVersion, /^v1\.37\./);

      // The kubeconfig is what the CLI and @kubernetes/client-node read: server, CA file, token.
      const alice = cp.users.get('alice');
      assert.ok(alice);
      const config = parse(readFileSync(alice.kubeconfig, 'utf8'));
      assert.equal(config.clusters[0].cluster.server, cp.server);
      assert.equal(config.users[0].user.token, alice.token);
      const asAlice = new KubeHttp(
        config.clusters[0].cluster.server,
        readFileSync(config.clusters[0].cluster['certificate-authority'], 'utf8'),
        config.users[0].user.token,
      );
      try {
        const review = await asAlice.post<{ status: { userInfo: { username: string; groups: string[] } } }>(
          '/apis/authentication.k8s.io/v1/selfsubjectreviews',
          { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        );
        assert.equal(review.body.status.userInfo.username, 'alice');
        assert.deepEqual(review.body.status.userInfo.groups, ['dev', 'system:authenticated']);
        const secrets = await asAlice.get('/api/v1/namespaces/default/secrets');
        assert.equal(secrets.status, 403, 'an ordinary user is not granted secrets');
      } finally {
        asAlice.close();
      }
      const asAdmin = await cp.http.get('/api/v1/namespaces/default/secrets');
      assert.equal(asAdmin.status, 200, 'system:masters may');
      const noToken = await cp.http.get('/api/v1/namespaces', { token: 'not-a-token' });
      assert.equal(noToken.status, 401);
    } finally {
      await cp.stop();
    }
    assert.ok(!existsSync(cp.dir), 'the run folder is removed');
    for (const pid of pids) assert.ok(!alive(pid), `process ${pid} is gone`);
  });

  test('a server that cannot start fails the start with the last lines of its log', async () => {
    await assert.rejects(
      startControlPlane({ binDir, controllerManager: false, apiserverFlags: ['--no-such-flag=1'] }),
      (error: Error) => {
        assert.ok(error instanceof ControlPlaneError);
        assert.match(error.message, /kube-apiserver exited \(code \d+\) before it was ready/);
        assert.match(error.message, /unknown flag: --no-such-flag/);
        return true;
      },
    );
  });

  test('a port taken by another process is retried on free ones', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const cp = await startControlPlane({ binDir, controllerManager: false, apiserverPort: taken });
      try {
        assert.notEqual(new URL(cp.server).port, String(taken));
        assert.equal((await cp.http.get('/readyz')).status, 200);
      } finally {
        await cp.stop();
      }
    } finally {
      blocker.close();
    }
  });

  test('a test process killed with SIGKILL takes its servers with it, and the next start removes its folder', async () => {
    const script = `
      import { startControlPlane } from './test/support/control-plane/index.ts';
      const cp = await startControlPlane({ binDir: process.env.RAMPART_CONTROL_PLANE_BIN, controllerManager: false });
      process.stdout.write(cp.dir + '\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const dir = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', (code) => reject(new Error(`the child exited (${code}) before its control plane was up`)));
    });
    const record = JSON.parse(readFileSync(`${dir}/run.json`, 'utf8')) as { children: { pid: number }[] };
    child.kill('SIGKILL');
    const deadline = Date.now() + 20_000;
    while (record.children.some((c) => alive(c.pid)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    for (const c of record.children) assert.ok(!alive(c.pid), `server ${c.pid} died with its parent`);
    assert.ok(existsSync(dir), 'the killed run could not clean its own folder');
    assert.ok(cleanStaleRuns(runsRoot()).includes(dir), 'the next start removes it');
    assert.ok(!existsSync(dir));
  });
});
