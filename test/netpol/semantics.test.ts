import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  analyze,
  type Endpoint,
  explain,
  groupedLines,
  type NetpolModel,
  resolveEndpoint,
} from '../../src/analyze/netpol/index.js';
import type { Result } from '../../src/core/result.js';
import { loadText } from '../../src/load/index.js';
import { NETPOL_GAP_RULES } from '../../src/rules/index.js';
import { createScanner, resourceSource } from '../../src/scan/index.js';
import { deployment, docs, listOf, modelOf } from './support/model.js';

/**
 * Issue 14, item 8: the analyzer (list, explain) and every netpol rule (gaps and scan rules) read
 * NetworkPolicy the same way. An empty rule admits every source or destination, every outside
 * address of both families and every port included; a host-network workload is isolated by no
 * policy and matched by no selector. Item 7: messages name exactly the connections they mean.
 */

const RULES = [
  ...NETPOL_GAP_RULES.map((r) => r.meta.id),
  'netpol-allows-all-external',
  'netpol-metadata-egress-not-blocked',
];

async function findings(yaml: string): Promise<Result[]> {
  const scanner = await createScanner({ only: RULES, keepPasses: false });
  const { resources } = loadText({ text: yaml }, 'test.yaml');
  return (await scanner.scan(resourceSource(resources))).results.filter((r) => r.verdict === 'fail');
}

const of = (results: Result[], ruleId: string) => results.filter((r) => r.ruleId === ruleId).map((r) => r.message);
const at = (model: NetpolModel, text: string) => resolveEndpoint(model, text) as Endpoint;

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}';
const web = deployment('shop', 'web', { app: 'web' }, ['http:8080']);
const db = deployment('shop', 'db', { app: 'db' }, ['pg:5432']);
const policy = (name: string, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${spec}`;
const defaultDeny = policy('default-deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]');

describe('an empty rule admits everything, the whole outside included, in every reader', () => {
  // db's policy names an IPv4 and an IPv6 block, so the outside is cut into several blocks of each family
  const yaml = docs(
    NS,
    web,
    db,
    defaultDeny,
    policy('web-open', '  podSelector: {matchLabels: {app: web}}\n  ingress: [{}]\n  egress: [{}]'),
    policy(
      'db-partners',
      '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{ipBlock: {cidr: 192.0.2.0/24}}, {ipBlock: {cidr: "2001:db8::/32"}}], ports: [{port: 5432}]}]',
    ),
  );

  test('list: every outside block of both families reaches web, and web reaches all of them, on all ports', () => {
    const lines = listOf(yaml);
    const inbound = lines.filter(
      (l) => l.endsWith('=> shop/web[Deployment] : All Connections') && !l.startsWith('shop/'),
    );
    const blocks = lines.filter((l) => l.endsWith('=> shop/db[Deployment] : TCP 5432') && !l.startsWith('shop/'));
    assert.equal(blocks.length, 2, 'db admits its two blocks');
    // web: the IPv4 space cut at 192.0.2.0/24 (3 blocks) and the IPv6 space cut at 2001:db8::/32 (3 blocks)
    assert.deepEqual(inbound, [
      '0.0.0.0-192.0.1.255 => shop/web[Deployment] : All Connections',
      '192.0.2.0-192.0.2.255 => shop/web[Deployment] : All Connections',
      '192.0.3.0-255.255.255.255 => shop/web[Deployment] : All Connections',
      '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff => shop/web[Deployment] : All Connections',
      '2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => shop/web[Deployment] : All Connections',
      '::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff => shop/web[Deployment] : All Connections',
    ]);
    assert.ok(lines.includes('shop/web[Deployment] => 0.0.0.0-255.255.255.255 : All Connections'));
    assert.ok(lines.includes('shop/web[Deployment] => ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff : All Connections'));
    assert.ok(!lines.some((l) => l.startsWith('shop/web[Deployment] => shop/db')), 'db admits only its two blocks');
  });

  test('explain: any address of either family may connect to web on any port, and web to it', () => {
    const model = modelOf(yaml);
    const c = analyze(model);
    for (const address of ['198.51.100.7', '2001:db8::1', '169.254.169.254']) {
      const inbound = explain(c, at(model, address), at(model, 'shop/web'), { protocol: 'UDP', port: 9999 });
      assert.equal(inbound.allowed, true, address);
      assert.match(inbound.ingress.reason, /allowed by shop\/web-open spec\.ingress\[0\]$/);
      const outbound = explain(c, at(model, 'shop/web'), at(model, address), { protocol: 'SCTP', port: 1 });
      assert.equal(outbound.allowed, true, address);
      assert.equal(outbound.conn, 'All Connections');
    }
  });

  test('rules: the scan rules and the gap rules say the same, with the ports they mean', async () => {
    const results = await findings(yaml);
    assert.deepEqual(of(results, 'netpol-allows-all-external'), [
      'ingress rule spec.ingress[0] has no `from`: it admits every source on all ports and protocols, every IPv4 and IPv6 address outside the cluster included',
      'egress rule spec.egress[0] has no `to`: it lets the selected pods send to every destination on all ports and protocols, every IPv4 and IPv6 address outside the cluster included',
    ]);
    assert.deepEqual(of(results, 'netpol-reachable-from-outside'), [
      'shop/web[Deployment] accepts connections on all ports and protocols from outside the cluster: 0.0.0.0/0, ::/0 (shop/web-open spec.ingress[0])',
      'shop/db[Deployment] accepts connections on TCP 5432 from outside the cluster: 192.0.2.0/24, 2001:db8::/32 (shop/db-partners spec.ingress[0])',
    ]);
    const everything = results.find((r) => r.ruleId === 'netpol-reachable-from-outside' && r.resource?.name === 'web');
    assert.equal(everything?.severity, 'high', 'a whole address family is open');
    assert.deepEqual(of(results, 'netpol-reachable-from-cluster'), [
      'shop/web[Deployment] accepts connections on all ports and protocols from every pod in every namespace (shop/web-open spec.ingress[0])',
    ]);
    // "every destination on TCP 80" was said of rules that open every port
    assert.deepEqual(of(results, 'netpol-metadata-egress-not-blocked'), [
      'egress rule spec.egress[0] allows every destination on all ports and protocols, the cloud metadata service 169.254.169.254, fd00:ec2::254 included',
    ]);
    assert.deepEqual(of(results, 'netpol-workload-metadata-egress'), [
      'shop/web[Deployment] can reach the cloud metadata service 169.254.169.254 and fd00:ec2::254 on all ports and protocols (shop/web-open spec.egress[0])',
    ]);
  });
});

describe('an empty rule admits the IPv6 outside even where no policy names an IPv6 block', () => {
  test('the list shows IPv4 only, as the netpol-analyzer does; the findings still say both families', async () => {
    const yaml = docs(
      NS,
      web,
      policy('web-open', '  podSelector: {matchLabels: {app: web}}\n  ingress: [{ports: [{port: 8080}]}]'),
    );
    assert.ok(listOf(yaml).includes('0.0.0.0-255.255.255.255 => shop/web[Deployment] : TCP 8080'));
    const results = await findings(yaml);
    assert.deepEqual(of(results, 'netpol-reachable-from-outside'), [
      'shop/web[Deployment] accepts connections on TCP 8080 from outside the cluster: 0.0.0.0/0, ::/0 (shop/web-open spec.ingress[0])',
    ]);
    assert.deepEqual(of(results, 'netpol-allows-all-external'), [
      'ingress rule spec.ingress[0] has no `from`: it admits every source on TCP 8080, every IPv4 and IPv6 address outside the cluster included',
    ]);
  });
});

describe('messages name exactly the connections a rule allows', () => {
  test('ports, a range, a protocol: each message says which', async () => {
    const results = await findings(
      docs(
        NS,
        web,
        policy(
          'egress',
          `  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - ports: [{port: 80}, {port: 443}]
  - to: [{ipBlock: {cidr: 169.254.0.0/16}}]
    ports: [{port: 1, endPort: 1024}, {protocol: UDP}]`,
        ),
        policy(
          'ingress',
          '  podSelector: {matchLabels: {app: web}}\n  ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: http}, {port: 9000, endPort: 9100}]}]',
        ),
      ),
    );
    assert.deepEqual(of(results, 'netpol-metadata-egress-not-blocked'), [
      'egress rule spec.egress[0] allows every destination on TCP 80,443, the cloud metadata service 169.254.169.254, fd00:ec2::254 included',
      'egress rule spec.egress[1] allows the cloud metadata service 169.254.169.254 on TCP 1-1024 and all UDP ports through ipBlock 169.254.0.0/16',
    ]);
    assert.deepEqual(of(results, 'netpol-workload-metadata-egress'), [
      'shop/web[Deployment] can reach the cloud metadata service 169.254.169.254 on TCP 1-1024 and all UDP ports; fd00:ec2::254 on TCP 80,443 (shop/egress spec.egress[0], shop/egress spec.egress[1])',
    ]);
    // the named port resolves on web (8080); the outside block names the ipBlock's exact ports
    assert.deepEqual(of(results, 'netpol-allows-all-external'), [
      'egress rule spec.egress[0] has no `to`: it lets the selected pods send to every destination on TCP 80,443, every IPv4 and IPv6 address outside the cluster included',
      'ingress rule spec.ingress[0] admits every IPv4 address as a source (0.0.0.0/0) on TCP 8080,9000-9100',
    ]);
  });
});

describe('host-network workloads are isolated by no policy and matched by no selector, in every reader', () => {
  const agent = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent, namespace: shop}
spec:
  selector: {matchLabels: {app: node-agent}}
  template:
    metadata: {labels: {app: node-agent}}
    spec:
      hostNetwork: true
      containers: [{name: agent, image: example/agent:1, ports: [{containerPort: 9100, name: metrics}]}]`;
  const yaml = docs(
    NS,
    web,
    agent,
    defaultDeny,
    policy(
      'web-scrapes-agent',
      '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress: [{to: [{podSelector: {matchLabels: {app: node-agent}}}], ports: [{port: 9100}]}]',
    ),
    policy('agent-only', '  podSelector: {matchLabels: {app: node-agent}}\n  policyTypes: [Ingress]'),
  );

  test('list: the agent is open both ways; the podSelector that names it admits nothing', () => {
    const lines = listOf(yaml);
    assert.deepEqual(
      lines.filter((l) => l.includes('node-agent')),
      [
        '0.0.0.0-255.255.255.255 => shop/node-agent[DaemonSet] : All Connections',
        'shop/node-agent[DaemonSet] => 0.0.0.0-255.255.255.255 : All Connections',
      ],
      'web is isolated both ways and its rule names the agent only by podSelector, which matches no host-network pod',
    );
    // the grouped form agrees
    const grouped = [...groupedLines(analyze(modelOf(yaml)))].map((l) => `${l.src} => ${l.dst} : ${l.conn}`);
    assert.ok(grouped.includes('shop/node-agent[DaemonSet] => 0.0.0.0-255.255.255.255 : All Connections'));
  });

  test('explain: says why the agent is open, and why the selector does not admit it', () => {
    const model = modelOf(yaml);
    const c = analyze(model);
    const inbound = explain(c, at(model, '203.0.113.9'), at(model, 'shop/node-agent'), { protocol: 'TCP', port: 22 });
    assert.equal(inbound.allowed, true);
    assert.equal(inbound.ingress.isolated, false);
    assert.equal(
      inbound.ingress.reason,
      'shop/node-agent[DaemonSet] uses hostNetwork, and NetworkPolicy does not isolate host-network pods (shop/default-deny, shop/agent-only select it, to no effect), so it accepts anything (not isolated)',
    );
    const scrape = explain(c, at(model, 'shop/web'), at(model, 'shop/node-agent'), { protocol: 'TCP', port: 9100 });
    assert.equal(scrape.allowed, false);
    assert.match(
      scrape.egress.reason,
      /no rule of these policies matches shop\/node-agent\[DaemonSet\] \(it uses hostNetwork: pod and namespace selectors do not match host-network pods/,
    );
  });

  test('rules: not isolated either way, no default deny counted for it, a policy of it alone protects nothing', async () => {
    const results = await findings(yaml);
    const agentOnly = results.filter((r) => r.resource?.name === 'node-agent' || r.resource?.name === 'agent-only');
    assert.deepEqual(
      agentOnly.map((r) => `${r.ruleId}: ${r.message}`),
      [
        'netpol-workload-egress-not-isolated: shop/node-agent[DaemonSet] uses hostNetwork, and NetworkPolicy does not isolate host-network pods (shop/default-deny selects it, to no effect): it can connect anywhere',
        'netpol-workload-ingress-not-isolated: shop/node-agent[DaemonSet] uses hostNetwork, and NetworkPolicy does not isolate host-network pods (shop/default-deny, shop/agent-only select it, to no effect): anything in the cluster or outside can connect to it',
        'netpol-workload-metadata-egress: shop/node-agent[DaemonSet] can reach the cloud metadata service 169.254.169.254 and fd00:ec2::254 on all ports and protocols: it uses hostNetwork, and NetworkPolicy does not isolate host-network pods (shop/default-deny selects it, to no effect)',
        'netpol-policy-selects-nothing: shop/agent-only selects only host-network workloads (shop/node-agent[DaemonSet]): NetworkPolicy does not isolate them, so the policy protects nothing',
      ],
    );
    // the caveat says what the analysis assumed
    const scanner = await createScanner({ only: ['netpol-host-network-workload'], keepPasses: false });
    const caveat = (await scanner.scan(resourceSource(loadText({ text: yaml }, 'test.yaml').resources))).results;
    assert.equal(caveat[0]?.verdict, 'warn');
    assert.match(
      caveat[0]?.message ?? '',
      /shows it open in both directions and unmatched by pod or namespace selectors/,
    );
  });
});
