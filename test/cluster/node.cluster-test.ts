/*
 * `rampart node` on the running processes of a real control plane, and `rampart certs` on its PKI.
 * The API server starts with a mix of weak and strong flags and an EncryptionConfiguration with
 * identity first; a Secret is written (stored in plaintext), then the file is switched to aescbc
 * first and the API server reloads it (--encryption-provider-config-automatic-reload): a Secret
 * written after is encrypted, the one written before is still plaintext in etcd until rewritten.
 * Run by `npm run test:cluster` (RAMPART_CONTROL_PLANE_BIN is the folder of the built binaries).
 */
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ControlPlane, startControlPlane } from '../support/control-plane/index.js';
import { runCli } from '../support/run-cli.js';
import { issue, rsaKey, signerFromFile } from '../support/x509.js';

const binDir = process.env.RAMPART_CONTROL_PLANE_BIN;
if (!binDir) throw new Error('RAMPART_CONTROL_PLANE_BIN is not set: run these tests with npm run test:cluster');

const KEY = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
const encryption = (first: 'identity' | 'aescbc') => {
  const identity = '      - identity: {}';
  const aescbc = `      - aescbc:\n          keys:\n            - name: key1\n              secret: ${KEY}`;
  return `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n${first === 'identity' ? `${identity}\n${aescbc}` : `${aescbc}\n${identity}`}\n`;
};

interface JsonResult {
  ruleId: string;
  verdict: string;
  message: string;
  resource?: { kind: string; name: string };
}

let cp: ControlPlane;
let pids: string[] = [];

async function node(): Promise<JsonResult[]> {
  const run = await runCli(['node', ...pids.flatMap((pid) => ['--pid', pid]), '--verify-encryption', '-o', 'json']);
  assert.equal(run.stderr, '');
  return (JSON.parse(run.stdout) as { results: JsonResult[] }).results;
}

/** Failing rules by kind, ownership rules left out (they depend on the user the tests run as). */
const failing = (results: JsonResult[]) =>
  [
    ...new Set(
      results
        .filter((r) => r.verdict === 'fail' && !r.ruleId.endsWith('-owner'))
        .map((r) => `${r.resource?.kind} ${r.ruleId}`),
    ),
  ].sort();

const plaintext = (results: JsonResult[]) =>
  results.filter((r) => r.ruleId === 'etcd-plaintext-objects' && r.verdict === 'fail').map((r) => r.message);

const secret = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'default' },
  stringData: { password: `value-of-${name}` },
});

describe('rampart node and rampart certs on a running control plane', () => {
  before(async () => {
    cp = await startControlPlane({
      binDir: binDir as string,
      apiserverFlags: [
        '--encryption-provider-config={dir}/encryption.yaml',
        '--encryption-provider-config-automatic-reload=true',
        '--enable-admission-plugins=NodeRestriction',
        '--audit-log-maxage=30',
        '--audit-log-maxbackup=10',
        '--audit-log-maxsize=100',
      ],
      files: { 'encryption.yaml': encryption('identity') },
    });
    const record = JSON.parse(readFileSync(path.join(cp.dir, 'run.json'), 'utf8')) as { children: { pid: number }[] };
    pids = record.children.map((c) => String(c.pid));
  });
  after(async () => {
    await cp?.stop();
  });

  test('judges the running processes: exactly the weak settings, each with its source', async () => {
    const created = await cp.http.post('/api/v1/namespaces/default/secrets', secret('before'));
    assert.equal(created.status, 201);
    // A CA certificate readable by all: CIS 1.1.20 asks for 600.
    chmodSync(path.join(cp.dir, 'pki', 'ca.crt'), 0o644);
    const results = await node();
    assert.deepEqual(failing(results), [
      'EncryptionConfiguration encryption-identity-first',
      'Etcd etcd-client-cert-auth',
      'Etcd etcd-peer-client-cert-auth',
      'Etcd etcd-peer-tls',
      'Etcd etcd-tls',
      'Etcd etcd-trusted-ca-file',
      'EtcdStorage etcd-plaintext-objects',
      'KubeAPIServer apiserver-always-pull-images',
      'KubeAPIServer apiserver-anonymous-auth',
      'KubeAPIServer apiserver-deny-service-external-ips',
      'KubeAPIServer apiserver-etcd-ca-file',
      'KubeAPIServer apiserver-etcd-client-certificate',
      'KubeAPIServer apiserver-event-rate-limit',
      'KubeAPIServer apiserver-kubelet-certificate-authority',
      'KubeAPIServer apiserver-kubelet-client-certificate',
      'KubeAPIServer apiserver-token-auth-file',
      'KubeAPIServer encryption-config-permissions',
      'KubeAPIServer pki-certificate-permissions',
      'KubeControllerManager controller-manager-terminated-pod-gc',
    ]);
    const message = (ruleId: string) => results.find((r) => r.ruleId === ruleId)?.message;
    const apiserverPid = pids[1];
    assert.equal(
      message('apiserver-token-auth-file'),
      `--token-auth-file is set (flag --token-auth-file of process ${apiserverPid})`,
    );
    assert.equal(
      message('apiserver-anonymous-auth'),
      '--anonymous-auth is true, not false (default of kube-apiserver)',
    );
    assert.deepEqual(plaintext(results), [
      'secrets default/before is stored in etcd in plaintext; rewrite it: kubectl get secrets -A -o json | kubectl replace -f -',
    ]);
    assert.deepEqual(
      results.filter((r) => r.ruleId === 'pki-certificate-permissions').map((r) => r.message),
      [`${path.join(cp.dir, 'pki', 'ca.crt')} has mode 644; CIS asks for 600 or stricter`],
    );
  });

  test('after switching to aescbc first, new Secrets are encrypted and the old one is still found', async () => {
    const file = path.join(cp.dir, 'encryption.yaml');
    writeFileSync(file, encryption('aescbc'));
    chmodSync(file, 0o600);
    // The API server reloads the file on its own; a Secret written after the reload is encrypted.
    const deadline = Date.now() + 150_000;
    let results: JsonResult[] = [];
    for (let i = 0; ; i++) {
      await cp.http.post('/api/v1/namespaces/default/secrets', secret(`after-${i}`));
      results = await node();
      if (!plaintext(results).some((m) => m.includes(`default/after-${i} `))) break;
      await cp.http.delete(`/api/v1/namespaces/default/secrets/after-${i}`);
      if (Date.now() > deadline) assert.fail('the API server did not reload its EncryptionConfiguration within 150 s');
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    assert.equal(
      results.some((r) => r.ruleId === 'encryption-identity-first'),
      false,
    );
    assert.equal(
      results.some((r) => r.ruleId === 'encryption-config-permissions'),
      false,
    );
    assert.deepEqual(plaintext(results), [
      'secrets default/before is stored in etcd in plaintext; rewrite it: kubectl get secrets -A -o json | kubectl replace -f -',
    ]);
    // What `kubectl replace` does: read the Secret and write it back.
    const current = await cp.http.get<Record<string, unknown>>('/api/v1/namespaces/default/secrets/before');
    const replaced = await cp.http.put('/api/v1/namespaces/default/secrets/before', current.body);
    assert.equal(replaced.status, 200);
    assert.deepEqual(plaintext(await node()), []);
  });

  test('rampart certs on its PKI: the short-lived test CA, a weak certificate and an expiring one', async () => {
    const pki = path.join(cp.dir, 'pki');
    const ca = { cn: 'rampart-test-ca', key: signerFromFile(path.join(pki, 'ca.key')) };
    const weak = rsaKey(1024);
    const day = 86_400_000;
    writeFileSync(
      path.join(pki, 'legacy-client.crt'),
      issue({ cn: 'legacy', key: weak, issuer: ca, notAfter: new Date(Date.now() + 3 * day), hash: 'sha1' }),
    );
    writeFileSync(path.join(pki, 'legacy-client.key'), weak.keyPem, { mode: 0o600 });
    const run = await runCli(['certs', 'pki', 'kubeconfig', '-o', 'json'], { cwd: cp.dir });
    const results = (JSON.parse(run.stdout) as { results: JsonResult[] }).results;
    const findings = results
      .filter((r) => r.verdict !== 'pass')
      .map((r) => `${r.ruleId}: ${r.message.replace(/on \d{4}-\d\d-\d\d, in \d+ days/, 'soon')}`);
    assert.deepEqual(findings.sort(), [
      // The test PKI is valid for a week: every certificate is within 30 days of expiry.
      'certificate-expiry: pki/apiserver.crt expires soon',
      'certificate-expiry: pki/ca.crt expires soon',
      'certificate-expiry: pki/legacy-client.crt expires soon',
      'certificate-weak-crypto: pki/legacy-client.crt has a weak key: RSA 1024 bits (use at least 2048)',
      'certificate-weak-crypto: pki/legacy-client.crt is signed with ECDSA with SHA-1',
    ]);
    assert.equal(run.code, 1);
  });
});
