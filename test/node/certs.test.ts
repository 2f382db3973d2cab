/*
 * `rampart certs` on the kubeadm node's PKI and kubeconfigs (certificates made in the test): the
 * findings, the expiry table and the renewal plan; then certificates and keys that cannot be read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../support/run-cli.js';
import { ecKey, encryptedKeyPem, issue } from '../support/x509.js';
import { kubeadmNode } from './kubeadm-node.js';

interface JsonResult {
  ruleId: string;
  verdict: string;
  message: string;
}

const node = kubeadmNode();
after(() => rmSync(node.root, { recursive: true, force: true }));

describe('rampart certs (a kubeadm PKI)', () => {
  test('reports exactly the weak, expiring, expired and misissued certificates', async () => {
    const run = await runCli(['certs', 'etc/kubernetes', '-o', 'json'], { cwd: node.root });
    const doc = JSON.parse(run.stdout) as { results: JsonResult[] };
    const findings = doc.results
      .filter((r) => r.verdict !== 'pass')
      .map((r) => `${r.verdict} ${r.ruleId}: ${r.message}`)
      .sort();
    assert.deepEqual(findings, [
      'error input-error: etc/kubernetes/scheduler.conf users[0] names client-certificate that does not exist',
      `fail certificate-chain: etc/kubernetes/pki/apiserver-etcd-client.crt is signed by etc/kubernetes/pki/ca.crt, but kubeadm's layout has etcd/ca.crt sign it`,
      `fail certificate-expiry: etc/kubernetes/pki/apiserver.crt expires on ${day(20)}, in 19 days`,
      `fail certificate-expiry: etc/kubernetes/pki/etcd/healthcheck-client.crt expired on ${day(-10)}`,
      'fail certificate-served-names: etc/kubernetes/pki/apiserver.crt does not name 10.0.0.10, control-plane.example, kubernetes.default.svc',
      'fail certificate-served-names: etc/kubernetes/pki/etcd/server.crt does not name 10.0.0.10',
      'fail certificate-weak-crypto: etc/kubernetes/pki/apiserver-kubelet-client.crt has a weak key: RSA 1024 bits (use at least 2048)',
      'fail certificate-weak-crypto: etc/kubernetes/pki/apiserver-kubelet-client.crt is signed with ECDSA with SHA-1',
    ]);
    assert.equal(run.code, 2, 'an unreadable input is an input error');
  });

  test('prints the expiry table soonest first and a renewal plan that renews a CA with what it signed', async () => {
    const run = await runCli(['certs', 'etc/kubernetes/pki'], { cwd: node.root });
    const lines = run.stdout.split('\n');
    assert.match(lines[0] ?? '', /^expires\s+left\s+certificate\s+CA\s+key\s+issued by$/);
    assert.match(
      lines[1] ?? '',
      /^\S+\s+expired 10 days ago\s+etc\/kubernetes\/pki\/etcd\/healthcheck-client\.crt\s+no\s+EC prime256v1\s+etc\/kubernetes\/pki\/etcd\/ca\.crt$/,
    );
    assert.match(lines[2] ?? '', /^\S+\s+19 days\s+etc\/kubernetes\/pki\/apiserver\.crt\s/);
    const plan = lines.slice(lines.indexOf('Renewal plan, soonest first:') + 1).filter((l) => /^\s+\d+\. /.test(l));
    assert.match(
      plan[0] ?? '',
      /^ {2}1\. \S+ \(expired 10 days ago\): renew etc\/kubernetes\/pki\/etcd\/healthcheck-client\.crt \(signed by etc\/kubernetes\/pki\/etcd\/ca\.crt\)$/,
    );
    assert.ok(
      plan.some((l) =>
        /renew the CA etc\/kubernetes\/pki\/etcd\/ca\.crt, and with it the 3 certificate\(s\) it signed: /.test(l),
      ),
      plan.join('\n'),
    );
  });
});

describe('rampart certs: bad input', () => {
  test('truncated and non-PEM certificates, an encrypted key, a kubeconfig naming missing files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-certs-'));
    try {
      const key = ecKey();
      const cert = issue({ cn: 'x', key, notAfter: new Date(Date.now() + 400 * 86_400_000), ca: true });
      writeFileSync(path.join(dir, 'good.crt'), cert);
      writeFileSync(path.join(dir, 'good.key'), encryptedKeyPem(key));
      writeFileSync(path.join(dir, 'truncated.crt'), cert.slice(0, 200));
      writeFileSync(path.join(dir, 'text.crt'), 'this is not a certificate\n');
      writeFileSync(path.join(dir, 'garbage.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
      writeFileSync(
        path.join(dir, 'user.conf'),
        'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://x:6443\n    certificate-authority: nope/ca.crt\nusers: []\n',
      );
      const run = await runCli(['certs', '.', '-o', 'json'], { cwd: dir });
      assert.equal(run.stderr.includes('internal error'), false, run.stderr);
      const doc = JSON.parse(run.stdout) as { results: JsonResult[] };
      assert.deepEqual(
        doc.results
          .filter((r) => r.verdict !== 'pass')
          .map((r) => `${r.ruleId}: ${r.message}`)
          .sort(),
        [
          'certificate-chain: good.key is encrypted; its match with the certificate was not checked',
          'input-error: garbage.pem certificate #1 is not a valid X.509 certificate',
          'input-error: text.crt holds no PEM certificate',
          'input-error: truncated.crt holds a truncated certificate',
          'input-error: user.conf clusters[0] names certificate-authority that does not exist',
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a path that does not exist is an input error; nothing found is exit 3', async () => {
    const missing = await runCli(['certs', 'no-such-dir', '-o', 'json'], { cwd: tmpdir() });
    assert.equal(missing.code, 2);
    const empty = mkdtempSync(path.join(tmpdir(), 'rampart-certs-'));
    try {
      const run = await runCli(['certs', '.'], { cwd: empty });
      assert.equal(run.code, 3);
      assert.match(run.stderr, /no certificate or signing key was found/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}
