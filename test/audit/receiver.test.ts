import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { type AuditAlert, AuditPipeline, AuditReceiver, type Judge } from '../../src/audit/index.js';
import { auditJudge } from '../../src/cli/audit-run.js';
import { withCapturedIo } from '../support/run-cli.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const cert = readFileSync(path.join(FIXTURES, 'receiver.crt'));
const key = readFileSync(path.join(FIXTURES, 'receiver.key'));

const event = (user: string) => ({
  auditID: `id-${user}`,
  stage: 'ResponseComplete',
  verb: 'get',
  user: { username: user, groups: ['system:authenticated'] },
  objectRef: { resource: 'secrets', namespace: 'shop', name: 'db', apiVersion: 'v1' },
  responseStatus: { code: 200 },
});
/** What the API server's webhook backend posts: an EventList whose items have no kind. */
const batch = (...users: string[]) =>
  JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: users.map(event) });

function post(
  url: string,
  body: string,
  client: { cert?: Buffer; key?: Buffer } = {},
): Promise<{ status: number; body: string; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/`,
      { method: 'POST', ca: cert, headers: { 'content-type': 'application/json' }, ...client },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            ...(res.headers['retry-after'] ? { retryAfter: res.headers['retry-after'] as string } : {}),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { ca: cert }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

const quiet = { info() {}, warn() {}, error() {} };

async function receiverWith(judge: Judge, maxQueuedEvents = 10_000, maxBodyBytes?: number) {
  const alerts: AuditAlert[] = [];
  const pipeline = new AuditPipeline({
    judge,
    failOn: 'high',
    batchSize: Number.POSITIVE_INFINITY,
    sinks: [{ write: (a) => void alerts.push(...a) }],
  });
  const receiver = new AuditReceiver({
    cert,
    key,
    host: '127.0.0.1',
    port: 0,
    pipeline,
    log: quiet,
    maxQueuedEvents,
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
  });
  return { receiver, url: await receiver.start(), alerts };
}

/** The judge `audit serve` builds: the scan service with the audit rules, no rampart.yaml. */
async function realJudge(): Promise<Judge> {
  let judge: Judge | undefined;
  await withCapturedIo({ cwd: tmpdir() }, async (io) => {
    judge = (await auditJudge({ output: 'table', keyEnv: 'UNSET', ledgerRecord: 'events' }, io)).judge;
    return 0;
  });
  return judge as Judge;
}

describe('audit receiver', () => {
  test('with a client CA, only a client certificate that chains to it may post', async () => {
    const alerts: AuditAlert[] = [];
    const pipeline = new AuditPipeline({
      judge: await realJudge(),
      failOn: 'high',
      batchSize: Number.POSITIVE_INFINITY,
      sinks: [{ write: (a) => void alerts.push(...a) }],
    });
    const receiver = new AuditReceiver({
      cert,
      key,
      clientCa: readFileSync(path.join(FIXTURES, 'client-ca.crt')),
      host: '127.0.0.1',
      port: 0,
      pipeline,
      log: quiet,
    });
    const url = await receiver.start();
    try {
      await assert.rejects(post(url, batch('mallory')), 'no client certificate: the handshake fails');
      const client = {
        cert: readFileSync(path.join(FIXTURES, 'client.crt')),
        key: readFileSync(path.join(FIXTURES, 'client.key')),
      };
      assert.equal((await post(url, batch('alice'), client)).status, 200);
      assert.deepEqual(
        alerts.map((a) => a.user),
        ['alice'],
      );
    } finally {
      await receiver.stop();
    }
  });

  test('an EventList batch is judged before it is acknowledged, over TLS', async () => {
    const { receiver, url, alerts } = await receiverWith(await realJudge());
    try {
      const answer = await post(url, batch('alice', 'system:kube-controller-manager'));
      assert.equal(answer.status, 200);
      assert.deepEqual(
        alerts.map((a) => [a.ruleId, a.user, a.location?.file]),
        [['audit-secret-read', 'alice', 'webhook batch 1']],
      );
      assert.equal(receiver.stats.events, 2);
    } finally {
      await receiver.stop();
    }
  });

  test('a full queue refuses with 429, Retry-After and a Status the API server retries on; refused events are counted', async () => {
    const judge = await realJudge();
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { receiver, url } = await receiverWith(async (resources) => {
      await gate;
      return judge(resources);
    }, 4);
    try {
      const first = post(url, batch('a', 'b', 'c'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = await post(url, batch('d', 'e', 'f'));
      assert.equal(second.status, 429);
      assert.equal(second.retryAfter, '1');
      assert.deepEqual(JSON.parse(second.body).details, { retryAfterSeconds: 1 });
      open();
      assert.equal((await first).status, 200);
      assert.equal((await post(url, batch('d', 'e', 'f'))).status, 200, 'the retry is taken once there is room');
      assert.deepEqual([receiver.stats.refusedBatches, receiver.stats.refusedEvents, receiver.stats.events], [1, 3, 6]);
      const metrics = await get(`${url}/metrics`);
      assert.match(metrics, /^rampart_audit_events_total\{result="refused"\} 3$/m);
      assert.match(metrics, /^rampart_audit_events_total\{result="accepted"\} 6$/m);
      assert.match(metrics, /^rampart_audit_alerts_total\{severity="high"\} 6$/m);
      assert.match(metrics, /^rampart_audit_queue_events 0$/m);
    } finally {
      open();
      await receiver.stop();
    }
  });

  test('hostile bodies: garbage is a counted 400, an oversized body a 413, and the server goes on', async () => {
    const { receiver, url } = await receiverWith(await realJudge(), 100, 2000);
    try {
      assert.equal((await post(url, '{"kind":"EventList","items":[{"nope":1}]}')).status, 400);
      assert.equal((await post(url, 'x'.repeat(5000))).status, 413);
      assert.equal((await post(url, batch('alice'))).status, 200);
      assert.deepEqual([receiver.stats.unreadable, receiver.stats.tooLarge, receiver.stats.events], [1, 1, 1]);
    } finally {
      await receiver.stop();
    }
  });
});
