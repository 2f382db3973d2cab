/*
 * `rampart cluster scan|snapshot|role` against the real control plane: the examples and part of
 * the real-world corpus applied, two Nodes registered with a kubelet's status, Secrets with values
 * that must never come out; then the live scan is compared with the file scan of the same files,
 * with its snapshot, and with scans as the minimal role and as a user with less.
 * Run by `npm run test:cluster` (RAMPART_CONTROL_PLANE_BIN is the folder of the built binaries).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { type ControlPlane, startControlPlane } from '../support/control-plane/index.js';
import { runCli } from '../support/run-cli.js';
import { applyFiles } from './apply.js';

const binDir = process.env.RAMPART_CONTROL_PLANE_BIN;
if (!binDir) throw new Error('RAMPART_CONTROL_PLANE_BIN is not set: run these tests with npm run test:cluster');

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/real-world');
/** Manifests that name their namespaces, and manifests kubectl applies to `default`. */
const NAMESPACED = [
  path.join(ROOT, 'examples'),
  path.join(CORPUS, 'ingress-nginx'),
  path.join(CORPUS, 'prometheus-operator'),
];
const IN_DEFAULT = [path.join(CORPUS, 'microservices-demo'), path.join(CORPUS, 'kubernetes-examples')];
const PASSWORD = 'hunter2-never-printed-0f3a9c';

interface JsonResult {
  ruleId: string;
  verdict: string;
  resource?: { kind: string; namespace?: string; name: string };
  path?: string;
  skipReason?: string;
  message: string;
  severity?: string;
}
interface JsonDocument {
  results: JsonResult[];
  summary: { resources: number };
}

let cp: ControlPlane;
let work: string;
let tlsKey: string;

const adminConfig = () => cp.admin.kubeconfig;
const userConfig = (name: string) => {
  const user = cp.users.get(name);
  assert.ok(user);
  return user.kubeconfig;
};

async function scanJson(
  args: string[],
  file = 'out.json',
): Promise<{ doc: JsonDocument; code: number; stderr: string }> {
  const out = path.join(work, file);
  const run = await runCli([...args, '-o', `json=${out}`, '--show-passed'], { cwd: work });
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  return { doc: JSON.parse(readFileSync(out, 'utf8')) as JsonDocument, code: run.code, stderr: run.stderr };
}

const ref = (r: JsonResult) =>
  r.resource ? `${r.resource.kind}/${r.resource.namespace ?? ''}/${r.resource.name}` : '';
const key = (r: JsonResult, name: string) => `${r.ruleId} ${r.verdict} ${name} ${r.path ?? ''}`;

describe('rampart cluster', () => {
  before(async () => {
    cp = await startControlPlane({
      binDir,
      users: [
        { name: 'scanner', groups: [] },
        { name: 'limited', groups: [] },
        { name: 'nobody', groups: [] },
      ],
    });
    work = mkdtempSync(path.join(tmpdir(), 'rampart-cluster-'));
    await applyFiles(cp.http, adminConfig(), [...NAMESPACED, ...IN_DEFAULT]);
    await registerNodes();
    await registerApiServerEndpoint();
    tlsKey = await createSecrets();
    await settle();
  });
  after(async () => {
    await cp?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('cluster scan -A finds what rampart scan finds on the applied files', async () => {
    // kubectl puts namespace-less objects in `default`, which the cluster has as a Namespace
    const defaultNs = path.join(work, 'default-namespace.yaml');
    writeFileSync(defaultNs, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n');
    const inDefault = await scanJson(['scan', '-n', 'default', defaultNs, ...IN_DEFAULT], 'a.json');
    const named = await scanJson(['scan', ...NAMESPACED], 'b.json');
    const live = await scanJson(['cluster', 'scan', '-A', '--kubeconfig', adminConfig()], 'live.json');
    const fromFiles = [...inDefault.doc.results, ...named.doc.results].filter((r) => r.resource);
    const refs = new Set(fromFiles.map(ref));
    const expected = new Set(fromFiles.map((r) => key(r, ref(r))));
    // the cluster holds more (bootstrap RBAC, kube-system, the controllers' ReplicaSets and Pods): compare the applied objects
    const found = new Set(live.doc.results.filter((r) => refs.has(ref(r))).map((r) => key(r, ref(r))));
    const missing = [...expected].filter((k) => !found.has(k));
    const extra = [...found].filter((k) => !expected.has(k));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
    assert.ok(expected.size > 150, `${expected.size} results compared`);
    assert.ok(refs.has('Deployment/shop-insecure/web') && refs.has('Deployment/default/frontend'));
    assert.ok(live.doc.results.some((r) => r.ruleId === 'pss-privileged' && r.resource?.name === 'web'));
    // every object of the cluster is named as kubectl names it, with the field path
    const finding = live.doc.results.find((r) => r.verdict === 'fail' && r.resource?.kind === 'Deployment');
    assert.ok(finding?.resource?.namespace && finding.path);
    assert.equal(live.code, 1, 'findings at or above high exit 1');
    // the controller manager keeps an Endpoints object per Service: deprecated, but nobody's to migrate
    const endpoints = live.doc.results.filter((r) => r.resource?.kind === 'Endpoints');
    assert.ok(endpoints.length > 0, 'Endpoints are read');
    assert.deepEqual(
      endpoints.filter((r) => r.ruleId === 'deprecated-api-version' && r.verdict === 'fail'),
      [],
    );
  });

  test('Secret values never come out, public certificates are judged', async () => {
    const live = await scanJson(['cluster', 'scan', '--kubeconfig', adminConfig()], 'secrets.json');
    const tls = live.doc.results.filter((r) => r.ruleId === 'tls-secret-certificate' && r.resource?.name === 'web-tls');
    assert.equal(tls.length, 1, 'the certificate of the TLS Secret was read and judged');
    // the test CA issues certificates for a week: the rule read tls.crt and says when it expires
    assert.equal(tls[0]?.verdict, 'fail');
    assert.match(tls[0]?.message ?? '', /^the certificate \(CN=web-tls\) expires on \d{4}-\d\d-\d\d, in \d days$/);
    const text = readFileSync(path.join(work, 'secrets.json'), 'utf8');
    for (const secret of [
      PASSWORD,
      Buffer.from(PASSWORD).toString('base64'),
      tlsKey,
      Buffer.from(tlsKey).toString('base64'),
    ])
      assert.ok(!text.includes(secret.trim().slice(0, 60)), 'no Secret value in the output');
  });

  test('facts only a cluster has: the server version and the kubelets of its Nodes', async () => {
    // judged as of one day, so the verdicts do not move with the clock
    const config = path.join(work, 'facts-config.yaml');
    const asOf = { options: { now: '2026-12-08T00:00:00Z' } };
    writeFileSync(
      config,
      JSON.stringify({
        rules: {
          'cluster-version-end-of-life': asOf,
          'node-version-skew': asOf,
          'node-software-end-of-life': asOf,
        },
      }),
    );
    const live = await scanJson(['cluster', 'scan', '--kubeconfig', adminConfig(), '--config', config], 'facts.json');
    const of = (rule: string) =>
      live.doc.results
        .filter((r) => r.ruleId === rule)
        .map((r) => `${r.verdict} ${r.resource?.kind}/${r.resource?.name} ${r.path ?? ''}`)
        .sort();
    // v1.37 is supported until 2027-10-28
    assert.deepEqual(of('cluster-version-end-of-life'), ['pass ClusterInfo/rampart-test ']);
    // worker-b's v1.33 kubelet is four minors behind v1.37, and v1.33 ended on 2026-06-28
    assert.deepEqual(of('node-version-skew'), [
      'fail Node/worker-b status.nodeInfo.kubeletVersion',
      'fail Node/worker-b status.nodeInfo.kubeletVersion',
      'pass Node/worker-a ',
    ]);
    // both run containerd 2.1, which reached end of life on 2026-05-05; their Ubuntu releases are supported
    assert.deepEqual(of('node-software-end-of-life'), [
      'fail Node/worker-a status.nodeInfo.containerRuntimeVersion',
      'fail Node/worker-b status.nodeInfo.containerRuntimeVersion',
    ]);
    assert.ok(
      live.doc.results.some(
        (r) =>
          r.ruleId === 'node-version-skew' && /4 minor releases older than the API server \(v1\.37\)/.test(r.message),
      ),
    );
    // both kernels (6.8, 5.15) are past 5.8, the minimum for cgroup v2
    assert.deepEqual(of('node-kernel-version'), ['pass Node/worker-a ', 'pass Node/worker-b ']);
  });

  test('control-plane redundancy: one API server is a finding; what the objects do not show is not judged', async () => {
    const live = await scanJson(['cluster', 'scan', '--kubeconfig', adminConfig()], 'ha.json');
    const of = (rule: string) =>
      live.doc.results
        .filter((r) => r.ruleId === rule)
        .map((r) => `${r.verdict} ${ref(r)} ${r.path ?? ''}`)
        .sort();
    // the one API server of the test control plane, its address in the kubernetes Service's slice
    assert.deepEqual(of('control-plane-api-server-redundancy'), ['fail EndpointSlice/default/kubernetes endpoints']);
    const finding = live.doc.results.find((r) => r.ruleId === 'control-plane-api-server-redundancy');
    assert.equal(finding?.severity, 'medium');
    assert.match(finding?.message ?? '', /lists one ready API server address: unless that address balances/);
    // no Node carries the control-plane role and etcd runs as no pod: nothing to judge, no result at all
    assert.deepEqual(of('control-plane-node-redundancy'), []);
    assert.deepEqual(of('control-plane-etcd-redundancy'), []);
  });

  test('a snapshot holds no Secret value and scans to the live results', async () => {
    const file = path.join(work, 'cluster.json.gz');
    const snap = await runCli(['cluster', 'snapshot', '--kubeconfig', adminConfig(), '-o', file], { cwd: work });
    assert.equal(snap.code, 0, snap.stderr);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    for (const secret of [Buffer.from(PASSWORD).toString('base64'), Buffer.from(tlsKey).toString('base64')])
      assert.ok(!text.includes(secret.slice(0, 60)), 'no Secret value in the snapshot');
    const doc = JSON.parse(text) as {
      serverVersion: { gitVersion: string };
      groupVersions: string[];
      items: unknown[];
    };
    assert.match(doc.serverVersion.gitVersion, /^v1\.37\./);
    assert.ok(doc.groupVersions.includes('apps/v1') && doc.groupVersions.includes('monitoring.coreos.com/v1alpha1'));
    assert.ok(!text.includes('managedFields'), 'managed fields are not kept');

    const live = readFileSync(path.join(work, 'secrets.json'), 'utf8');
    await scanJson(['scan', file], 'snap-a.json');
    await scanJson(['scan', '--snapshot', file], 'snap-b.json');
    // the same output byte for byte: results, counts, order
    assert.equal(readFileSync(path.join(work, 'snap-a.json'), 'utf8'), live);
    assert.equal(readFileSync(path.join(work, 'snap-b.json'), 'utf8'), live);
    // pages of 3 objects (a hundred continue tokens) read the same cluster
    await scanJson(['cluster', 'scan', '--kubeconfig', adminConfig(), '--chunk-size', '3'], 'paged.json');
    assert.equal(readFileSync(path.join(work, 'paged.json'), 'utf8'), live);
  });

  test('as a user bound only to `rampart cluster role`: the same results, nothing skipped', async () => {
    const role = await runCli(
      ['cluster', 'role', '--discover', '--kubeconfig', adminConfig(), '--name', 'rampart-scan-test'],
      { cwd: work },
    );
    assert.equal(role.code, 0, role.stderr);
    const [clusterRole] = parseAllDocuments(role.stdout).map((d) => d.toJS());
    assert.equal(clusterRole.kind, 'ClusterRole');
    for (const rule of clusterRole.rules) {
      assert.deepEqual(rule.verbs, ['list'], 'list, and nothing else');
      assert.ok(!rule.resources.includes('*') && !rule.apiGroups.includes('*'), 'no wildcard');
    }
    await cp.http.create('/apis/rbac.authorization.k8s.io/v1/clusterroles', clusterRole);
    await cp.http.create('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'rampart-scan-test' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rampart-scan-test' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'scanner' }],
    });
    // the new role and binding are objects too: both scans see them
    const admin = await scanJson(['cluster', 'scan', '--kubeconfig', adminConfig()], 'as-admin.json');
    const scanner = await scanJson(['cluster', 'scan', '--kubeconfig', userConfig('scanner')], 'as-scanner.json');
    assert.deepEqual(
      scanner.doc.results.filter((r) => r.ruleId === 'kind-skipped'),
      [],
    );
    assert.ok(!scanner.stderr.includes('warning'), scanner.stderr);
    assert.deepEqual(scanner.doc.results, admin.doc.results);
  });

  test('as a user with less: every missing kind skipped with its reason, the rest scanned', async () => {
    await cp.http.create('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'workloads-only' },
      rules: [
        { apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['list'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] },
      ],
    });
    await cp.http.create('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'workloads-only' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'workloads-only' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'limited' }],
    });
    const run = await scanJson(['cluster', 'scan', '--kubeconfig', userConfig('limited')], 'limited.json');
    const skipped = run.doc.results.filter((r) => r.ruleId === 'kind-skipped');
    const skippedNames = skipped.map((r) => r.message.split(' ')[0]);
    for (const kind of ['secrets', 'statefulsets', 'clusterroles', 'networkpolicies', 'nodes'])
      assert.ok(skippedNames.includes(kind), `${kind} is reported as skipped`);
    for (const kind of ['pods', 'deployments', 'namespaces']) assert.ok(!skippedNames.includes(kind));
    assert.ok(skipped.every((r) => r.verdict === 'skip' && r.skipReason?.includes('forbidden (403)')));
    assert.match(run.stderr, /warning: secrets \(Secret, v1\) was not read: forbidden \(403\)/);
    const kinds = new Set(run.doc.results.filter((r) => r.resource).map((r) => r.resource?.kind));
    assert.ok(kinds.has('Deployment') && kinds.has('Namespace'));
    assert.ok(!kinds.has('StatefulSet') && !kinds.has('ClusterRole'));
    // a user who may list nothing scanned nothing: exit 3, never a clean pass
    const nothing = await runCli(['cluster', 'scan', '--kubeconfig', userConfig('nobody')], { cwd: work });
    assert.equal(nothing.code, 3, nothing.stderr);
    assert.match(nothing.stderr, /nothing was scanned/);
  });

  test('rbac, netpol and pss read the cluster (--cluster) and snapshots too', async () => {
    const whoCan = await runCli(
      ['rbac', 'who-can', 'list', 'secrets', '-A', '--cluster', '--kubeconfig', adminConfig()],
      {
        cwd: work,
      },
    );
    assert.equal(whoCan.code, 0, whoCan.stderr);
    assert.match(whoCan.stdout, /scanner/, 'the user bound to the scan role may list secrets');
    const pss = await runCli(['pss', '--kubeconfig', adminConfig(), '-o', 'json'], { cwd: work });
    assert.ok(pss.code === 1, pss.stderr);
    assert.match(pss.stdout, /"namespace": ?"shop-insecure"/);
    const live = await runCli(['netpol', 'list', '--cluster', '--kubeconfig', adminConfig()], { cwd: work });
    const snapshot = await runCli(['netpol', 'list', path.join(work, 'cluster.json.gz')], { cwd: work });
    assert.equal(live.code, 0, live.stderr);
    assert.equal(snapshot.stdout, live.stdout);
    assert.match(live.stdout, /shop-hardened/);
    const both = await runCli(['pss', '--cluster', path.join(ROOT, 'examples')], { cwd: work });
    assert.equal(both.code, 2);
  });

  test('-n reads one namespace; KUBECONFIG with several files and --context', async () => {
    const other = path.join(work, 'other.kubeconfig');
    writeFileSync(other, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    const out = path.join(work, 'ns.json');
    const run = await runCli(
      ['cluster', 'scan', '-n', 'shop-insecure', '--context', 'rampart-admin', '-o', `json=${out}`],
      {
        cwd: work,
        env: { KUBECONFIG: [other, adminConfig()].join(path.delimiter) },
      },
    );
    assert.ok(run.code === 1, run.stderr);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as JsonDocument;
    const namespaces = new Set(doc.results.map((r) => r.resource?.namespace).filter(Boolean));
    assert.deepEqual([...namespaces], ['shop-insecure']);
  });

  test("the cluster's own admission policies judge its objects; progress only on a terminal", async () => {
    const policy = 'require-team-label';
    await cp.http.create('/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: policy },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] },
          ],
        },
        validations: [
          { expression: "has(object.metadata.labels) && 'team' in object.metadata.labels", message: 'a team label' },
        ],
      },
    });
    await cp.http.create('/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: policy },
      spec: {
        policyName: policy,
        validationActions: ['Warn'],
        matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop-insecure' } } },
      },
    });
    const out = path.join(work, 'vap.json');
    const run = await runCli(['cluster', 'scan', '--kubeconfig', adminConfig(), '-o', `json=${out}`], {
      cwd: work,
      tty: true,
    });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as JsonDocument;
    const judged = doc.results
      .filter((r) => r.ruleId === `vap/${policy}`)
      .map((r) => `${r.verdict} ${r.resource?.kind}/${r.resource?.namespace}/${r.resource?.name}`);
    // the binding warns (validationActions: [Warn]), so the verdict is a warning, as kubectl would print it
    assert.deepEqual(judged, ['warn Deployment/shop-insecure/web'], 'bound to shop-insecure only');
    assert.match(run.stderr, /rampart: read \d+\/\d+ kinds, \d+ objects/);
    const quiet = await runCli(['cluster', 'scan', '--kubeconfig', adminConfig(), '-o', `json=${out}`], { cwd: work });
    assert.doesNotMatch(quiet.stderr, /kinds, \d+ objects/, 'no progress when stderr is not a terminal');
  });

  test('an exec credential plugin authenticates the scan, as in kubectl', async () => {
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: cp.admin.token },
    });
    const plugin = path.join(work, 'credential-plugin.sh');
    writeFileSync(plugin, `#!/bin/sh\nprintf '%s' '${credential}'\n`, { mode: 0o700 });
    const kubeconfig = path.join(work, 'exec.kubeconfig');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'rampart-test', cluster: { server: cp.server, 'certificate-authority': cp.caFile } }],
        users: [
          {
            name: 'plugin',
            user: {
              exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' },
            },
          },
        ],
        contexts: [{ name: 'plugin', context: { cluster: 'rampart-test', user: 'plugin' } }],
        'current-context': 'plugin',
      }),
    );
    const viaPlugin = await scanJson(['cluster', 'scan', '--kubeconfig', kubeconfig], 'exec.json');
    // the plugin's token is the admin's: everything read (the controllers may still be adding Pods, so no equality)
    assert.deepEqual(
      viaPlugin.doc.results.filter((r) => r.ruleId === 'kind-skipped'),
      [],
    );
    assert.ok(viaPlugin.doc.summary.resources > 200);
    assert.ok(
      viaPlugin.doc.results.some((r) => r.ruleId === 'pss-privileged' && ref(r) === 'Deployment/shop-insecure/web'),
    );
  });

  test('a server that cannot be reached, or an unknown context, is an input error (exit 2)', async () => {
    const dead = path.join(work, 'dead.kubeconfig');
    writeFileSync(dead, readFileSync(adminConfig(), 'utf8').replace(cp.server, 'https://127.0.0.1:1'));
    const unreachable = await runCli(['cluster', 'scan', '--kubeconfig', dead, '--request-timeout', '2'], {
      cwd: work,
    });
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /rampart: \/version: ECONNREFUSED/);
    const context = await runCli(['cluster', 'scan', '--kubeconfig', adminConfig(), '--context', 'nope'], {
      cwd: work,
    });
    assert.equal(context.code, 2);
    assert.match(context.stderr, /no context "nope"/);
  });
});

/**
 * Waits until the controllers are done creating what the applied objects ask for (ReplicaSets,
 * Pods, Endpoints): scans that must agree object for object run on a cluster that holds still.
 */
async function settle(): Promise<void> {
  const names = async () => {
    const parts: string[] = [];
    for (const list of [
      '/api/v1/pods',
      '/apis/apps/v1/replicasets',
      '/api/v1/endpoints',
      '/apis/discovery.k8s.io/v1/endpointslices',
    ]) {
      const body = (await cp.http.get(list)).body as { items?: { metadata: { namespace: string; name: string } }[] };
      parts.push(...(body.items ?? []).map((i) => `${list} ${i.metadata.namespace}/${i.metadata.name}`));
    }
    return parts.sort().join('\n');
  };
  let last = '';
  let stable = 0;
  for (let i = 0; i < 60 && stable < 3; i++) {
    const now = await names();
    stable = now === last ? stable + 1 : 0;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Two Nodes as kubelets would register them; no kubelet runs, so their status is written here. */
async function registerNodes(): Promise<void> {
  const nodes = [
    { name: 'worker-a', kubelet: 'v1.37.1', kernel: '6.8.0-85-generic', os: 'Ubuntu 24.04.3 LTS' },
    { name: 'worker-b', kubelet: 'v1.33.5', kernel: '5.15.0-140-generic', os: 'Ubuntu 22.04.5 LTS' },
  ];
  for (const node of nodes) {
    await cp.http.create('/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: node.name, labels: { 'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux' } },
    });
    const status = {
      nodeInfo: {
        kubeletVersion: node.kubelet,
        containerRuntimeVersion: 'containerd://2.1.4',
        osImage: node.os,
        kernelVersion: node.kernel,
        operatingSystem: 'linux',
        architecture: 'amd64',
        machineID: '',
        systemUUID: '',
        bootID: '',
        kubeProxyVersion: '',
      },
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
    };
    // the controller manager's node controller writes the new Node too: read it again on a conflict
    let written = 0;
    for (let attempt = 0; attempt < 10 && written !== 200; attempt++) {
      const current = (await cp.http.get(`/api/v1/nodes/${node.name}`)).body as Record<string, unknown>;
      written = (await cp.http.put(`/api/v1/nodes/${node.name}/status`, { ...current, status })).status;
    }
    assert.equal(written, 200);
  }
}

/**
 * The `kubernetes` Service's EndpointSlice as kube-apiserver's lease reconciler writes it for one
 * API server. The test control plane runs with `--endpoint-reconciler-type=none` (its loopback
 * address cannot be an endpoint), so the slice is written here, with a routable address, as the
 * Nodes' status is.
 */
async function registerApiServerEndpoint(): Promise<void> {
  await cp.http.create('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.0.0.10'], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  });
}

/** A TLS Secret with a certificate the cluster CA signed, and an Opaque one with a password. Returns the private key. */
async function createSecrets(): Promise<string> {
  const { certFile, keyFile } = cp.issueCertificate('web-tls', ['web.shop.example']);
  const key = readFileSync(keyFile, 'utf8');
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  await cp.http.create('/api/v1/namespaces/shop-insecure/secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'web-tls' },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(readFileSync(certFile, 'utf8')), 'tls.key': b64(key) },
  });
  await cp.http.create('/api/v1/namespaces/shop-insecure/secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'db',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ stringData: { password: PASSWORD } }),
      },
    },
    type: 'Opaque',
    stringData: { password: PASSWORD },
  });
  return key;
}
