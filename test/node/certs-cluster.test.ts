/*
 * `rampart certs` on a cluster snapshot: the certificates a cluster's objects hold (TLS Secrets,
 * ca.crt of other Secrets, kube-root-ca.crt and the API server's client CAs, webhook, APIService
 * and CRD conversion caBundles), named kind/namespace/name and field; no private key ever read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { CERTIFICATE_RESOURCES } from '../../src/analyze/certs/index.js';
import type { Collection } from '../../src/cluster/index.js';
import { minimalRole, writeSnapshot } from '../../src/cluster/index.js';
import type { KubeObject } from '../../src/core/resource.js';
import { runCli } from '../support/run-cli.js';
import { ecKey, issue, rsaKey } from '../support/x509.js';

interface JsonResult {
  ruleId: string;
  verdict: string;
  message: string;
  resource?: { kind: string; name: string };
}

const DAY = 86_400_000;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const dir = mkdtempSync(path.join(tmpdir(), 'rampart-certs-cluster-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const caKey = ecKey();
const ca = { cn: 'cluster-ca', key: caKey };
const caPem = issue({ cn: 'cluster-ca', key: caKey, notAfter: new Date(Date.now() + 3650 * DAY), ca: true });
const leafKey = ecKey();
const leafPem = issue({ cn: 'web', key: leafKey, issuer: ca, notAfter: new Date(Date.now() + 10 * DAY) });
const webhookKey = ecKey();
const webhookCa = issue({ cn: 'webhook-ca', key: webhookKey, notAfter: new Date(Date.now() - 2 * DAY), ca: true });
const weak = rsaKey(1024);
const conversionCa = issue({ cn: 'conversion-ca', key: weak, notAfter: new Date(Date.now() + 900 * DAY), ca: true });
const frontKey = ecKey();
const frontProxyCa = issue({
  cn: 'front-proxy-ca',
  key: frontKey,
  notAfter: new Date(Date.now() + 20 * DAY),
  ca: true,
});
const apiServiceKey = ecKey();
const apiServiceCa = issue({
  cn: 'metrics-ca',
  key: apiServiceKey,
  notAfter: new Date(Date.now() + 800 * DAY),
  ca: true,
});

const objects: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'web-tls', namespace: 'shop' },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(leafPem), 'tls.key': b64(leafKey.keyPem), 'ca.crt': b64(caPem) },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-root-ca.crt', namespace: 'shop' },
    data: { 'ca.crt': caPem },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-root-ca.crt', namespace: 'default' },
    data: { 'ca.crt': caPem },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'extension-apiserver-authentication', namespace: 'kube-system' },
    data: {
      'client-ca-file': caPem,
      'requestheader-client-ca-file': frontProxyCa,
      'requestheader-allowed-names': '["front-proxy-client"]',
    },
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'policy' },
    webhooks: [
      { name: 'a.example.com', clientConfig: { url: 'https://a.example.com' } },
      { name: 'b.example.com', clientConfig: { caBundle: b64(webhookCa), service: { name: 'b', namespace: 'x' } } },
    ],
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: 'v1beta1.metrics.k8s.io' },
    spec: { caBundle: b64(apiServiceCa), group: 'metrics.k8s.io', version: 'v1beta1' },
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      conversion: { strategy: 'Webhook', webhook: { clientConfig: { caBundle: b64(conversionCa) } } },
    },
  },
];

const collection: Collection = {
  context: 'prod-admin',
  cluster: 'prod',
  serverVersion: { gitVersion: 'v1.37.2', major: '1', minor: '37', platform: 'linux/amd64' },
  groupVersions: ['v1'],
  resources: [],
  undiscovered: [],
  skipped: [],
  objects,
};

describe('rampart certs on a cluster snapshot', () => {
  test('reports exactly the expired, expiring and weak certificates, named by object and field', async () => {
    const file = path.join(dir, 'cluster.json.gz');
    await writeSnapshot(collection, file);
    assert.ok(!gunzipSync(readFileSync(file)).toString('utf8').includes(b64(leafKey.keyPem)));
    const run = await runCli(['certs', file, '-o', 'json', '--show-passed']);
    assert.equal(run.stderr, '');
    const results = (JSON.parse(run.stdout) as { results: JsonResult[] }).results;
    const findings = results
      .filter((r) => r.verdict !== 'pass')
      .map((r) => `${r.ruleId} ${r.resource?.kind}: ${r.message}`)
      .sort();
    assert.deepEqual(findings, [
      `certificate-expiry Certificate: ConfigMap/kube-system/extension-apiserver-authentication requestheader-client-ca-file expires on ${day(20)}, in 19 days`,
      `certificate-expiry Certificate: Secret/shop/web-tls tls.crt expires on ${day(10)}, in 9 days`,
      `certificate-expiry Certificate: ValidatingWebhookConfiguration/policy webhooks[1].clientConfig.caBundle expired on ${day(-2)}`,
      'certificate-weak-crypto Certificate: CustomResourceDefinition/widgets.example.com spec.conversion.webhook.clientConfig.caBundle has a weak key: RSA 1024 bits (use at least 2048)',
    ]);
    // every certificate was judged, each once: the cluster CA is in four places
    const judged = new Set(results.map((r) => r.resource?.name));
    assert.equal(judged.size, 6, [...judged].join('\n'));
    assert.equal(run.code, 1);
  });

  test('the expiry table counts the copies of the cluster CA and the plan renews it with the TLS certificate', async () => {
    const file = path.join(dir, 'table.json.gz');
    await writeSnapshot(collection, file);
    const run = await runCli(['certs', file]);
    const lines = run.stdout.split('\n');
    assert.match(
      lines[1] ?? '',
      /expired 2 days ago\s+ValidatingWebhookConfiguration\/policy webhooks\[1\]\.clientConfig\.caBundle\s+yes/,
    );
    assert.match(
      lines[2] ?? '',
      /9 days\s+Secret\/shop\/web-tls tls\.crt\s+no\s+EC prime256v1\s+Secret\/shop\/web-tls ca\.crt$/,
    );
    assert.ok(
      run.stdout.includes(
        'renew the CA Secret/shop/web-tls ca.crt (and 3 copies), and with it the 1 certificate(s) it signed: Secret/shop/web-tls tls.crt',
      ),
      run.stdout,
    );
  });

  test('a kind the snapshot could not read is warned about only when it can hold certificates', async () => {
    const file = path.join(dir, 'skipped.json.gz');
    const refused = (resource: string, kind: string, group = '') => ({
      group,
      version: 'v1',
      resource,
      kind,
      reason: 'forbidden (403): the credentials may not list it',
    });
    await writeSnapshot(
      {
        ...collection,
        skipped: [
          refused('pods', 'Pod'),
          refused('mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', 'admissionregistration.k8s.io'),
        ],
      },
      file,
    );
    const run = await runCli(['certs', file, '-o', 'json']);
    assert.equal(
      run.stderr,
      'rampart: warning: mutatingwebhookconfigurations (MutatingWebhookConfiguration, admissionregistration.k8s.io/v1) was not read: forbidden (403): the credentials may not list it\n',
    );
    const skips = (JSON.parse(run.stdout) as { results: JsonResult[] }).results.filter((r) => r.verdict === 'skip');
    assert.deepEqual(
      skips.map((r) => r.ruleId),
      ['kind-skipped'],
    );
  });

  test('the minimal ClusterRole lists every kind that holds certificates', () => {
    const role = minimalRole();
    const listed = new Set(
      (role.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[]).flatMap((rule) =>
        rule.verbs.includes('list') ? rule.apiGroups.flatMap((g) => rule.resources.map((r) => `${g}/${r}`)) : [],
      ),
    );
    assert.deepEqual(
      [...CERTIFICATE_RESOURCES].filter((key) => !listed.has(key)),
      [],
    );
  });

  test('--cluster and paths together are a usage error', async () => {
    const run = await runCli(['certs', '--cluster', 'pki']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /either the cluster/);
  });
});

function day(offset: number): string {
  return new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
}
