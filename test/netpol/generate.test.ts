import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generatePolicies, parseIntended, prove } from '../../src/analyze/netpol/index.js';
import type { KubeObject, Resource } from '../../src/core/resource.js';
import { loadText } from '../../src/load/index.js';
import { deployment, docs, listOf, modelOf } from './support/model.js';

const workloads = docs(
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
  deployment('shop', 'web', { app: 'web', tier: 'front', 'pod-template-hash': 'abc' }, ['http:8080']),
  deployment('shop', 'api', { app: 'api', tier: 'back' }, ['grpc:9090']),
  deployment('shop', 'db', { app: 'db', tier: 'back' }, ['pg:5432']),
  deployment('ops', 'prometheus', { 'app.kubernetes.io/name': 'prometheus' }),
  // what the generated policies replace
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: legacy-allow-all, namespace: shop}\nspec: {podSelector: {}, ingress: [{}]}',
);

const INTENDED = [
  '0.0.0.0-255.255.255.255 => shop/web[Deployment] : TCP 8080',
  'ops/prometheus[Deployment] => shop/api[Deployment] : TCP 9090',
  'ops/prometheus[Deployment] => shop/web[Deployment] : TCP 8080',
  'shop/api[Deployment] => 10.0.0.0-10.255.255.255 : TCP 443',
  'shop/api[Deployment] => shop/db[Deployment] : TCP 5432',
  'shop/web[Deployment] => shop/api[Deployment] : TCP 9090,UDP 9090',
];

const resources = (yaml: string): Resource[] => loadText({ text: yaml }, 'test.yaml').resources;
const asYaml = (policies: readonly KubeObject[]) => policies.map((p) => JSON.stringify(p)).join('\n---\n');

describe('netpol generate', () => {
  test('default deny plus least-privilege allows, proven by re-analysis and equal to the intended list', () => {
    const model = modelOf(workloads);
    const { intended, errors } = parseIntended(`# the app\n${INTENDED.join('\n')}\n`, model);
    assert.deepEqual(errors, []);
    const generated = generatePolicies(model, intended);
    assert.deepEqual(generated.notes, []);
    const names = generated.policies.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
    assert.deepEqual(names, [
      'ops/default-deny',
      'shop/default-deny',
      'shop/allow-ingress-api',
      'shop/allow-ingress-db',
      'shop/allow-ingress-web',
      'ops/allow-egress-prometheus',
      'shop/allow-egress-api',
      'shop/allow-egress-web',
    ]);
    const proof = prove(resources(workloads), generated.policies, generated.intended);
    assert.equal(proof.exact, true, JSON.stringify(proof));
    // the same, as `netpol list` sees it: workloads plus the generated policies
    const listed = listOf(
      docs(
        workloads.replace(/kind: NetworkPolicy[\s\S]*$/, 'kind: ConfigMap\nmetadata: {name: x, namespace: shop}'),
        asYaml(generated.policies),
      ),
    );
    assert.deepEqual(listed, INTENDED);
  });

  test('selectors are the smallest stable label set, and cross-namespace peers name the namespace', () => {
    const model = modelOf(workloads);
    const generated = generatePolicies(model, parseIntended(INTENDED.join('\n'), model).intended);
    const api = generated.policies.find((p) => p.metadata?.name === 'allow-ingress-api') as KubeObject & {
      spec: Record<string, unknown>;
    };
    assert.deepEqual(api.spec.podSelector, { matchLabels: { app: 'api' } });
    assert.deepEqual(api.spec.ingress, [
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 9090 }],
      },
      {
        from: [{ podSelector: { matchLabels: { app: 'web' } } }],
        ports: [
          { protocol: 'TCP', port: 9090 },
          { protocol: 'UDP', port: 9090 },
        ],
      },
    ]);
  });

  test('a workload no selector singles out is reported, and the proof shows what leaks', () => {
    const twins = docs(
      deployment('shop', 'a', { app: 'same' }),
      deployment('shop', 'b', { app: 'same' }),
      deployment('shop', 'c', { app: 'c' }),
    );
    const model = modelOf(twins);
    const { intended } = parseIntended('shop/c[Deployment] => shop/a[Deployment] : TCP 80', model);
    const generated = generatePolicies(model, intended);
    assert.match(generated.notes[0] ?? '', /no label selector singles out shop\/a\[Deployment\]/);
    const proof = prove(resources(twins), generated.policies, generated.intended);
    assert.equal(proof.exact, false);
    assert.deepEqual(proof.extra, [{ src: 'shop/c[Deployment]', dst: 'shop/b[Deployment]', conn: 'TCP 80' }]);
  });

  test('a host-network workload is named as beyond NetworkPolicy, and the proof shows it stays open', () => {
    const yaml = docs(
      deployment('shop', 'web', { app: 'web' }),
      deployment('shop', 'agent', { app: 'agent' }).replace('    spec:\n', '    spec:\n      hostNetwork: true\n'),
    );
    const model = modelOf(yaml);
    const { intended } = parseIntended('shop/web[Deployment] => shop/agent[Deployment] : TCP 9100', model);
    const generated = generatePolicies(model, intended);
    assert.deepEqual(generated.notes, [
      'shop/agent[Deployment] uses hostNetwork: NetworkPolicy neither isolates it nor matches it by selectors, so no generated policy changes its connections; protect the node (host firewall) instead',
    ]);
    const proof = prove(resources(yaml), generated.policies, generated.intended);
    assert.equal(proof.exact, false);
    // web's egress names the agent by podSelector, which matches no host-network pod
    assert.deepEqual(proof.missing, [{ src: 'shop/web[Deployment]', dst: 'shop/agent[Deployment]', conn: 'TCP 9100' }]);
    assert.ok(proof.extra.some((c) => c.src === 'shop/agent[Deployment]' && c.conn === 'All Connections'));
  });

  test('--allow-dns adds DNS egress everywhere and ingress to kube-dns, still exact', () => {
    const withDns = docs(
      workloads,
      deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, ['dns:53/UDP', 'dns-tcp:53/TCP']),
    );
    const model = modelOf(withDns);
    const generated = generatePolicies(model, parseIntended(INTENDED.join('\n'), model).intended, { allowDns: true });
    assert.ok(generated.policies.some((p) => p.metadata?.name === 'allow-dns-from-cluster'));
    assert.equal(prove(resources(withDns), generated.policies, generated.intended).exact, true);
  });

  test('intended connections are validated line by line', () => {
    const model = modelOf(workloads);
    const { errors } = parseIntended(
      'shop/web => shop/nope : TCP 80\nshop/web => shop/api : TCP http\ngarbage\n1.2.3.4 => 5.6.7.8 : TCP 1',
      model,
    );
    assert.equal(errors.length, 4);
    assert.match(errors[0] ?? '', /^line 3: expected "src => dst : connections"/);
    assert.match(errors.join('\n'), /line 1: no workload "shop\/nope"/);
    assert.match(errors.join('\n'), /line 2: "http" is not a port/);
    assert.match(errors.join('\n'), /line 4: both ends are outside the cluster/);
    const hexName = parseIntended('web => db : TCP 5432\nshop/web => 10.0.0.0/8, 192.168.0.0/16 : TCP 443', model);
    assert.deepEqual(hexName.errors, [], 'a workload named like hex digits is a workload, not an address');
    assert.equal(hexName.intended[1]?.dst.kind, 'external');
    const json = parseIntended(JSON.stringify([{ src: 'shop/web', dst: 'shop/api', conn: 'TCP 9090' }]), model);
    assert.deepEqual(json.errors, []);
    assert.equal(json.intended[0]?.conn.toString(), 'TCP 9090');
  });
});
