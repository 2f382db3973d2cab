import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import {
  httpsRequest,
  privilegedPod,
  restrictedPod,
  reviewFor,
  type TestCerts,
  testCerts,
} from '../../test/support/webhook.js';
import { createCertificateAuthority, issueServingCertificate } from './certificates.js';
import { WebhookMetrics } from './metrics.js';
import { staticNamespaces } from './namespaces.js';
import { startWebhookServer } from './server.js';
import { type RunningWebhook, startWebhook } from './webhook.js';

let certs: TestCerts;
let cwd: string;
let webhook: RunningWebhook;
let ready = false;

before(async () => {
  certs = testCerts();
  cwd = mkdtempSync(path.join(tmpdir(), 'rampart-serve-'));
  writeFileSync(path.join(cwd, 'rampart.yaml'), 'failOn: high\n');
  const namespaces = { ...staticNamespaces({ team: {} }), synced: () => ready };
  webhook = await startWebhook({
    cwd,
    certFile: certs.certFile,
    keyFile: certs.keyFile,
    port: 0,
    host: '127.0.0.1',
    namespaces,
    bodyLimit: 64 * 1024,
    handshakeTimeoutMs: 500,
    headersTimeoutMs: 500,
    requestTimeoutMs: 1000,
    maxConnections: 250,
    reloadIntervalMs: 100,
  });
});
after(async () => {
  await webhook.close();
  certs.cleanup();
  rmSync(cwd, { recursive: true, force: true });
});

const post = (urlPath: string, body: unknown) =>
  httpsRequest(webhook.port, certs.caPem, 'POST', urlPath, typeof body === 'string' ? body : JSON.stringify(body));

describe('rampart webhook serve', () => {
  test('healthz always, readyz only when ready, metrics in Prometheus text', async () => {
    assert.equal((await httpsRequest(webhook.port, certs.caPem, 'GET', '/healthz')).status, 200);
    assert.equal((await httpsRequest(webhook.port, certs.caPem, 'GET', '/readyz')).status, 503);
    ready = true;
    assert.equal((await httpsRequest(webhook.port, certs.caPem, 'GET', '/readyz')).status, 200);
    const metrics = await httpsRequest(webhook.port, certs.caPem, 'GET', '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /# TYPE rampart_admission_duration_seconds histogram/);
    assert.match(metrics.body, /process_resident_memory_bytes/);
    assert.equal((await httpsRequest(webhook.port, certs.caPem, 'GET', '/nothing')).status, 404);
    assert.equal((await httpsRequest(webhook.port, certs.caPem, 'GET', '/validate')).status, 405);
  });

  test('answers AdmissionReviews over TLS on the validating and mutating paths', async () => {
    const denied = await post('/validate', reviewFor(privilegedPod(), { uid: 'a-1' }));
    assert.equal(denied.status, 200);
    const review = JSON.parse(denied.body);
    assert.equal(review.apiVersion, 'admission.k8s.io/v1');
    assert.equal(review.kind, 'AdmissionReview');
    assert.equal(review.response.uid, 'a-1');
    assert.equal(review.response.allowed, false);
    assert.match(
      review.response.status.message,
      /\[pss-privileged\] container "app" must not set securityContext.privileged=true/,
    );
    const allowed = JSON.parse((await post('/validate', reviewFor(restrictedPod(), { uid: 'a-2' }))).body);
    assert.equal(allowed.response.allowed, true);
    const mutated = JSON.parse((await post('/mutate', reviewFor(privilegedPod(), { uid: 'a-3' }))).body);
    assert.deepEqual(mutated.response, { uid: 'a-3', allowed: true }, 'no mutation without opt-in');
    const metrics = await webhook.metrics.text();
    assert.match(metrics, /rampart_admission_decisions_total\{rule="pss-privileged",mode="enforce",decision="deny"\}/);
  });

  test('faults get their documented answers and the server keeps serving', async () => {
    assert.equal((await post('/validate', '{"apiVersion": ')).status, 400);
    const wrongVersion = await post('/validate', {
      ...reviewFor(privilegedPod()),
      apiVersion: 'admission.k8s.io/v1beta1',
    });
    assert.equal(wrongVersion.status, 400);
    assert.match(wrongVersion.body, /admission.k8s.io\/v1/);
    const review = reviewFor(privilegedPod()) as { request: Record<string, unknown> };
    const noObject = await post('/validate', { ...review, request: { ...review.request, object: undefined } });
    assert.equal(noObject.status, 400);
    assert.match(noObject.body, /request.object is missing/);
    const huge = await post('/validate', JSON.stringify({ ...review, padding: 'x'.repeat(100 * 1024) }));
    assert.equal(huge.status, 413);
    const metrics = await webhook.metrics.text();
    assert.match(metrics, /rampart_admission_errors_total\{kind="bad_request"\} 3/);
    assert.match(metrics, /rampart_admission_errors_total\{kind="body_too_large"\} 1/);
    assert.equal(JSON.parse((await post('/validate', reviewFor(restrictedPod()))).body).response.allowed, true);
  });

  test('only TLS 1.2 and later', async () => {
    const version = (min: tls.SecureVersion, max: tls.SecureVersion) =>
      new Promise<string>((resolve) => {
        const socket = tls.connect({
          host: '127.0.0.1',
          port: webhook.port,
          ca: certs.caPem,
          minVersion: min,
          maxVersion: max,
        });
        socket.once('secureConnect', () => {
          resolve(socket.getProtocol() ?? '');
          socket.destroy();
        });
        socket.once('error', () => resolve('refused'));
      });
    assert.equal(await version('TLSv1', 'TLSv1.1'), 'refused');
    assert.equal(await version('TLSv1.2', 'TLSv1.2'), 'TLSv1.2');
    assert.equal(await version('TLSv1.3', 'TLSv1.3'), 'TLSv1.3');
  });

  test('slow clients: headers or a body that never end are cut off', async () => {
    const stalled = (text: string) =>
      new Promise<{ answer: string; ms: number }>((resolve) => {
        const started = Date.now();
        let answer = '';
        const socket = tls.connect({ host: '127.0.0.1', port: webhook.port, ca: certs.caPem }, () =>
          socket.write(text),
        );
        socket.on('data', (chunk) => {
          answer += chunk;
        });
        socket.on('error', () => {});
        socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
      });
    const headers = await stalled('POST /validate HTTP/1.1\r\nHost: x\r\n');
    assert.match(headers.answer, /^HTTP\/1.1 408/);
    assert.ok(headers.ms < 20_000, `closed after ${headers.ms} ms`);
    const body = await stalled('POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"apiVersion"');
    assert.match(body.answer, /^HTTP\/1.1 408/);
    assert.ok(body.ms < 20_000, `closed after ${body.ms} ms`);
  });

  test('many idle connections are bounded and dropped; the server answers once they are gone', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 300 }, () => {
        const socket = net.connect(webhook.port, '127.0.0.1');
        socket.on('error', () => {});
        return new Promise<net.Socket>((resolve) => socket.once('connect', () => resolve(socket)));
      }),
    );
    let most = 0;
    const count = () => new Promise<number>((resolve) => webhook.server.getConnections((_error, n) => resolve(n ?? 0)));
    const closed = () => sockets.filter((s) => s.destroyed || s.readyState === 'closed').length;
    for (let i = 0; i < 200 && closed() < 300; i++) {
      most = Math.max(most, await count());
      await sleep(50);
    }
    assert.ok(most <= 250, `at most maxConnections are held (${most})`);
    assert.equal(closed(), 300, 'connections above the limit are refused, idle ones without a handshake dropped');
    assert.equal(JSON.parse((await post('/validate', reviewFor(restrictedPod()))).body).response.allowed, true);
  });

  test('a new certificate is served to new connections without dropping open ones', async () => {
    // a server of its own, with the default timeouts: the test's server cuts idle clients off fast
    const own = testCerts();
    const server = await startWebhookServer({
      certFile: own.certFile,
      keyFile: own.keyFile,
      port: 0,
      host: '127.0.0.1',
      handler: async (call) => ({ uid: call.request.uid, allowed: true }),
      ready: () => true,
      metrics: new WebhookMetrics(),
      reloadIntervalMs: 100,
    });
    const agent = new https.Agent({ keepAlive: true, ca: own.caPem, maxSockets: 1 });
    const get = (ca: string, useAgent: https.Agent | false) =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = https.request(
          { host: '127.0.0.1', port: server.port, path: '/healthz', ca, agent: useAgent },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      assert.equal((await get(own.caPem, agent)).status, 200);
      const ca = createCertificateAuthority('rotated-ca');
      const leaf = issueServingCertificate({ commonName: 'rampart-webhook', sans: ['127.0.0.1'], issuer: ca });
      writeFileSync(own.keyFile, leaf.key);
      writeFileSync(own.certFile, leaf.cert);
      let rotated = false;
      for (let i = 0; i < 100 && !rotated; i++) {
        await sleep(100);
        rotated = await get(ca.cert, false).then(
          (r) => r.status === 200,
          () => false,
        );
      }
      assert.ok(rotated, 'new connections get the new certificate');
      await assert.rejects(get(own.caPem, false), 'the old CA no longer verifies new connections');
      assert.deepEqual(await get(own.caPem, agent), { status: 200, reused: true }, 'the open connection carried on');
    } finally {
      agent.destroy();
      await server.close();
      own.cleanup();
    }
  });
});
