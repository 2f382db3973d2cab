import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffModels } from '../../src/analyze/netpol/index.js';
import { formatDiff } from '../../src/report/index.js';
import { deployment, docs, modelOf } from './support/model.js';

const web = deployment('shop', 'web', { app: 'web' }, ['http:8080']);
const db = deployment('shop', 'db', { app: 'db' });
const policy = (cidr: string, port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{ipBlock: {cidr: ${cidr}}}, {podSelector: {matchLabels: {app: db}}}], ports: [{port: ${port}}]}]`;

describe('netpol diff', () => {
  test('changed, added and removed connections, with the workload that came or went', () => {
    const before = modelOf(docs(web, db, policy('0.0.0.0/0', 8080)));
    const after = modelOf(docs(web, policy('10.0.0.0/8', 9090), deployment('shop', 'cache', { app: 'cache' })));
    const lines = diffModels(before, after);
    const txt = formatDiff(lines, 'txt');
    assert.equal(
      txt,
      [
        'Connectivity diff:',
        'diff-type: changed, source: 10.0.0.0-10.255.255.255, destination: shop/web[Deployment], ref1: TCP 8080, ref2: TCP 9090',
        'diff-type: added, source: 0.0.0.0-9.255.255.255, destination: shop/cache[Deployment], ref1: No Connections, ref2: All Connections, workloads-diff-info: workload shop/cache[Deployment] added',
        'diff-type: added, source: 10.0.0.0-10.255.255.255, destination: shop/cache[Deployment], ref1: No Connections, ref2: All Connections, workloads-diff-info: workload shop/cache[Deployment] added',
        'diff-type: added, source: 11.0.0.0-255.255.255.255, destination: shop/cache[Deployment], ref1: No Connections, ref2: All Connections, workloads-diff-info: workload shop/cache[Deployment] added',
        'diff-type: added, source: shop/cache[Deployment], destination: 0.0.0.0-255.255.255.255, ref1: No Connections, ref2: All Connections, workloads-diff-info: workload shop/cache[Deployment] added',
        'diff-type: added, source: shop/web[Deployment], destination: shop/cache[Deployment], ref1: No Connections, ref2: All Connections, workloads-diff-info: workload shop/cache[Deployment] added',
        'diff-type: removed, source: 0.0.0.0-9.255.255.255, destination: shop/db[Deployment], ref1: All Connections, ref2: No Connections, workloads-diff-info: workload shop/db[Deployment] removed',
        'diff-type: removed, source: 0.0.0.0-9.255.255.255, destination: shop/web[Deployment], ref1: TCP 8080, ref2: No Connections',
        'diff-type: removed, source: 10.0.0.0-10.255.255.255, destination: shop/db[Deployment], ref1: All Connections, ref2: No Connections, workloads-diff-info: workload shop/db[Deployment] removed',
        'diff-type: removed, source: 11.0.0.0-255.255.255.255, destination: shop/db[Deployment], ref1: All Connections, ref2: No Connections, workloads-diff-info: workload shop/db[Deployment] removed',
        'diff-type: removed, source: 11.0.0.0-255.255.255.255, destination: shop/web[Deployment], ref1: TCP 8080, ref2: No Connections',
        'diff-type: removed, source: shop/db[Deployment], destination: 0.0.0.0-255.255.255.255, ref1: All Connections, ref2: No Connections, workloads-diff-info: workload shop/db[Deployment] removed',
        'diff-type: removed, source: shop/db[Deployment], destination: shop/web[Deployment], ref1: TCP 8080, ref2: No Connections, workloads-diff-info: workload shop/db[Deployment] removed',
        'diff-type: removed, source: shop/web[Deployment], destination: shop/db[Deployment], ref1: All Connections, ref2: No Connections, workloads-diff-info: workload shop/db[Deployment] removed',
        '',
      ].join('\n'),
    );
  });

  test('identical versions: no lines; csv, md and json headers', () => {
    const model = modelOf(docs(web, db, policy('0.0.0.0/0', 8080)));
    const none = diffModels(model, modelOf(docs(web, db, policy('0.0.0.0/0', 8080))));
    assert.deepEqual(none, []);
    assert.equal(formatDiff(none, 'csv'), 'diff-type,source,destination,ref1,ref2,workloads-diff-info\n');
    assert.match(
      formatDiff(none, 'md'),
      /^\| diff-type \| source \| destination \| ref1 \| ref2 \| workloads-diff-info \|/,
    );
    assert.equal(formatDiff(none, 'json'), '[]\n');
    const one = diffModels(model, modelOf(docs(web, db, policy('0.0.0.0/0', 8081))));
    assert.deepEqual(JSON.parse(formatDiff(one, 'json'))[0], {
      'diff-type': 'changed',
      source: '0.0.0.0-255.255.255.255',
      destination: 'shop/web[Deployment]',
      ref1: 'TCP 8080',
      ref2: 'TCP 8081',
      'workloads-diff-info': '',
    });
  });
});
