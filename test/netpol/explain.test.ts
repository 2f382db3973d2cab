import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, buildModel, ConnTable, explain, resolveEndpoint } from '../../src/analyze/netpol/index.js';
import { formatExplanation } from '../../src/report/index.js';
import { connectivityOf, deployment, docs } from './support/model.js';
import { E2E_DIR, loadCase } from './support/truth-table.js';

describe('netpol explain', () => {
  test('agrees with the connectivity list on every pair of every e2e case', async () => {
    const dir = path.join(E2E_DIR, 'cases');
    let pairs = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const c = await loadCase(path.join(dir, file));
      const connectivity = analyze(buildModel(c.resources));
      for (const src of connectivity.model.workloads) {
        for (const dst of connectivity.model.workloads) {
          if (src === dst) continue;
          const e = explain(
            connectivity,
            { kind: 'workload', workload: src, name: src.id },
            { kind: 'workload', workload: dst, name: dst.id },
          );
          assert.equal(
            e.conn,
            connectivity.table.text(connectivity.between(src.index, dst.index)),
            `${file}: ${src.id} => ${dst.id}`,
          );
          pairs++;
        }
      }
    }
    assert.ok(pairs > 4000);
  });

  const input = docs(
    deployment('shop', 'web', { app: 'web' }, ['http:8080']),
    deployment('shop', 'client', { app: 'client' }),
    deployment('ops', 'probe', { app: 'probe' }),
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: http}]
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}}]
    ports: [{port: 9100}]`,
  );

  test('names the policy and rule that allow, with the destination-resolved ports', () => {
    const c = connectivityOf(input);
    const at = (t: string) =>
      resolveEndpoint(c.model, t) as Exclude<ReturnType<typeof resolveEndpoint>, { error: string }>;
    const e = explain(c, at('shop/client'), at('shop/web[Deployment]'), { protocol: 'TCP', port: 8080 });
    assert.equal(e.allowed, true);
    assert.equal(e.egress.isolated, false);
    assert.deepEqual(e.ingress.policies, ['shop/web-in']);
    assert.deepEqual(
      e.ingress.rules.map((r) => [r.policy, r.rule, r.peer, r.ports, r.conn, r.admits]),
      [['shop/web-in', 'spec.ingress[0]', 'spec.ingress[0].from[0]', 'TCP port "http"', 'TCP 8080', true]],
    );
    assert.match(formatExplanation(e), /^shop\/client\[Deployment\] => shop\/web\[Deployment\] : TCP 8080: ALLOWED\n/);
  });

  test('a denial says which policies isolate and that no rule matches', () => {
    const c = connectivityOf(input);
    const at = (t: string) =>
      resolveEndpoint(c.model, t) as Exclude<ReturnType<typeof resolveEndpoint>, { error: string }>;
    const e = explain(c, at('ops/probe'), at('shop/web'), { protocol: 'TCP', port: 8080 });
    assert.equal(e.allowed, false);
    assert.match(
      e.ingress.reason,
      /isolated for ingress by shop\/web-in; the rules that match ops\/probe\[Deployment\] do not allow it on TCP 8080/,
    );
    const outside = explain(c, at('203.0.113.9'), at('shop/web'));
    assert.equal(outside.allowed, false);
    assert.equal(outside.from, '203.0.113.9');
    assert.match(outside.ingress.reason, /no rule of these policies matches 203\.0\.113\.9$/);
    assert.equal(outside.conn, 'No Connections');
  });

  test('endpoints: ambiguous and unknown names are explained', () => {
    const c = connectivityOf(docs(input, deployment('ops', 'web', { app: 'web' })));
    assert.match(
      (resolveEndpoint(c.model, 'web') as { error: string }).error,
      /ambiguous: it names ops\/web\[Deployment\], shop\/web\[Deployment\]/,
    );
    assert.match((resolveEndpoint(c.model, 'shop/nope') as { error: string }).error, /no workload "shop\/nope"/);
    assert.equal(ConnTable.EMPTY, 0);
  });
});
