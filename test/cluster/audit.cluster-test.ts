/*
 * The real API server sends its audit events to `rampart audit serve` through the webhook backend
 * (batches of EventList over HTTPS, retried on 429), while actions made through the API (a
 * privileged pod, an exec attempt, Secret reads, a cluster-admin binding, an anonymous request)
 * must come out as the expected alerts, matched by audit ID; afterwards every event of the API
 * server's own log file is in the ledger, and the ledger verifies. Run by `npm run test:cluster`.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import { startControlPlane } from '../support/control-plane/index.js';
import { runCli } from '../support/run-cli.js';

const binDir = process.env.RAMPART_CONTROL_PLANE_BIN;
if (!binDir) throw new Error('RAMPART_CONTROL_PLANE_BIN is not set: run these tests with npm run test:cluster');

const ROOT = path.resolve(import.meta.dirname, '../..');
const KEY = `k1 ${'5a'.repeat(32)}`;
const CLI =
  "import { main } from './src/cli/main.ts'; import { processIo } from './src/cli/io.ts'; process.exitCode = await main(process.argv.slice(1), processIo());";

/** The policy docs/audit.md recommends: pod bodies at Request level; Secrets never above Metadata; RBAC in full. */
const POLICY = stringify({
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  omitStages: ['RequestReceived'],
  rules: [
    { level: 'None', nonResourceURLs: ['/healthz*', '/readyz*', '/livez*', '/version', '/openapi*', '/api', '/apis*'] },
    { level: 'None', resources: [{ group: 'authorization.k8s.io' }, { group: 'coordination.k8s.io' }] },
    { level: 'Metadata', resources: [{ group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] }] },
    {
      level: 'RequestResponse',
      resources: [{ group: 'rbac.authorization.k8s.io' }, { group: 'admissionregistration.k8s.io' }],
    },
    {
      level: 'Request',
      resources: [
        { group: '', resources: ['pods', 'services'] },
        { group: 'networking.k8s.io', resources: ['ingresses'] },
      ],
      verbs: ['create', 'update', 'patch'],
    },
    { level: 'Metadata' },
  ],
});

interface Receiver {
  child: ChildProcess;
  url: string;
  alerts: { auditID: string; ruleId: string; severity: string; user: string; message: string }[];
  stderr: () => string;
}

async function startReceiver(dir: string): Promise<Receiver> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      CLI,
      'audit',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '-o',
      'jsonl',
      '--queue-size',
      '5',
      '--tls-cert-file',
      path.join(dir, 'pki', 'receiver.crt'),
      '--tls-private-key-file',
      path.join(dir, 'pki', 'receiver.key'),
      '--client-ca-file',
      path.join(dir, 'pki', 'ca.crt'),
      '--ledger',
      path.join(dir, 'ledger'),
    ],
    { cwd: ROOT, env: { ...process.env, RAMPART_LEDGER_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const alerts: Receiver['alerts'] = [];
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
    for (let at = out.indexOf('\n'); at !== -1; at = out.indexOf('\n')) {
      alerts.push(JSON.parse(out.slice(0, at)));
      out = out.slice(at + 1);
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      err += chunk;
      const found = /"url":"(https:\/\/127\.0\.0\.1:\d+)"/.exec(err);
      if (found) resolve(found[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`audit serve exited (${code}): ${err}`)));
    setTimeout(() => reject(new Error(`audit serve did not start: ${err}`)), 60_000).unref();
  });
  return { child, url, alerts, stderr: () => err };
}

function get(
  url: string,
  ca: string,
  client: { cert?: string; key?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca, ...client }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('audit webhook backend → rampart audit serve', () => {
  test('actions through the API become the expected alerts; every event reaches the ledger, which verifies', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-audit-cluster-'));
    execFileSync(path.join(binDir, 'pki'), ['ca', '--dir', path.join(dir, 'pki')]);
    execFileSync(path.join(binDir, 'pki'), [
      'cert',
      '--dir',
      path.join(dir, 'pki'),
      '--name',
      'receiver',
      '--san',
      '127.0.0.1',
    ]);
    // the API server authenticates to the receiver with a client certificate of the same CA
    execFileSync(path.join(binDir, 'pki'), [
      'cert',
      '--dir',
      path.join(dir, 'pki'),
      '--name',
      'apiserver-audit',
      '--client',
    ]);
    const receiverCa = readFileSync(path.join(dir, 'pki', 'ca.crt'), 'utf8');
    const client = {
      cert: readFileSync(path.join(dir, 'pki', 'apiserver-audit.crt'), 'utf8'),
      key: readFileSync(path.join(dir, 'pki', 'apiserver-audit.key'), 'utf8'),
    };
    const receiver = await startReceiver(dir);
    const webhook = stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'rampart',
          cluster: { server: receiver.url, 'certificate-authority-data': Buffer.from(receiverCa).toString('base64') },
        },
      ],
      users: [
        {
          name: 'kube-apiserver',
          user: {
            'client-certificate-data': Buffer.from(client.cert).toString('base64'),
            'client-key-data': Buffer.from(client.key).toString('base64'),
          },
        },
      ],
      contexts: [{ name: 'rampart', context: { cluster: 'rampart', user: 'kube-apiserver' } }],
      'current-context': 'rampart',
    });
    const cp = await startControlPlane({
      binDir,
      controllerManager: false,
      files: { 'audit-webhook.yaml': webhook, 'audit-webhook-policy.yaml': POLICY },
      apiserverFlags: [
        '--audit-policy-file={dir}/audit-webhook-policy.yaml',
        '--audit-webhook-config-file={dir}/audit-webhook.yaml',
        '--audit-webhook-mode=batch',
        '--audit-webhook-batch-max-wait=1s',
        // small batches, unthrottled, sent while earlier ones are judged: the receiver's queue of 5
        // events fills and answers 429, which the backend retries
        '--audit-webhook-batch-max-size=5',
        '--audit-webhook-batch-throttle-enable=false',
        '--audit-webhook-initial-backoff=1s',
      ],
    });
    let stopped = false;
    try {
      const admin = cp.http;
      const ns = '/api/v1/namespaces/default';
      const rbac = '/apis/rbac.authorization.k8s.io/v1';
      const expected: { ruleId: string; user: string; auditId: string | undefined }[] = [];
      await admin.create(
        `${ns}/serviceaccounts`,
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
        true,
      );

      const pod = await admin.post(`${ns}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] },
      });
      assert.equal(pod.status, 201);
      expected.push({ ruleId: 'audit-privileged-pod-created', user: 'rampart-admin', auditId: pod.auditId });

      // no kubelet runs: the exec request itself is what the audit log records
      const exec = await admin.post(`${ns}/pods/web/exec`, undefined, { query: { command: 'sh', stdout: 'true' } });
      assert.ok(exec.status >= 400, `exec answered ${exec.status}`);
      expected.push({ ruleId: 'audit-pod-exec', user: 'rampart-admin', auditId: exec.auditId });

      await admin.create(`${ns}/secrets`, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db' },
        stringData: { password: 'x' },
      });
      await admin.create(`${rbac}/namespaces/default/roles`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'read-db' },
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
      });
      await admin.create(`${rbac}/namespaces/default/rolebindings`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'alice-reads-db' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-db' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
      });
      const alice = admin.as(cp.users.get('alice')?.token as string);
      const read = await until('alice to read the Secret', async () => {
        const res = await alice.get(`${ns}/secrets/db`);
        return res.status === 200 ? res : undefined;
      });
      expected.push({ ruleId: 'audit-secret-read', user: 'alice', auditId: read.auditId });
      const carol = await admin.as(cp.users.get('carol')?.token as string).get(`${ns}/secrets/db`);
      assert.equal(carol.status, 403);
      expected.push({ ruleId: 'audit-secret-read', user: 'carol', auditId: carol.auditId });

      const binding = await admin.post(`${rbac}/clusterrolebindings`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'bob-is-admin' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' }],
      });
      assert.equal(binding.status, 201);
      expected.push({ ruleId: 'audit-cluster-admin-bound', user: 'rampart-admin', auditId: binding.auditId });

      await admin.create(`${rbac}/clusterroles`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'list-namespaces' },
        rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list'] }],
      });
      await admin.create(`${rbac}/clusterrolebindings`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'anonymous-lists-namespaces' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'list-namespaces' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:anonymous' }],
      });
      const anonymous = await until('the anonymous request to be allowed', async () => {
        const res = await get(`${cp.server}/api/v1/namespaces`, cp.caPem);
        return res.status === 200 ? res : undefined;
      });
      assert.equal(anonymous.status, 200);
      expected.push({ ruleId: 'audit-anonymous-request-allowed', user: 'system:anonymous', auditId: undefined });

      const found = await until('every expected alert', () => {
        const missing = expected.filter(
          (e) =>
            !receiver.alerts.some(
              (a) => a.ruleId === e.ruleId && a.user === e.user && (e.auditId === undefined || a.auditID === e.auditId),
            ),
        );
        return missing.length === 0 ? receiver.alerts : undefined;
      }).catch((error: Error) => {
        throw new Error(
          `${error.message}\nalerts: ${JSON.stringify(receiver.alerts, null, 1)}\nstderr: ${receiver.stderr()}`,
        );
      });
      // by audit ID: alice's reads refused before RBAC caught up with her binding are alerts too (low)
      const severity = (ruleId: string, user: string) => {
        const auditId = expected.find((e) => e.ruleId === ruleId && e.user === user)?.auditId;
        return found.find((a) => a.ruleId === ruleId && a.auditID === auditId)?.severity;
      };
      assert.deepEqual(
        [
          severity('audit-secret-read', 'alice'),
          severity('audit-secret-read', 'carol'),
          severity('audit-cluster-admin-bound', 'rampart-admin'),
          severity('audit-privileged-pod-created', 'rampart-admin'),
        ],
        ['high', 'low', 'high', 'high'],
      );

      // every event the log backend wrote (same policy) reaches the receiver, through 429s and retries
      const logged = readFileSync(cp.auditLog, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { auditID: string; stage: string });
      const stats = await until('the receiver to take every logged event', async () => {
        const res = await get(`${receiver.url}/stats`, receiverCa, client);
        const body = JSON.parse(res.body) as { events: number; refusedEvents: number; refusedBatches: number };
        return body.events >= logged.length ? body : undefined;
      });
      await cp.stop();
      stopped = true;
      receiver.child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => receiver.child.on('exit', resolve));
      assert.equal(code, 0, receiver.stderr());

      const env = { RAMPART_LEDGER_KEY: KEY };
      const verify = await runCli(['audit', 'verify', path.join(dir, 'ledger')], { env });
      assert.equal(verify.code, 0, verify.stdout);
      assert.match(verify.stdout, /\nintact\n$/);
      const shown = await runCli(['audit', 'show', path.join(dir, 'ledger')], { env });
      const kept = new Set(
        shown.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { event: { auditID: string; stage: string } })
          .map((entry) => `${entry.event.auditID} ${entry.event.stage}`),
      );
      const lost = logged.filter((e) => !kept.has(`${e.auditID} ${e.stage}`));
      assert.deepEqual(lost, [], 'events in the API server log that never reached the ledger');
      t.diagnostic(
        `audit: ${logged.length} logged events all in the ledger (${kept.size} kept); ${stats.refusedBatches} batch(es), ${stats.refusedEvents} events refused with 429 and retried`,
      );
    } finally {
      if (!stopped) await cp.stop();
      if (receiver.child.exitCode === null) receiver.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
