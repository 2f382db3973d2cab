/*
 * `rampart certs --kubeconfig` on a real control plane: the certificates its objects hold — the
 * cluster CA the controller manager publishes in every namespace's kube-root-ca.crt and the API
 * server in extension-apiserver-authentication, a TLS Secret signed by that CA that expires in 5
 * days, a webhook configuration whose caBundle has a weak key — judged exactly; the same as a user
 * who may list only the kinds that hold certificates; and the same from a snapshot of the cluster.
 * Run by `npm run test:cluster` (RAMPART_CONTROL_PLANE_BIN is the folder of the built binaries).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CERTIFICATE_RESOURCES } from '../../src/analyze/certs/index.js';
import { type ControlPlane, startControlPlane } from '../support/control-plane/index.js';
import { runCli } from '../support/run-cli.js';
import { ecKey, issue, rsaKey, signerFromFile } from '../support/x509.js';

const binDir = process.env.RAMPART_CONTROL_PLANE_BIN;
if (!binDir) throw new Error('RAMPART_CONTROL_PLANE_BIN is not set: run these tests with npm run test:cluster');

interface JsonResult {
  ruleId: string;
  verdict: string;
  message: string;
  resource?: { kind: string; name: string };
}

const DAY = 86_400_000;
const b64 = (text: string) => Buffer.from(text).toString('base64');
let cp: ControlPlane;

async function certs(args: string[]): Promise<{ results: JsonResult[]; code: number; stderr: string }> {
  const run = await runCli(['certs', ...args, '-o', 'json', '--show-passed'], { cwd: cp.dir });
  return { results: (JSON.parse(run.stdout) as { results: JsonResult[] }).results, code: run.code, stderr: run.stderr };
}

/** Findings with the dates of the week-long test PKI left out: they depend on the day of the run. */
const findings = (results: JsonResult[]) =>
  results
    .filter((r) => r.verdict !== 'pass')
    .map((r) => `${r.ruleId}: ${r.message.replace(/on \d{4}-\d\d-\d\d, in \d+ days/, 'soon')}`)
    .sort();

describe('rampart certs on a running cluster', () => {
  before(async () => {
    cp = await startControlPlane({ binDir: binDir as string });
    const signer = signerFromFile(path.join(cp.dir, 'pki', 'ca.key'));
    const key = ecKey();
    const leaf = issue({
      cn: 'web.certs-test.svc',
      key,
      issuer: { cn: 'rampart-test-ca', key: signer },
      notAfter: new Date(Date.now() + 5 * DAY),
      sans: ['web.certs-test.svc'],
    });
    await cp.http.create('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'certs-test' },
    });
    await cp.http.create('/api/v1/namespaces/certs-test/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web-tls' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': b64(leaf), 'tls.key': b64(key.keyPem) },
    });
    const weak = rsaKey(1024);
    const bundle = issue({ cn: 'webhook-ca', key: weak, notAfter: new Date(Date.now() + 400 * DAY), ca: true });
    await cp.http.create('/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'certs-test' },
      webhooks: [
        {
          name: 'widgets.certs-test.example.com',
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          failurePolicy: 'Ignore',
          clientConfig: { caBundle: b64(bundle), service: { name: 'webhook', namespace: 'certs-test' } },
          // a group no object belongs to: the webhook, which never answers, is never called
          rules: [
            {
              apiGroups: ['certs-test.example.com'],
              apiVersions: ['v1'],
              operations: ['CREATE'],
              resources: ['widgets'],
            },
          ],
        },
      ],
    });
    // the controller manager publishes the CA in each namespace a moment after the namespace exists
    for (let i = 0; i < 120; i++) {
      const res = await cp.http.get('/api/v1/namespaces/certs-test/configmaps/kube-root-ca.crt');
      if (res.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
  after(async () => {
    await cp?.stop();
  });

  const expected = [
    // the test PKI is valid for a week; its CA is found in every namespace's kube-root-ca.crt
    'certificate-expiry: ConfigMap/certs-test/kube-root-ca.crt ca.crt expires soon',
    'certificate-expiry: Secret/certs-test/web-tls tls.crt expires soon',
    'certificate-weak-crypto: ValidatingWebhookConfiguration/certs-test webhooks[0].clientConfig.caBundle has a weak key: RSA 1024 bits (use at least 2048)',
  ];

  test('reports exactly the expiring TLS Secret, the expiring CA and the weak caBundle', async () => {
    const run = await certs(['--kubeconfig', cp.admin.kubeconfig]);
    assert.equal(run.stderr, '');
    assert.deepEqual(findings(run.results), expected);
    // three certificates, each judged once: the CA is in a ConfigMap of every namespace
    assert.equal(new Set(run.results.map((r) => r.resource?.name)).size, 3);
    assert.equal(run.code, 1);
    // the Secret's private key is never read, let alone printed
    assert.ok(!JSON.stringify(run.results).includes('PRIVATE KEY'));
  });

  test('as a user who may list only the kinds that hold certificates: the same results, nothing skipped', async () => {
    const byGroup = new Map<string, string[]>();
    for (const key of CERTIFICATE_RESOURCES) {
      const [group = '', resource = ''] = key.split('/');
      byGroup.set(group, [...(byGroup.get(group) ?? []), resource]);
    }
    await cp.http.create('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'rampart-certs-test' },
      rules: [...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: ['list'] })),
    });
    await cp.http.create('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'rampart-certs-test' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rampart-certs-test' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }],
    });
    const carol = cp.users.get('carol');
    assert.ok(carol);
    const run = await certs(['--kubeconfig', carol.kubeconfig]);
    assert.equal(run.stderr, '', 'no kind was skipped');
    assert.deepEqual(findings(run.results), expected);
    // and one who may list nothing: the Secret kind is reported as not read, never silently missed
    const alice = cp.users.get('alice');
    assert.ok(alice);
    const denied = await runCli(['certs', '--kubeconfig', alice.kubeconfig]);
    assert.match(denied.stderr, /warning: secrets \(Secret, v1\) was not read: forbidden \(403\)/);
    assert.equal(denied.code, 3, 'nothing scanned');
  });

  test('a snapshot of the cluster gives the same findings', async () => {
    const file = path.join(cp.dir, 'cluster.json.gz');
    const snap = await runCli(['cluster', 'snapshot', '--kubeconfig', cp.admin.kubeconfig, '-o', file]);
    assert.equal(snap.code, 0, snap.stderr);
    const run = await certs([file]);
    assert.deepEqual(findings(run.results), expected);
  });
});
