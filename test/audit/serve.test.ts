import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runAuditServe } from '../../src/cli/run-audit-serve.js';
import { runCli, withCapturedIo } from '../support/run-cli.js';

/** Every folder a test makes lies here, removed when the file's tests end. */
const SCRATCH = mkdtempSync(path.join(tmpdir(), 'rampart-serve-'));
after(() => rmSync(SCRATCH, { recursive: true, force: true }));

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const KEY = `k1 ${'ef'.repeat(32)}`;

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca: readFileSync(path.join(FIXTURES, 'receiver.crt')) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const batch = JSON.stringify({
  kind: 'EventList',
  apiVersion: 'audit.k8s.io/v1',
  items: [
    {
      auditID: 'b1',
      stage: 'ResponseComplete',
      verb: 'create',
      user: { username: 'mallory', groups: ['system:authenticated'] },
      objectRef: { resource: 'clusterrolebindings', apiGroup: 'rbac.authorization.k8s.io', name: 'x' },
      responseStatus: { code: 201 },
      requestObject: {
        roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'User', name: 'mallory' }],
      },
    },
  ],
});

describe('rampart audit serve', () => {
  test('flags to a running receiver: alerts on stdout, pino logs on stderr, the ledger kept, a clean stop', async () => {
    const cwd = mkdtempSync(path.join(SCRATCH, 'rampart-serve-'));
    writeFileSync(path.join(cwd, 'rampart.yaml'), 'rules:\n  audit-activity: on\n');
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const run = await withCapturedIo({ cwd, env: { RAMPART_LEDGER_KEY: KEY } }, async (io) => {
      const serving = runAuditServe(
        {
          output: 'jsonl',
          keyEnv: 'RAMPART_LEDGER_KEY',
          ledgerRecord: 'events',
          ledger: 'ledger',
          listen: '127.0.0.1:0',
          queueSize: '100',
          tlsCertFile: path.join(FIXTURES, 'receiver.crt'),
          tlsPrivateKeyFile: path.join(FIXTURES, 'receiver.key'),
        },
        io,
        stopped,
      );
      // the URL is in the first log line
      let url: string | undefined;
      const stderr = io.stderr as unknown as { write(s: string): void };
      const seen: string[] = [];
      const write = stderr.write.bind(stderr);
      stderr.write = (s: string) => {
        seen.push(s);
        write(s);
      };
      for (let i = 0; i < 200 && !url; i++) {
        url = /"url":"(https:[^"]+)"/.exec(seen.join(''))?.[1];
        if (!url) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.ok(url, 'the receiver logs where it listens');
      assert.equal(await post(url, batch), 200);
      stop();
      return serving;
    });
    assert.equal(run.code, 0, run.stderr);
    const alerts = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      alerts.map((a) => [a.ruleId, a.user, a.location.file]),
      [
        ['audit-activity', 'mallory', 'webhook batch 1'],
        ['audit-cluster-admin-bound', 'mallory', 'webhook batch 1'],
      ],
    );
    assert.match(run.stderr, /"msg":"listening for audit events"/);
    assert.match(run.stderr, /"msg":"stopped"/);
    const verify = await runCli(['audit', 'verify', 'ledger'], { cwd, env: { RAMPART_LEDGER_KEY: KEY } });
    assert.equal(verify.code, 0, verify.stdout);
    assert.match(verify.stdout, /^ledger: 1 entry, 1 decrypted/);
  });

  test('without a serving certificate it is a usage error', async () => {
    const run = await runCli(['audit', 'serve']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /audit serve needs --tls-cert-file and --tls-private-key-file/);
  });
});
