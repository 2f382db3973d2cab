import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildModel } from '../../src/analyze/netpol/index.js';
import type { Result } from '../../src/core/result.js';
import { loadInputs, loadText } from '../../src/load/index.js';
import { NETPOL_GAP_RULES } from '../../src/rules/index.js';
import { createScanner, resourceSource } from '../../src/scan/index.js';
import { deployment, docs } from './support/model.js';

/** The gaps of some YAML, as `netpol gaps` finds them: the scan limited to the gap rules. */
async function findGaps(yaml: string): Promise<Result[]> {
  const loaded = loadText({ text: yaml }, 'test.yaml');
  return gapsOfResources(loaded.resources);
}

async function gapsOfResources(resources: Parameters<typeof resourceSource>[0]): Promise<Result[]> {
  const scanner = await createScanner({ only: NETPOL_GAP_RULES.map((r) => r.meta.id), keepPasses: true });
  return (await scanner.scan(resourceSource(resources))).results;
}

const fails = (results: Result[]) =>
  results.filter((r) => r.verdict === 'fail').map((r) => `${r.ruleId} ${r.resource?.name}: ${r.message}`);
const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}';
const web = deployment('shop', 'web', { app: 'web' }, ['http:8080']);
const db = deployment('shop', 'db', { app: 'db' }, ['pg:5432']);

describe('netpol gaps', () => {
  test('a namespace without policies: every gap, each located', async () => {
    const results = await findGaps(docs(NS, web));
    assert.deepEqual(fails(results), [
      'netpol-namespace-without-default-deny shop: namespace shop has no default deny for ingress or egress',
      'netpol-workload-egress-not-isolated web: no NetworkPolicy selects shop/web[Deployment] for egress: it can connect anywhere',
      'netpol-workload-ingress-not-isolated web: no NetworkPolicy selects shop/web[Deployment] for ingress: anything in the cluster or outside can connect to it',
      'netpol-workload-metadata-egress web: shop/web[Deployment] can reach the cloud metadata service 169.254.169.254 and fd00:ec2::254 on all ports and protocols: it is not isolated for egress',
    ]);
    assert.ok(results.every((r) => r.location === undefined || r.location.file === 'test.yaml'));
    assert.ok(
      results
        .filter((r) => r.verdict === 'fail')
        .every((r) => r.location?.file === 'test.yaml' && r.owner === 'platform'),
    );
  });

  test('a default deny with narrow allows leaves only deliberate exposure', async () => {
    const results = await findGaps(
      docs(
        NS,
        web,
        db,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: http}]}]
  egress: [{to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: pg}, {port: postgres}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 5432}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: stale, namespace: shop}
spec:
  podSelector: {matchLabels: {app: webb}}`,
      ),
    );
    assert.deepEqual(fails(results), [
      'netpol-reachable-from-outside web: shop/web[Deployment] accepts connections on TCP 8080 from outside the cluster: 0.0.0.0/0 (shop/web spec.ingress[0])',
      'netpol-reachable-from-cluster db: shop/db[Deployment] accepts connections on TCP 5432 from every pod in every namespace (shop/db spec.ingress[0])',
      'netpol-named-port-unresolved web: port "postgres" (TCP) is declared by none of the 1 destination workload(s)',
      'netpol-policy-selects-nothing stale: shop/stale selects none of the 2 workload(s) of namespace shop',
    ]);
    const outside = results.find((r) => r.ruleId === 'netpol-reachable-from-outside' && r.verdict === 'fail');
    assert.equal(outside?.severity, 'high');
    // the finding is about the workload: located there, the rule that opens it named in the message
    assert.equal(outside?.resource?.kind, 'Deployment');
    assert.equal(outside?.path, 'metadata.name');
    assert.equal(outside?.location?.line, 8);
  });

  test('CNI policies: a default deny counts, others make the verdict a skip, never a false "no isolation"', async () => {
    const cilium = (spec: string) =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: shop}\nspec:\n${spec}`;
    const denied = await findGaps(docs(NS, web, cilium('  endpointSelector: {}\n  ingress: [{}]\n  egress: [{}]')));
    assert.deepEqual(fails(denied), []);
    assert.match(
      denied.find((r) => r.ruleId === 'netpol-cni-policy-not-analysed')?.message ?? '',
      /read as a default deny for ingress and egress/,
    );
    const unread = await findGaps(
      docs(NS, web, cilium('  endpointSelector: {matchLabels: {app: web}}\n  ingress: [{fromEntities: [world]}]')),
    );
    assert.deepEqual(fails(unread), []);
    const skip = unread.find((r) => r.ruleId === 'netpol-namespace-without-default-deny');
    assert.equal(skip?.verdict, 'skip');
    assert.match(
      skip?.skipReason ?? '',
      /CiliumNetworkPolicy c\) that Rampart does not evaluate; they may provide the default deny/,
    );
  });

  test('argo-cd install: no crash, and the findings a reviewer would expect', async () => {
    const loaded = await loadInputs([
      path.resolve(import.meta.dirname, '../../../shared/corpus/real-world/argo-cd/install.yaml'),
    ]);
    const model = buildModel(loaded.resources);
    assert.equal(model.policies.length, 7);
    assert.deepEqual(model.problems, []);
    const results = await gapsOfResources(loaded.resources);
    const ids = (id: string) =>
      results
        .filter((r) => r.ruleId === id && r.verdict === 'fail')
        .map((r) => r.resource?.name)
        .sort();
    assert.deepEqual(ids('netpol-reachable-from-outside'), ['argocd-server']);
    assert.deepEqual(ids('netpol-workload-ingress-not-isolated'), []);
    // argo-cd's manifests set no namespace and hold no Namespace: the verdict sits on the first workload
    const namespaces = results.filter(
      (r) => r.ruleId === 'netpol-namespace-without-default-deny' && r.verdict === 'fail',
    );
    assert.deepEqual(
      namespaces.map((r) => r.message),
      ['the namespace the manifests are applied to has no default deny for ingress or egress'],
    );
    assert.equal(ids('netpol-workload-egress-not-isolated').length, 7);
  });
});
