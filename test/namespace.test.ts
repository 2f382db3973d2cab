import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from './support/run-cli.js';

/** An application manifest that names no namespace, as kustomize bases and install.yaml files do. */
const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers:
      - name: web
        image: registry.example/web@sha256:${'a'.repeat(64)}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: web-admin
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- kind: ServiceAccount
  name: web
`;

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-namespace-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

interface JsonResult {
  ruleId: string;
  verdict: string;
  message: string;
  resource?: { kind: string; namespace?: string; name: string };
}

async function scan(args: string[], cwd?: string): Promise<{ code: number; results: JsonResult[]; stderr: string }> {
  const run = await runCli(['scan', ...args, '-o', 'json', '--fail-on', 'none'], cwd ? { cwd } : {});
  return { code: run.code, results: run.stdout ? JSON.parse(run.stdout).results : [], stderr: run.stderr };
}

describe('--namespace: the namespace the manifests are applied to', () => {
  test('scan -n gives namespace-less objects the namespace, and the namespace rules judge it', async () => {
    const dir = scratch({ 'app.yaml': APP });
    const { code, results } = await scan([dir, '-n', 'shop']);
    assert.equal(code, 0);
    const kinds = new Set(results.filter((r) => r.resource).map((r) => `${r.resource?.kind}/${r.resource?.namespace}`));
    assert.ok(kinds.has('Deployment/shop') && kinds.has('RoleBinding/shop'), [...kinds].join(' '));
    const quota = results.find((r) => r.ruleId === 'namespace-without-resource-quota');
    assert.match(quota?.message ?? '', /^namespace shop \(named by --namespace/);
    const admin = results.find((r) => r.ruleId === 'rbac-cluster-admin-binding');
    assert.match(admin?.message ?? '', /ServiceAccount shop\/web is bound to cluster-admin in namespace shop/);
  });

  test('without it, no message pretends the objects live in default, and they still link together', async () => {
    const dir = scratch({ 'app.yaml': APP });
    const { results } = await scan([dir]);
    const findings = results.filter((r) => r.verdict !== 'pass' && r.verdict !== 'skip');
    assert.deepEqual(
      findings
        .filter((r) => /\bdefault\//.test(r.message) || /namespace default\b/.test(r.message))
        .map((r) => r.message),
      [],
    );
    const admin = findings.find((r) => r.ruleId === 'rbac-cluster-admin-binding');
    assert.equal(
      admin?.message.split(':')[0],
      'ServiceAccount web (of the namespace the manifests are applied to) is bound to cluster-admin in the namespace the manifests are applied to',
    );
    // the namespace-less Deployment runs as the namespace-less ServiceAccount the RoleBinding makes admin
    const run = await runCli(['rbac', 'workloads', '-f', dir, '-o', 'json']);
    const [workload] = JSON.parse(run.stdout).workloads;
    assert.equal(workload.serviceAccount.name, 'web');
    assert.ok(workload.capabilities.some((c: { id: string }) => c.id === 'namespace-admin'));
    assert.match(run.stderr, /RoleBinding has no metadata\.namespace; it lands in the namespace it is applied to/);
  });

  test('namespace: in rampart.yaml does the same; the flag wins over it', async () => {
    const dir = scratch({ 'app.yaml': APP, 'rampart.yaml': 'namespace: shop\n' });
    const fromConfig = await scan([path.join(dir, 'app.yaml')], dir);
    assert.ok(fromConfig.results.some((r) => r.resource?.kind === 'Deployment' && r.resource.namespace === 'shop'));
    const fromFlag = await scan([path.join(dir, 'app.yaml'), '--namespace', 'billing'], dir);
    assert.ok(fromFlag.results.some((r) => r.resource?.kind === 'Deployment' && r.resource.namespace === 'billing'));
    const invalid = await runCli(['scan', 'app.yaml'], {
      cwd: scratch({ 'app.yaml': APP, 'rampart.yaml': 'namespace: Shop\n' }),
    });
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /rampart\.yaml:1:1: namespace must be a namespace name/);
  });

  test('an object of another namespace is an input error, as kubectl apply -n refuses it: exit 2', async () => {
    const dir = scratch({ 'app.yaml': APP.replace('  name: web\nspec:', '  name: web\n  namespace: billing\nspec:') });
    const { code, results } = await scan([dir, '-n', 'shop']);
    assert.equal(code, 2);
    const error = results.find((r) => r.verdict === 'error');
    assert.match(
      error?.message ?? '',
      /^Deployment\/billing\/web: metadata\.namespace is billing but --namespace is shop/,
    );
  });

  test('a name the API server would refuse is a usage error', async () => {
    const run = await runCli(['scan', '.', '-n', 'Not_A_Namespace']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--namespace "Not_A_Namespace" is not a namespace name/);
  });

  test('pss, fix and netpol take -n too', async () => {
    const dir = scratch({ 'app.yaml': APP });
    const pss = await runCli(['pss', dir, '-n', 'shop', '-o', 'json']);
    assert.equal(JSON.parse(pss.stdout).results[0].resource.namespace, 'shop');
    const list = await runCli(['netpol', 'list', dir, '-n', 'shop']);
    assert.match(list.stdout, /shop\/web\[Deployment\]/);
    const fix = await runCli(['fix', dir, '-n', 'shop']);
    assert.ok(fix.code === 0 || fix.code === 1, fix.stderr);
  });

  test('rbac -n is the request namespace, and the namespace-less objects of the input land there', async () => {
    const dir = scratch({ 'app.yaml': APP });
    const run = await runCli(['rbac', 'can', 'sa:shop/web', 'delete', 'secrets', '-n', 'shop', '-f', dir]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });
});
