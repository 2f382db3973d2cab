import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, buildModel, connLines } from '../../src/analyze/netpol/index.js';
import type { KubeObject } from '../../src/core/resource.js';
import { loadText } from '../../src/load/index.js';
import { DIFFERENCES } from './np-guard/differences.js';
import { deployment, docs } from './support/model.js';

/**
 * The np-guard comparison (npm run test:np-guard, which needs Go) explains a disagreement only by
 * taking its documented cause out of the input. These tests hold the taking-out itself, without
 * Go: each rewrite removes its cause, and changes nothing else that Rampart reads.
 */

const objects = (yaml: string): KubeObject[] => loadText({ text: yaml }, 'test.yaml').resources.map((r) => r.object);
const list = (input: readonly KubeObject[]) =>
  [
    ...connLines(
      analyze(buildModel(loadText({ text: input.map((o) => JSON.stringify(o)).join('\n---\n') }, 't.yaml').resources)),
    ),
  ].map((l) => `${l.src} => ${l.dst} : ${l.conn}`);
const difference = (id: string) => DIFFERENCES.find((d) => d.id === id) ?? assert.fail(id);
const policy = (name: string, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${spec}`;
const web = deployment('shop', 'web', { app: 'web' }, ['http:8080']);
const db = deployment('shop', 'db', { app: 'db' }, ['pg:5432']);

const CAUSES: Record<string, string> = {
  'unparseable-document': docs(web, 'kind: Pod\nmetadata: {name: p\n  bad: : :'),
  'document-without-kind': docs(web, 'metadata: {name: p}'),
  'admin-network-policy':
    'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec: {priority: 1, subject: {namespaces: {}}}',
  'ingress-controller':
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: shop}\nspec: {defaultBackend: {service: {name: web, port: {number: 80}}}}',
  'duplicate-object': docs(web, web),
  'invalid-owner-reference':
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop, ownerReferences: [{name: owner, controller: true}]}\nspec: {containers: [{name: c, image: x}]}',
  'owner-chain': docs(
    web,
    'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web-1, namespace: shop, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u, controller: true}]}\nspec: {selector: {}, template: {spec: {containers: [{name: c, image: x}]}}}',
  ),
  'label-variants': docs(
    'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop, labels: {v: "1"}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: u, controller: true}]}\nspec: {containers: [{name: c, image: x}]}',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: shop, labels: {v: "2"}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: u, controller: true}]}\nspec: {containers: [{name: c, image: x}]}',
  ),
  'host-network': web.replace('    spec:\n', '    spec:\n      hostNetwork: true\n'),
  'pod-ips':
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: 10.0.0.1, podIPs: [{ip: 10.0.0.1}]}',
  ipv6: policy('v6', '  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: "2001:db8::/32"}}]}]'),
  'named-port-outside': policy('named', '  podSelector: {}\n  egress: [{ports: [{port: http}]}]'),
};

describe('the documented differences of the np-guard comparison', () => {
  test('every difference has a sample cause here', () => {
    assert.deepEqual(Object.keys(CAUSES).sort(), DIFFERENCES.map((d) => d.id).sort());
  });

  for (const d of DIFFERENCES) {
    test(`${d.id}: applies to its cause, and not once the cause is taken out`, () => {
      const { resources, problems } = loadText({ text: CAUSES[d.id] as string }, 'test.yaml');
      const input = resources.map((r) => r.object);
      const loader = problems.map((p) => p.message);
      assert.equal(d.applies(input, loader), true);
      // a cause in how a file is read is taken out by rewriting what was read, which parses cleanly
      if (d.neutralise) assert.equal(d.applies(d.neutralise(input), loader), false);
      else assert.equal(d.applies(input, []), false);
      assert.equal(d.applies(objects(docs(web, db)), []), false, 'not to an input without the cause');
    });
  }

  test('dropping a rule keeps the isolation the API server gives the policy', () => {
    // egress to an IPv6 block only: Egress is implied by the rule; without the rule it must stay
    const input = objects(
      docs(
        web,
        db,
        policy(
          'v6',
          '  podSelector: {matchLabels: {app: web}}\n  egress: [{to: [{ipBlock: {cidr: "2001:db8::/32"}}]}]',
        ),
      ),
    );
    const rewritten = difference('ipv6').neutralise?.(input) ?? [];
    const spec = rewritten[2]?.spec as { policyTypes?: string[]; egress?: unknown[] } | undefined;
    assert.deepEqual(spec?.policyTypes, ['Ingress', 'Egress']);
    assert.deepEqual(spec?.egress, []);
    // web sends nowhere in IPv4, before and after
    assert.deepEqual(
      list(input).filter((l) => l.startsWith('shop/web') && !l.includes(':')),
      list(rewritten).filter((l) => l.startsWith('shop/web')),
    );
    assert.deepEqual(
      list(rewritten).filter((l) => l.startsWith('shop/web')),
      [],
    );
  });

  test('a named port is dropped from a rule, never leaving an empty ports list that would open every port', () => {
    const input = objects(
      policy('p', '  podSelector: {}\n  egress: [{ports: [{port: http}, {port: 443}]}, {ports: [{port: http}]}]'),
    );
    const spec = difference('named-port-outside').neutralise?.(input)[0]?.spec as { egress: unknown[] };
    assert.deepEqual(spec.egress, [{ ports: [{ port: 443 }] }]);
  });
});
