import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { deploymentsWithDistinctPolicies, deploymentsWithoutPolicies } from '../hostile/inputs.js';
import { runCli } from '../support/run-cli.js';
import { deployment, docs } from './support/model.js';

const ARGO = path.resolve(import.meta.dirname, '../../../shared/corpus/real-world/argo-cd/install.yaml');
const SNAPSHOT = path.resolve(
  import.meta.dirname,
  '../../../shared/corpus/real-world/network-config-analyzer/istio-system_pods_list_full.yaml',
);
const NO_STACK = /^\s+at /m;

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-netpol-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const APP = docs(
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
  deployment('shop', 'web', { app: 'web' }, ['http:8080']),
  deployment('shop', 'db', { app: 'db' }, ['pg:5432']),
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: pg}]}]`,
);

describe('rampart netpol list', () => {
  test('argo-cd: sorted txt lines in the netpol-analyzer form; exit 0', async () => {
    const run = await runCli(['netpol', 'list', ARGO]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 47);
    assert.deepEqual(
      [...lines].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      lines,
    );
    assert.ok(lines.includes('0.0.0.0-255.255.255.255 => default/argocd-server[Deployment] : All Connections'));
    assert.ok(
      lines.includes('default/argocd-server[Deployment] => default/argocd-dex-server[Deployment] : TCP 5556-5558'),
    );
    assert.ok(
      lines.every((l) => /^\S+ => \S+ : (All Connections|(SCTP|TCP|UDP) [\d,-]+(,(SCTP|TCP|UDP) [\d,-]+)*)$/.test(l)),
      'every line is src => dst : conn',
    );
  });

  test('every format, from a snapshot (kind: List of live pods)', async () => {
    const json = JSON.parse((await runCli(['netpol', 'list', SNAPSHOT, '-o', 'json', '--per-pair'])).stdout);
    assert.equal(json.length, 12);
    assert.deepEqual(Object.keys(json[0]), ['src', 'dst', 'conn']);
    assert.equal(json[0].dst, 'istio-system/istio-egressgateway-7f4864f59c[ReplicaSet]');
    assert.match((await runCli(['netpol', 'list', SNAPSHOT, '-o', 'csv'])).stdout, /^src,dst,conn\n/);
    assert.match((await runCli(['netpol', 'list', SNAPSHOT, '-o', 'md'])).stdout, /^\| src \| dst \| conn \|/);
    assert.match(
      (await runCli(['netpol', 'list', SNAPSHOT, '-o', 'dot'])).stdout,
      /^digraph \{\n\tsubgraph "cluster_istio-system"/,
    );
    const bad = await runCli(['netpol', 'list', SNAPSHOT, '-o', 'pdf']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown output format "pdf"; use txt, json, csv, md, dot/);
  });

  test('workloads no policy tells apart are one group: three lines for the snapshot, not twelve', async () => {
    const run = await runCli(['netpol', 'list', SNAPSHOT]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      [
        '0.0.0.0-255.255.255.255 => istio-system/* : All Connections',
        'istio-system/* => 0.0.0.0-255.255.255.255 : All Connections',
        'istio-system/* => istio-system/* : All Connections',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await runCli(['netpol', 'list', SNAPSHOT, '-o', 'json'])).stdout);
    assert.deepEqual(json[2], { src: 'istio-system/*', dst: 'istio-system/*', conn: 'All Connections' });
  });

  test('2,000 Deployments without policies: a handful of lines; a part of a namespace is named in braces', async () => {
    const many = await runCli(['netpol', 'list', '-'], { stdin: deploymentsWithoutPolicies(2_000, 2) });
    assert.equal(many.code, 0, many.stderr);
    assert.equal(
      many.stdout,
      [
        '0.0.0.0-255.255.255.255 => {ns-0/*, ns-1/*} : All Connections',
        '{ns-0/*, ns-1/*} => 0.0.0.0-255.255.255.255 : All Connections',
        '{ns-0/*, ns-1/*} => {ns-0/*, ns-1/*} : All Connections',
        '',
      ].join('\n'),
    );
    const partly = await runCli(['netpol', 'list', '-'], {
      stdin: docs(APP, deployment('shop', 'api', { app: 'web' }, ['http:8080'])),
    });
    assert.match(
      partly.stdout,
      /^\{shop\/api\[Deployment\], shop\/web\[Deployment\]\} => shop\/db\[Deployment\] : TCP 5432$/m,
    );
  });

  test('the output bound: the list stops at --max-lines, still well-formed, and says so; exit 2', async () => {
    const input = deploymentsWithDistinctPolicies(40);
    const all = await runCli(['netpol', 'list', '-', '-o', 'json'], { stdin: input });
    assert.equal(all.code, 0, all.stderr);
    const total = JSON.parse(all.stdout).length;
    assert.ok(total > 100, `${total} lines`);
    const cut = await runCli(['netpol', 'list', '-', '-o', 'json', '--max-lines', '100'], { stdin: input });
    assert.equal(cut.code, 2);
    assert.equal(JSON.parse(cut.stdout).length, 100);
    assert.match(cut.stderr, /netpol list: stopped after 100 lines \(--max-lines\); the list is longer/);
    const bad = await runCli(['netpol', 'list', '-', '--max-lines', '0'], { stdin: input });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-lines takes a positive integer/);
  });

  test('stdin, and nothing to analyse: exit 3', async () => {
    const run = await runCli(['netpol', 'list', '-'], { stdin: APP });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /shop\/web\[Deployment\] => shop\/db\[Deployment\] : TCP 5432/);
    const empty = await runCli(['netpol', 'list', '-'], {
      stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
    });
    assert.equal(empty.code, 3);
    assert.match(empty.stderr, /nothing to analyse/);
  });

  test('bad input: the message names the file and line, the rest is analysed, exit 2, no stack trace', async () => {
    const dir = scratch({
      'app.yaml': APP,
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: indent\n',
      'policy.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: typo, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/33}\n',
    });
    const run = await runCli(['netpol', 'list', dir]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /broken\.yaml:5:\d+: document 1 is not valid YAML/);
    assert.match(
      run.stderr,
      /policy\.yaml:8:\d+: NetworkPolicy shop\/typo: "10\.0\.0\.0\/33" is not a CIDR: the prefix must be 0 to 32; the API server rejects this policy/,
    );
    assert.match(run.stdout, /shop\/web\[Deployment\] => shop\/db\[Deployment\] : TCP 5432/);
    assert.doesNotMatch(run.stdout + run.stderr, NO_STACK);
    const missing = await runCli(['netpol', 'list', path.join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml does not exist/);
  });

  test('usage errors exit 2 with a message', async () => {
    for (const argv of [
      ['netpol', 'list'],
      ['netpol', 'frobnicate'],
      ['netpol', 'explain', ARGO, '--from', 'x'],
      ['netpol', 'diff', ARGO],
    ]) {
      const run = await runCli(argv);
      assert.equal(run.code, 2, argv.join(' '));
      assert.ok(run.stderr.length > 0, argv.join(' '));
      assert.doesNotMatch(run.stderr, NO_STACK);
    }
  });
});

describe('rampart netpol explain', () => {
  test('exit 0 when allowed, 1 when denied; json has both directions', async () => {
    const dir = scratch({ 'app.yaml': APP });
    const allowed = await runCli([
      'netpol',
      'explain',
      dir,
      '--from',
      'shop/web',
      '--to',
      'shop/db',
      '--port',
      '5432/tcp',
    ]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /: TCP 5432: ALLOWED/);
    assert.match(
      allowed.stdout,
      /\+ shop\/db spec\.ingress\[0\]\.from\[0\]: ports TCP port "pg" -> TCP 5432 {2}\[.*app\.yaml:\d+\]/,
    );
    const denied = await runCli(['netpol', 'explain', dir, '--from', 'shop/web', '--to', 'shop/db', '--port', '80']);
    assert.equal(denied.code, 1);
    const json = JSON.parse(
      (await runCli(['netpol', 'explain', dir, '--from', '198.51.100.7', '--to', 'shop/db', '-o', 'json'])).stdout,
    );
    assert.equal(json.allowed, false);
    assert.equal(json.ingress.isolated, true);
    assert.equal(json.egress.reason, '198.51.100.7 is outside the cluster: no NetworkPolicy governs its egress');
  });

  test('an unknown workload or a bad port is a usage error naming what is wrong', async () => {
    const dir = scratch({ 'app.yaml': APP });
    const unknown = await runCli(['netpol', 'explain', dir, '--from', 'shop/wbe', '--to', 'shop/db']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--from: no workload "shop\/wbe" in the input/);
    const port = await runCli(['netpol', 'explain', dir, '--from', 'shop/web', '--to', 'shop/db', '--port', '80/ICMP']);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port "80\/ICMP" is not a port like 80/);
  });
});

describe('rampart netpol gaps', () => {
  test('findings in the usual formats; exit 1 at --fail-on, 0 with none', async () => {
    const run = await runCli(['netpol', 'gaps', ARGO, '-o', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.schemaVersion, 1);
    const outside = doc.results.find(
      (r: { ruleId: string; verdict: string }) => r.ruleId === 'netpol-reachable-from-outside' && r.verdict === 'fail',
    );
    assert.equal(outside.resource.name, 'argocd-server');
    assert.equal(outside.location.file, ARGO);
    assert.equal((await runCli(['netpol', 'gaps', ARGO, '--fail-on', 'none'])).code, 0);
    assert.equal((await runCli(['netpol', 'gaps', ARGO, '--fail-on', 'critical'])).code, 0);
    const sarif = JSON.parse((await runCli(['netpol', 'gaps', ARGO, '-o', 'sarif'])).stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match((await runCli(['netpol', 'gaps', ARGO])).stdout, /netpol-namespace-without-default-deny/);
    assert.equal((await runCli(['netpol', 'gaps', ARGO, '--fail-on', 'loud'])).code, 2);
  });
});

describe('rampart netpol gaps on a protected namespace', () => {
  test('default deny and narrow allows: exit 0; a hostNetwork workload only warns', async () => {
    const locked = docs(
      APP,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: 5432}]}]`,
    );
    const clean = await runCli(['netpol', 'gaps', '-', '-o', 'json'], { stdin: locked });
    assert.equal(clean.code, 0, clean.stdout);
    const agent = deployment('shop', 'agent', { app: 'agent' }).replace(
      '    spec:\n',
      '    spec:\n      hostNetwork: true\n',
    );
    const warned = await runCli(['netpol', 'gaps', '-', '-o', 'json'], { stdin: docs(locked, agent) });
    const results = JSON.parse(warned.stdout).results as { ruleId: string; verdict: string }[];
    assert.deepEqual(
      results.filter((r) => r.ruleId === 'netpol-host-network-workload').map((r) => r.verdict),
      ['warn'],
    );
  });
});

describe('rampart netpol generate', () => {
  test('policies on stdout, the proof on stderr; exit 0 when exact', async () => {
    const dir = scratch({
      'app.yaml': APP,
      'intended.txt':
        'shop/web[Deployment] => 0.0.0.0-255.255.255.255[External] : TCP 443\nshop/web[Deployment] => shop/db[Deployment] : TCP 5432\n',
    });
    const run = await runCli(['netpol', 'generate', path.join(dir, 'app.yaml'), '--connections', 'intended.txt'], {
      cwd: dir,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /verified: re-analysing the generated policies gives exactly the intended connections \(2 allowed\)/,
    );
    writeFileSync(path.join(dir, 'generated.yaml'), run.stdout);
    const listed = await runCli(['netpol', 'list', path.join(dir, 'generated.yaml'), '-'], {
      stdin: APP.replace(/kind: NetworkPolicy[\s\S]*$/, 'kind: ConfigMap\nmetadata: {name: x}'),
    });
    // the intended file uses the older `[External]` suffix, which is still read; lists no longer write it
    assert.equal(listed.stdout, readFileSync(path.join(dir, 'intended.txt'), 'utf8').replaceAll('[External]', ''));
  });

  test('a grouped list reads back as intended connections: each group stands for its workloads', async () => {
    const app = docs(APP, deployment('shop', 'api', { app: 'web' }, ['http:8080']));
    const dir = scratch({ 'app.yaml': app });
    const listed = await runCli(['netpol', 'list', path.join(dir, 'app.yaml')]);
    assert.match(listed.stdout, /^\{shop\/api\[Deployment\], shop\/web\[Deployment\]\} => /m);
    writeFileSync(path.join(dir, 'intended.txt'), listed.stdout);
    const run = await runCli(['netpol', 'generate', path.join(dir, 'app.yaml'), '--connections', 'intended.txt'], {
      cwd: dir,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /verified: re-analysing the generated policies gives exactly the intended connections/);
  });

  test('bad intended connections: exit 2, the line named', async () => {
    const dir = scratch({ 'app.yaml': APP, 'intended.txt': 'shop/web => shop/cache : TCP 80\n' });
    const run = await runCli(['netpol', 'generate', dir, '--connections', path.join(dir, 'intended.txt')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /intended\.txt: line 1: no workload "shop\/cache"/);
    const missing = await runCli(['netpol', 'generate', dir, '--connections', path.join(dir, 'none.txt')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /none\.txt: does not exist/);
  });
});

describe('rampart netpol diff', () => {
  test('--exit-code gives 1 when the connectivity differs, 0 when it does not', async () => {
    const a = scratch({ 'app.yaml': APP });
    const b = scratch({ 'app.yaml': APP.replace('ports: [{port: pg}]', 'ports: [{port: pg}, {port: 9187}]') });
    const changed = await runCli(['netpol', 'diff', a, b, '--exit-code']);
    assert.equal(changed.code, 1, changed.stderr);
    assert.equal(
      changed.stdout,
      'Connectivity diff:\ndiff-type: changed, source: shop/web[Deployment], destination: shop/db[Deployment], ref1: TCP 5432, ref2: TCP 5432,9187\n',
    );
    assert.equal((await runCli(['netpol', 'diff', a, b])).code, 0);
    assert.equal((await runCli(['netpol', 'diff', a, a, '--exit-code'])).code, 0);
    assert.match(
      (await runCli(['netpol', 'diff', a, b, '-o', 'csv'])).stdout,
      /^diff-type,source,destination,ref1,ref2,workloads-diff-info\nchanged,/,
    );
  });
});
