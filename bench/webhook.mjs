/**
 * The admission webhook under load, on loopback over TLS with keep-alive, as the API server calls it:
 * `rampart webhook serve` in its own process with Pod Security Admission at restricted (enforce,
 * audit and warn), the full catalogue at its defaults and the 16 restricted-PSS
 * ValidatingAdmissionPolicies of bench/cel-restricted-policies.yaml, sent AdmissionReviews at a fixed
 * rate (open loop: a slow answer does not slow the sender). Reports requests per second answered,
 * latency p50/p99/max, errors (anything but a 200 with a review), and the webhook's RSS: at start,
 * peak, and every 10 s (a soak shows whether memory stays flat); and the webhook's CPU time per
 * review, the figure a busy shared machine disturbs least.
 *
 *   npm run build && node bench/webhook.mjs [--rps 500] [--seconds 60] [--connections 16]
 *
 * The mix: a restricted pod (allowed, with warnings), a privileged pod (denied by every layer), a
 * Deployment (catalogue and PSA warn/audit on its template) and a ConfigMap, in turn.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCertificateAuthority, issueServingCertificate } from '../dist/admission/certificates.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const RPS = flag('rps', 500);
const SECONDS = flag('seconds', 60);
const CONNECTIONS = flag('connections', 16);
const ROOT = path.resolve(import.meta.dirname, '..');

const dir = mkdtempSync(path.join(tmpdir(), 'rampart-bench-webhook-'));
const ca = createCertificateAuthority('bench-ca');
const leaf = issueServingCertificate({ commonName: 'bench', sans: ['127.0.0.1'], issuer: ca });
writeFileSync(path.join(dir, 'tls.crt'), leaf.cert);
writeFileSync(path.join(dir, 'tls.key'), leaf.key);
writeFileSync(
  path.join(dir, 'rampart.yaml'),
  'failOn: high\nwebhook:\n  podSecurity:\n    defaults: {enforce: restricted, audit: restricted, warn: restricted}\n',
);

const server = spawn(
  process.execPath,
  [
    path.join(ROOT, 'bin/rampart.js'),
    'webhook',
    'serve',
    '--config',
    path.join(dir, 'rampart.yaml'),
    '--policy',
    path.join(ROOT, 'bench/cel-restricted-policies.yaml'),
    '--cert',
    path.join(dir, 'tls.crt'),
    '--key',
    path.join(dir, 'tls.key'),
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--no-namespace-watch',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const port = await new Promise((resolve, reject) => {
  let text = '';
  server.stdout.on('data', (chunk) => {
    text += chunk;
    const match = /"port":(\d+)/.exec(text);
    if (match) resolve(Number(match[1]));
  });
  server.once('exit', (code) => reject(new Error(`the webhook exited (${code}) before it served`)));
});
server.stdout.resume();

const agent = new https.Agent({ keepAlive: true, maxSockets: CONNECTIONS, ca: ca.cert });
function call(method, urlPath, body) {
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent,
        timeout: 10_000,
        headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {},
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
        res.on('error', () => resolve({ status: 0, text: '' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(body);
  });
}

async function gauge(name) {
  const { text } = await call('GET', '/metrics');
  const match = new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}
const rss = () => gauge('process_resident_memory_bytes');
const cpu = () => gauge('process_cpu_seconds_total');

const container = (extra) => ({ name: 'app', image: 'registry.example/app:1.0', ...extra });
const restrictedSpec = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [container({ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } })],
};
const objects = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ok', namespace: 'team' }, spec: restrictedSpec },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'root', namespace: 'team' },
    spec: { containers: [container({ securityContext: { privileged: true } })] },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'team' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container({})] } },
    },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team' }, data: { mode: 'fast' } },
];
const resources = { Pod: ['', 'pods'], Deployment: ['apps', 'deployments'], ConfigMap: ['', 'configmaps'] };
const bodies = objects.map((object, i) => {
  const [group, resource] = resources[object.kind];
  const version = object.apiVersion.split('/').pop();
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `bench-${i}`,
      kind: { group, version, kind: object.kind },
      resource: { group, version, resource },
      name: object.metadata.name,
      namespace: 'team',
      operation: 'CREATE',
      userInfo: { username: 'bench' },
      object,
      dryRun: false,
    },
  });
});

// warm-up: every body once, so the first measured requests do not pay for compilation
for (const body of bodies) await call('POST', '/validate', body);
const startRss = await rss();
const startCpu = await cpu();

const total = RPS * SECONDS;
const latencies = new Float64Array(total);
let sent = 0;
let done = 0;
let errors = 0;
let peakRss = startRss;
const samples = [];
const started = performance.now();
await new Promise((resolve) => {
  const tick = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RPS));
    for (; sent < due; sent++) {
      const index = sent;
      const begun = performance.now();
      call('POST', index % 2 ? '/validate' : '/mutate', bodies[index % bodies.length]).then((res) => {
        latencies[index] = performance.now() - begun;
        if (res.status !== 200 || !res.text.includes('"response"')) errors++;
        if (++done === total) {
          clearInterval(tick);
          resolve();
        }
      });
    }
  }, 2);
  const sampler = setInterval(async () => {
    if (done === total) return clearInterval(sampler);
    const now = await rss();
    peakRss = Math.max(peakRss, now);
    const second = Math.round((performance.now() - started) / 1000);
    if (second % 10 === 0 && !samples.some((s) => s.second === second))
      samples.push({ second, mb: +(now / 2 ** 20).toFixed(1) });
  }, 1000);
});
const elapsed = (performance.now() - started) / 1000;
peakRss = Math.max(peakRss, await rss());
const cpuPerReview = (((await cpu()) - startCpu) * 1000) / total;
const sorted = Array.from(latencies).sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2);
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

console.log(`rampart webhook: ${total} reviews at ${RPS}/s target over ${CONNECTIONS} keep-alive TLS connections`);
console.log(
  '| target rps | answered rps | p50 ms | p99 ms | max ms | errors | webhook CPU per review | RSS start | RSS peak |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(
  `| ${RPS} | ${(total / elapsed).toFixed(0)} | ${pct(50)} | ${pct(99)} | ${sorted[sorted.length - 1].toFixed(2)} | ${errors} | ${cpuPerReview.toFixed(2)} ms | ${mb(startRss)} MB | ${mb(peakRss)} MB |`,
);
console.log(`RSS every 10 s (MB): ${samples.map((s) => `${s.second}s ${s.mb}`).join(', ')}`);

agent.destroy();
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
rmSync(dir, { recursive: true, force: true });
