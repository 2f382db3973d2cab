/*
 * The control-plane redundancy rules on a live cluster whose control plane is visible, as kubeadm
 * shows it: two Nodes labelled control plane and a worker, etcd as static (mirror) pods in
 * kube-system — one of them on the worker — and two API server addresses in the `kubernetes`
 * Service's slice. No kubelet runs, so the objects are written as kubelets and the API servers'
 * lease reconciler would write them. Run by `npm run test:cluster`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { type ControlPlane, startControlPlane } from '../support/control-plane/index.js';
import { runCli } from '../support/run-cli.js';

const binDir = process.env.RAMPART_CONTROL_PLANE_BIN;
if (!binDir) throw new Error('RAMPART_CONTROL_PLANE_BIN is not set: run these tests with npm run test:cluster');

const RULES = ['control-plane-api-server-redundancy', 'control-plane-node-redundancy', 'control-plane-etcd-redundancy'];

interface JsonResult {
  ruleId: string;
  verdict: string;
  severity: string;
  resource?: { kind: string; namespace?: string; name: string };
  path?: string;
  message: string;
}

let cp: ControlPlane;
let work: string;

/** The redundancy results of a scan, as `verdict severity kind/namespace/name path`, sorted. */
async function haResults(args: string[], file: string): Promise<string[]> {
  const out = path.join(work, file);
  const run = await runCli([...args, '-o', `json=${out}`, '--show-passed'], { cwd: work });
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  const results = (JSON.parse(readFileSync(out, 'utf8')) as { results: JsonResult[] }).results;
  return results
    .filter((r) => RULES.includes(r.ruleId))
    .map(
      (r) =>
        `${r.ruleId} ${r.verdict} ${r.severity} ${r.resource?.kind}/${r.resource?.namespace ?? ''}/${r.resource?.name} ${r.path ?? ''}`,
    )
    .sort();
}

const EXPECTED = [
  'control-plane-api-server-redundancy pass medium EndpointSlice/default/kubernetes ',
  'control-plane-etcd-redundancy fail low Pod/kube-system/etcd-cp-1 metadata.name',
  'control-plane-etcd-redundancy fail medium Pod/kube-system/etcd-worker-1 spec.nodeName',
  'control-plane-node-redundancy fail low Node//cp-1 metadata.labels',
];

describe('control-plane redundancy on a live cluster', () => {
  before(async () => {
    cp = await startControlPlane({ binDir, users: [{ name: 'scanner', groups: [] }] });
    work = mkdtempSync(path.join(tmpdir(), 'rampart-ha-'));
    for (const [name, controlPlane] of [
      ['cp-1', true],
      ['cp-2', true],
      ['worker-1', false],
    ] as const) {
      const labels: Record<string, string> = { 'kubernetes.io/hostname': name };
      if (controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
      await cp.http.create('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } });
    }
    // static pods as the kubelet mirrors them: kubeadm's labels on one, only the mirror annotation on the other
    const etcd = (name: string, node: string, labels?: Record<string, string>) =>
      cp.http.create('/api/v1/namespaces/kube-system/pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels, annotations: { 'kubernetes.io/config.mirror': `${name}-hash` } },
        spec: {
          nodeName: node,
          hostNetwork: true,
          containers: [{ name: 'etcd', image: 'registry.k8s.io/etcd:3.6.5-0', command: ['etcd'] }],
        },
      });
    await etcd('etcd-cp-1', 'cp-1', { component: 'etcd', tier: 'control-plane' });
    await etcd('etcd-worker-1', 'worker-1');
    await cp.http.create('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.10'] }, { addresses: ['10.0.0.11'] }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
  });
  after(async () => {
    await cp?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('two API servers pass; two control-plane nodes, two etcd members and one on a worker are findings', async () => {
    assert.deepEqual(await haResults(['cluster', 'scan', '--kubeconfig', cp.admin.kubeconfig], 'admin.json'), EXPECTED);
  });

  test('the minimal role reads all of it, and its snapshot scans the same', async () => {
    const role = await runCli(['cluster', 'role', '--name', 'rampart-ha-test'], { cwd: work });
    assert.equal(role.code, 0, role.stderr);
    const [clusterRole] = parseAllDocuments(role.stdout).map((d) => d.toJS());
    await cp.http.create('/apis/rbac.authorization.k8s.io/v1/clusterroles', clusterRole);
    await cp.http.create('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'rampart-ha-test' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rampart-ha-test' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'scanner' }],
    });
    const scanner = cp.users.get('scanner')?.kubeconfig;
    assert.ok(scanner);
    assert.deepEqual(await haResults(['cluster', 'scan', '--kubeconfig', scanner], 'scanner.json'), EXPECTED);
    const snapshot = path.join(work, 'cluster.json.gz');
    const snap = await runCli(['cluster', 'snapshot', '--kubeconfig', scanner, '-o', snapshot], { cwd: work });
    assert.equal(snap.code, 0, snap.stderr);
    assert.deepEqual(await haResults(['scan', snapshot], 'snapshot.json'), EXPECTED);
  });

  test('-n reads no kube-system pods: etcd is not judged, and nothing else changes', async () => {
    assert.deepEqual(
      await haResults(['cluster', 'scan', '-n', 'default', '--kubeconfig', cp.admin.kubeconfig], 'ns.json'),
      EXPECTED.filter((line) => !line.startsWith('control-plane-etcd-redundancy')),
    );
  });
});
