/*
 * The webhook through the real API server: registered with the test control plane (a URL on
 * loopback and the cluster CA as caBundle), it must deny what `rampart scan` fails at fail-on with
 * the scan's messages, warn the rest in the API response, write audit annotations to the audit
 * log, persist its mutations, judge dry runs alike, agree with the in-tree PodSecurity plugin word
 * for word, and leave the API server to apply the declared failurePolicy when it is too slow or
 * gone. Run by `npm run test:cluster`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AdmissionRequest,
  type NamespaceLabels,
  podSecurity,
  type RunningWebhook,
  startWebhook,
  watchNamespaces,
} from '../../src/admission/index.js';
import type { KubeObject, Result } from '../../src/core/index.js';
import { atOrAbove } from '../../src/core/severity.js';
import { resourceSource } from '../../src/scan/index.js';
import { type ControlPlane, startControlPlane } from '../support/control-plane/index.js';
import { mapLimit, statusMessage } from '../support/kube-http.js';
import { privilegedPod, restrictedPod, reviewFor } from '../support/webhook.js';
import { Random } from './oracle.js';
import { generatePods } from './pss-generator.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads deep fields of objects the API server returns
type Loose = Record<string, any>;

const binDir = process.env.RAMPART_CONTROL_PLANE_BIN;
if (!binDir) throw new Error('RAMPART_CONTROL_PLANE_BIN is not set: run these tests with npm run test:cluster');

const RAMPART_YAML = `failOn: high
webhook:
  mutate: [container-read-only-root-filesystem]
  podSecurity:
    defaults:
      enforce: baseline
`;
const TEST_LABEL = { 'rampart-test': 'true' };
const NAMESPACES: Record<string, Record<string, string>> = {
  'wh-enforce': { ...TEST_LABEL },
  'wh-audit': { ...TEST_LABEL, 'rampart.dev/mode': 'audit', 'pod-security.kubernetes.io/enforce': 'privileged' },
  'wh-psa': { ...TEST_LABEL, 'rampart.dev/mode': 'off' },
  // not judged by the webhook: the in-tree plugin's own answer, the oracle for wh-psa
  'wh-oracle': { 'pod-security.kubernetes.io/enforce': 'baseline' },
  // nobody judges pods here: a dry run shows a pod as admission sees it, defaults set
  'wh-plain': {},
};

let cp: ControlPlane;
let webhook: RunningWebhook | undefined;
let namespaces: NamespaceLabels;
let dir: string;

const podsOf = (ns: string) => `/api/v1/namespaces/${ns}/pods`;
const named = (pod: KubeObject, name: string, ns: string): KubeObject => ({
  ...pod,
  metadata: { name, namespace: ns },
});

async function setFailurePolicy(policy: 'Fail' | 'Ignore', timeoutSeconds = 2): Promise<void> {
  for (const kind of ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']) {
    const url = `/apis/admissionregistration.k8s.io/v1/${kind}/rampart-webhook`;
    const current = (await cp.http.get<Loose>(url)).body;
    for (const hook of current.webhooks) Object.assign(hook, { failurePolicy: policy, timeoutSeconds });
    const res = await cp.http.put(url, current);
    assert.equal(res.status, 200, statusMessage(res.body));
  }
  // the API server picks configuration changes up through its informer
  await sleep(1500);
}

before(async () => {
  cp = await startControlPlane({ binDir, controllerManager: false });
  dir = mkdtempSync(path.join(tmpdir(), 'rampart-webhook-cluster-'));
  writeFileSync(path.join(dir, 'rampart.yaml'), RAMPART_YAML);
  for (const [name, labels] of Object.entries(NAMESPACES)) {
    await cp.http.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
    // no controller manager here to make it
    await cp.http.create(`/api/v1/namespaces/${name}/serviceaccounts`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default' },
    });
  }
  const { certFile, keyFile } = cp.issueCertificate('rampart-webhook', ['127.0.0.1']);
  namespaces = await watchNamespaces({ kubeconfig: cp.admin.kubeconfig });
  webhook = await startWebhook({
    cwd: dir,
    certFile,
    keyFile,
    port: 0,
    host: '127.0.0.1',
    namespaces,
    // objects named slow-* take longer than the configuration's timeoutSeconds
    wrapJudge: (judge) => async (call) => {
      if (call.request.name?.startsWith('slow-')) await sleep(4000);
      return judge(call);
    },
  });
  for (let i = 0; i < 100 && !namespaces.synced(); i++) await sleep(100);
  assert.ok(namespaces.synced(), 'the namespace list arrived');
  assert.equal((await namespaces.labels('wh-audit'))?.['rampart.dev/mode'], 'audit', 'the labels are read');
  const hook = (name: string) => ({
    name: `${name}.rampart.dev`,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy: 'Fail',
    timeoutSeconds: 2,
    clientConfig: {
      url: `https://127.0.0.1:${webhook?.port}/${name}`,
      caBundle: Buffer.from(cp.caPem).toString('base64'),
    },
    rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] }],
    namespaceSelector: { matchLabels: TEST_LABEL },
  });
  await cp.http.create('/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'rampart-webhook' },
    webhooks: [hook('validate')],
  });
  await cp.http.create('/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'rampart-webhook' },
    webhooks: [{ ...hook('mutate'), reinvocationPolicy: 'Never' }],
  });
  await sleep(1500);
});

after(async () => {
  await webhook?.close();
  await namespaces?.stop();
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** What `rampart scan` reports for the object, through the scanner the webhook built. */
async function scanFindings(object: KubeObject): Promise<Result[]> {
  const outcome = await (webhook as RunningWebhook).scanner.scan(
    resourceSource([{ object, origin: { kind: 'admission', uid: 'scan', operation: 'CREATE' } }]),
  );
  return outcome.results.filter((r) => r.verdict === 'fail' && !r.suppressed);
}

describe('the webhook through the API server', () => {
  test('denies with the messages rampart scan gives, dry run alike', async () => {
    const pod = named(privilegedPod(), 'root', 'wh-enforce');
    const expected = (await scanFindings(pod)).filter((r) => atOrAbove(r.severity, 'high'));
    assert.ok(expected.length > 0);
    for (const dryRun of [true, false]) {
      const res = await cp.http.post(podsOf('wh-enforce'), pod, dryRun ? { query: { dryRun: 'All' } } : {});
      assert.equal(res.status, 403, statusMessage(res.body));
      const message = statusMessage(res.body);
      assert.match(message, /^admission webhook "validate.rampart.dev" denied the request: /);
      for (const r of expected) assert.ok(message.includes(`[${r.ruleId}] ${r.message}`), `${r.ruleId} in ${message}`);
    }
  });

  test('admits a compliant pod with warnings for findings below fail-on, and persists the opted-in fix', async () => {
    const pod = named(restrictedPod(), 'good', 'wh-enforce');
    const dry = await cp.http.post(podsOf('wh-enforce'), pod, { query: { dryRun: 'All' } });
    assert.equal(dry.status, 201, statusMessage(dry.body));
    assert.equal((await cp.http.get(`${podsOf('wh-enforce')}/good`)).status, 404, 'a dry run persists nothing');
    const res = await cp.http.post(podsOf('wh-enforce'), pod);
    assert.equal(res.status, 201, statusMessage(res.body));
    assert.ok(
      res.warnings.some((w) => w.startsWith('rampart changed this object: [container-read-only-root-filesystem]')),
    );
    const stored = (await cp.http.get<Loose>(`${podsOf('wh-enforce')}/good`)).body;
    assert.equal(stored.spec.containers[0].securityContext.readOnlyRootFilesystem, true, 'the mutation is persisted');
    // the webhook judged the pod as the API server holds it (defaults set, the fix applied): so does this scan
    const below = (await scanFindings(stored as KubeObject)).filter((r) => !atOrAbove(r.severity, 'high'));
    assert.ok(below.length > 0);
    for (const r of below)
      assert.ok(
        res.warnings.includes(`[${r.ruleId}] ${r.message}`),
        `warning for ${r.ruleId}: ${res.warnings.join(' | ')}`,
      );
    assert.ok(
      !res.warnings.some((w) => w.startsWith('[container-read-only-root-filesystem]')),
      'fixed before validation',
    );
  });

  test('audit mode admits and writes the findings to the audit log', async () => {
    const res = await cp.http.post(podsOf('wh-audit'), named(privilegedPod(), 'audited', 'wh-audit'));
    assert.equal(res.status, 201, statusMessage(res.body));
    let annotation: string | undefined;
    for (let i = 0; i < 50 && !annotation; i++) {
      await sleep(100);
      for (const line of readFileSync(cp.auditLog, 'utf8').split('\n')) {
        if (!line.includes(res.auditId ?? '-')) continue;
        const event = JSON.parse(line);
        annotation ??= event.annotations?.['validate.rampart.dev/audit-violations'];
      }
    }
    assert.match(annotation ?? '', /\[pss-privileged\] container "app" must not set securityContext.privileged=true/);
  });

  test('a namespace created a moment ago is judged with its labels', async () => {
    const name = 'wh-late';
    await cp.http.create('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: { ...TEST_LABEL, 'rampart.dev/mode': 'audit', 'pod-security.kubernetes.io/enforce': 'privileged' },
      },
    });
    await cp.http.create(`/api/v1/namespaces/${name}/serviceaccounts`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default' },
    });
    const res = await cp.http.post(podsOf(name), named(privilegedPod(), 'early', name), { query: { dryRun: 'All' } });
    assert.equal(res.status, 201, statusMessage(res.body));
  });

  test('Pod Security through the webhook answers word for word as the in-tree plugin', async () => {
    const oracle = await cp.http.post(podsOf('wh-oracle'), named(privilegedPod(), 'p', 'wh-oracle'), {
      query: { dryRun: 'All' },
    });
    const ours = await cp.http.post(podsOf('wh-psa'), named(privilegedPod(), 'p', 'wh-psa'), {
      query: { dryRun: 'All' },
    });
    assert.equal(oracle.status, 403);
    assert.equal(ours.status, 403);
    const tail = (text: string) => text.slice(text.indexOf('violates PodSecurity'));
    assert.match(statusMessage(oracle.body), /^pods "p" is forbidden: violates PodSecurity "baseline:latest": /);
    assert.equal(tail(statusMessage(ours.body)), tail(statusMessage(oracle.body)));
  });

  test('Pod Security on generated pods at every level and version: the same answer and words as the in-tree plugin', async () => {
    const cases = generatePods(new Random(20_371_211), 150);
    const namespaceOf = (level: string, version: string) => `wh-o-${level}-${version.replace('.', '-')}`;
    const made = new Set<string>();
    for (const { level, version } of cases) {
      const name = namespaceOf(level, version);
      if (made.has(name)) continue;
      made.add(name);
      const labels = {
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': version,
      };
      await cp.http.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
      await cp.http.create(`/api/v1/namespaces/${name}/serviceaccounts`, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default' },
      });
    }
    const disagreements: string[] = [];
    let compared = 0;
    let denied = 0;
    await mapLimit(cases, 8, async ({ pod, level, version }, i) => {
      const ns = namespaceOf(level, version);
      const object = { ...(pod as KubeObject), metadata: { ...(pod as KubeObject).metadata, namespace: ns } };
      const server = await cp.http.post(podsOf(ns), object, { query: { dryRun: 'All' } });
      const labels = {
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': version,
      };
      // a webhook is sent the pod with the API server's defaults (an AppArmor annotation copied to
      // its field, among them), as the in-tree plugin judges it
      const plain = await cp.http.post<KubeObject>(
        podsOf('wh-plain'),
        { ...object, metadata: { ...object.metadata, namespace: 'wh-plain' } },
        { query: { dryRun: 'All' } },
      );
      if (plain.status !== 201) return;
      const defaulted = { ...plain.body, metadata: { ...plain.body.metadata, namespace: ns } };
      const request = (reviewFor(defaulted) as { request: AdmissionRequest }).request;
      const ours = podSecurity(request, labels, {});
      const theirs =
        server.status === 403 ? statusMessage(server.body).replace(/^pods "[^"]*" is forbidden: /, '') : '';
      // anything else the API server refuses (validation) is not Pod Security's answer
      if (server.status !== 403 && server.status !== 201) return;
      const mine = ours?.allowed === false ? (ours.status?.message ?? '') : '';
      compared++;
      if (theirs) denied++;
      if (mine !== theirs) disagreements.push(`#${i} ${level}:${version}\n  api:  ${theirs}\n  ours: ${mine}`);
    });
    assert.deepEqual(disagreements, []);
    assert.ok(compared >= 120 && denied >= 40 && compared - denied >= 10, `${compared} compared, ${denied} denied`);
  });

  test('too slow: Fail denies, Ignore admits', async () => {
    const slow = named(restrictedPod(), 'slow-one', 'wh-enforce');
    const denied = await cp.http.post(podsOf('wh-enforce'), slow, { query: { dryRun: 'All' } });
    assert.equal(denied.status, 500, statusMessage(denied.body));
    assert.match(statusMessage(denied.body), /failed calling webhook .*(deadline|timeout)/i);
    await setFailurePolicy('Ignore');
    const admitted = await cp.http.post(podsOf('wh-enforce'), slow, { query: { dryRun: 'All' }, timeoutMs: 30_000 });
    assert.equal(admitted.status, 201, statusMessage(admitted.body));
  });

  test('stopped: Ignore admits unjudged, Fail denies', async () => {
    await webhook?.close();
    webhook = undefined;
    const pod = named(privilegedPod(), 'unjudged', 'wh-enforce');
    const admitted = await cp.http.post(podsOf('wh-enforce'), pod, { query: { dryRun: 'All' } });
    assert.equal(admitted.status, 201, statusMessage(admitted.body));
    await setFailurePolicy('Fail');
    const denied = await cp.http.post(podsOf('wh-enforce'), pod, { query: { dryRun: 'All' } });
    assert.equal(denied.status, 500, statusMessage(denied.body));
    assert.match(statusMessage(denied.body), /failed calling webhook/);
  });
});
