/**
 * The latency the webhook adds to a create through the real API server: the same dry-run pod
 * creates, one at a time, first with no webhook registered, then with Rampart's validating and
 * mutating webhooks registered (URL on loopback, the cluster CA as caBundle), judged with the full
 * catalogue. Prints p50/p99 of each and the difference. Needs the test control plane's binaries
 * (`npm run test:cluster` builds them); it starts and stops a control plane of its own.
 *
 *   node --import tsx bench/webhook-apiserver.ts [COUNT]     # COUNT defaults to 500
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWebhook, staticNamespaces } from '../src/admission/index.js';
import { ensureControlPlane, startControlPlane } from '../test/support/control-plane/index.js';
import { restrictedPod } from '../test/support/webhook.js';

const COUNT = Number(process.argv[2] ?? 500);
const build = await ensureControlPlane();
const cp = await startControlPlane({ binDir: build.binDir, controllerManager: false });
const dir = mkdtempSync(path.join(tmpdir(), 'rampart-bench-apiserver-'));
try {
  await cp.http.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  await cp.http.create('/api/v1/namespaces/bench/serviceaccounts', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default' },
  });
  const pod = { ...restrictedPod('p', 'bench') };
  const measure = async () => {
    const times: number[] = [];
    for (let i = 0; i < COUNT + 20; i++) {
      const started = performance.now();
      const res = await cp.http.post('/api/v1/namespaces/bench/pods', pod, { query: { dryRun: 'All' } });
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      if (i >= 20) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] as number;
    return { p50: at(50), p99: at(99) };
  };
  const without = await measure();
  writeFileSync(path.join(dir, 'rampart.yaml'), 'failOn: high\n');
  const { certFile, keyFile } = cp.issueCertificate('bench-webhook', ['127.0.0.1']);
  const webhook = await startWebhook({
    cwd: dir,
    certFile,
    keyFile,
    port: 0,
    host: '127.0.0.1',
    namespaces: staticNamespaces(),
  });
  const hook = (name: string) => ({
    name: `${name}.rampart.dev`,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy: 'Fail',
    timeoutSeconds: 5,
    clientConfig: {
      url: `https://127.0.0.1:${webhook.port}/${name}`,
      caBundle: Buffer.from(cp.caPem).toString('base64'),
    },
    rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] }],
  });
  for (const [kind, name] of [
    ['ValidatingWebhookConfiguration', 'validate'],
    ['MutatingWebhookConfiguration', 'mutate'],
  ] as const) {
    await cp.http.create(`/apis/admissionregistration.k8s.io/v1/${kind.toLowerCase()}s`, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind,
      metadata: { name: 'rampart' },
      webhooks: [hook(name)],
    });
  }
  await sleep(2000);
  const withWebhook = await measure();
  await webhook.close();
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  console.log(`${COUNT} dry-run pod creates, one at a time, through kube-apiserver ${build.kubernetesVersion}`);
  console.log('| | p50 | p99 |');
  console.log('|---|---:|---:|');
  console.log(`| no webhook | ${ms(without.p50)} | ${ms(without.p99)} |`);
  console.log(`| Rampart validating + mutating | ${ms(withWebhook.p50)} | ${ms(withWebhook.p99)} |`);
  console.log(`| added | ${ms(withWebhook.p50 - without.p50)} | ${ms(withWebhook.p99 - without.p99)} |`);
} finally {
  await cp.stop();
  rmSync(dir, { recursive: true, force: true });
}
