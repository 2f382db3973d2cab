import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deployment, docs, formatted, listOf } from '../../../test/netpol/support/model.js';

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const client = deployment('shop', 'client', { app: 'client' });
const web = deployment('shop', 'web', { app: 'web', tier: 'front' }, ['http:8080', 'metrics:9100']);
const api = deployment('shop', 'api', { app: 'api', tier: 'back' }, ['http:9090', 'dns:5353/UDP']);

const isolateIngress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-in, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}`;

const lines = (all: string[], pattern: RegExp) => all.filter((l) => pattern.test(l));

describe('ports', () => {
  test('a named port resolves against each destination pod: one policy, two port numbers', () => {
    const all = listOf(
      docs(
        NS,
        client,
        web,
        api,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: http-in, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: http}]`,
      ),
    );
    assert.deepEqual(lines(all, /^shop\/client/), [
      'shop/client[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
      'shop/client[Deployment] => shop/api[Deployment] : TCP 9090',
      'shop/client[Deployment] => shop/web[Deployment] : TCP 8080',
    ]);
    assert.deepEqual(lines(all, /=> shop\/client/), [], 'client is isolated too and admits nothing');
  });

  test('named ports of egress rules resolve against the destination; towards the outside they resolve to nothing', () => {
    const all = listOf(
      docs(
        NS,
        client,
        web,
        api,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: scrape, namespace: shop}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - ports: [{port: metrics}, {port: dns, protocol: UDP}]`,
      ),
    );
    assert.deepEqual(lines(all, /^shop\/client/), [
      'shop/client[Deployment] => shop/api[Deployment] : UDP 5353',
      'shop/client[Deployment] => shop/web[Deployment] : TCP 9100',
    ]);
  });

  test('endPort ranges, stacking across policies, protocol-only entries, SCTP and UDP', () => {
    const all = listOf(
      docs(
        NS,
        client,
        web,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: range, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - ports: [{port: 8000, endPort: 8080}, {protocol: SCTP, port: 2905}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: more, namespace: shop}
spec:
  podSelector: {matchLabels: {tier: front}}
  ingress:
  - from: [{podSelector: {}}]
    ports: [{port: 8081}, {protocol: UDP}]`,
      ),
    );
    assert.deepEqual(lines(all, /=> shop\/web/), [
      '0.0.0.0-255.255.255.255 => shop/web[Deployment] : SCTP 2905,TCP 8000-8080',
      'shop/client[Deployment] => shop/web[Deployment] : SCTP 2905,TCP 8000-8081,UDP 1-65535',
    ]);
  });
});

describe('ipBlock', () => {
  test('except cuts the outside; egress reaches only the blocks it names (IPv4)', () => {
    const all = listOf(
      docs(
        NS,
        client,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: out, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
    ports: [{port: 443}]`,
      ),
    );
    assert.deepEqual(all, [
      '0.0.0.0-255.255.255.255 => shop/client[Deployment] : All Connections',
      'shop/client[Deployment] => 0.0.0.0-9.255.255.255 : TCP 443',
      'shop/client[Deployment] => 11.0.0.0-255.255.255.255 : TCP 443',
    ]);
  });

  test('ingress from an IPv6 block shows the IPv6 outside, cut by it', () => {
    const all = listOf(
      docs(
        NS,
        web,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: partners, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from: [{ipBlock: {cidr: '2001:db8::/32', except: ['2001:db8:1::/48']}}]`,
      ),
    );
    assert.deepEqual(lines(all, /=> shop\/web/), [
      '2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff => shop/web[Deployment] : All Connections',
      '2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff => shop/web[Deployment] : All Connections',
    ]);
    assert.ok(all.includes('shop/web[Deployment] => ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff : All Connections'));
    assert.ok(all.includes('shop/web[Deployment] => 0.0.0.0-255.255.255.255 : All Connections'));
  });
});

describe('policy semantics', () => {
  test('policyTypes defaulting: egress rules imply Egress (and Ingress); an empty egress list implies nothing', () => {
    const withRules = listOf(
      docs(
        NS,
        client,
        web,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  egress: [{ports: [{port: 53, protocol: UDP}]}]`,
      ),
    );
    assert.deepEqual(lines(withRules, /shop\/web/), [
      'shop/web[Deployment] => 0.0.0.0-255.255.255.255 : UDP 53',
      'shop/web[Deployment] => shop/client[Deployment] : UDP 53',
    ]);
    const emptyEgress = listOf(
      docs(
        NS,
        client,
        web,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  egress: []`,
      ),
    );
    assert.deepEqual(lines(emptyEgress, /^shop\/web/), [
      'shop/web[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
      'shop/web[Deployment] => shop/client[Deployment] : All Connections',
    ]);
    assert.deepEqual(lines(emptyEgress, /=> shop\/web/), []);
  });

  test('an empty from list, like a missing one, admits everyone, outside included', () => {
    const all = listOf(
      docs(
        NS,
        client,
        web,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [], ports: [{port: 8080}]}]`,
      ),
    );
    assert.deepEqual(lines(all, /=> shop\/web/), [
      '0.0.0.0-255.255.255.255 => shop/web[Deployment] : TCP 8080',
      'shop/client[Deployment] => shop/web[Deployment] : TCP 8080',
    ]);
  });

  test('rules of a type the policy does not list are inert', () => {
    const all = listOf(
      docs(
        NS,
        client,
        web,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  ingress: [{from: [{podSelector: {matchLabels: {app: nobody}}}]}]
  egress: [{}]`,
      ),
    );
    assert.equal(all.length, 6, all.join('\n'));
  });

  test('a namespaceSelector matches the implicit name label of a namespace with no Namespace object', () => {
    const other = deployment('ops', 'probe', { app: 'probe' });
    const all = listOf(
      docs(
        client,
        web,
        other,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}}]}]`,
      ),
    );
    assert.deepEqual(lines(all, /=> shop\/web/), ['ops/probe[Deployment] => shop/web[Deployment] : All Connections']);
  });
});

describe('list formats', () => {
  const input = docs(
    NS,
    client,
    web,
    `${isolateIngress}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {matchLabels: {app: client}}}], ports: [{port: 8080}, {port: 53, protocol: UDP}]}]`,
  );

  test('txt: one sorted line per allowed pair, no self pairs', () => {
    assert.equal(
      formatted(input, 'txt'),
      'shop/client[Deployment] => 0.0.0.0-255.255.255.255 : All Connections\nshop/client[Deployment] => shop/web[Deployment] : TCP 8080,UDP 53\nshop/web[Deployment] => 0.0.0.0-255.255.255.255 : All Connections\n',
    );
  });

  test('json, csv, md', () => {
    const json = JSON.parse(formatted(input, 'json'));
    assert.deepEqual(json[1], { src: 'shop/client[Deployment]', dst: 'shop/web[Deployment]', conn: 'TCP 8080,UDP 53' });
    assert.equal(
      formatted(input, 'csv').split('\n')[2],
      'shop/client[Deployment],shop/web[Deployment],"TCP 8080,UDP 53"',
    );
    assert.equal(formatted(input, 'csv').split('\n')[0], 'src,dst,conn');
    assert.match(
      formatted(input, 'md'),
      /^\| src \| dst \| conn \|\n\|-----\|-----\|------\|\n\| shop\/client\[Deployment\] \| 0\.0\.0\.0/,
    );
    assert.equal(
      formatted(
        docs(
          NS,
          client,
          'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: all, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}',
        ),
        'json',
      ),
      '[]\n',
    );
  });

  test('dot: namespaces as clusters, the outside apart', () => {
    const dot = formatted(input, 'dot');
    assert.match(
      dot,
      /^digraph \{\n\tsubgraph "cluster_shop" \{\n\t\t"shop\/client\[Deployment\]" \[label="client\[Deployment\]"/,
    );
    assert.match(dot, /\t"0\.0\.0\.0-255\.255\.255\.255" \[label="0\.0\.0\.0-255\.255\.255\.255" color="red2"/);
    assert.match(dot, /\t"shop\/client\[Deployment\]" -> "shop\/web\[Deployment\]" \[label="TCP 8080,UDP 53"/);
    assert.ok(dot.endsWith('}\n'));
  });
});
