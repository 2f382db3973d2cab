import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../core/resource.js';
import { sanitize } from './sanitize.js';

const SECRET = 'cGFzc3dvcmQ='; // "password"

test('Secret values are emptied but public certificates and the keys stay', () => {
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'web', namespace: 'shop', managedFields: [{ manager: 'kubectl' }] },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': 'Y2VydA==', 'ca.crt': 'Y2E=', 'tls.key': SECRET, password: SECRET },
    stringData: { token: 'plain' },
  };
  const kept = sanitize(secret);
  assert.deepEqual(kept.data, { 'tls.crt': 'Y2VydA==', 'ca.crt': 'Y2E=', 'tls.key': '', password: '' });
  assert.equal(kept.stringData, undefined);
  assert.equal(kept.metadata?.managedFields, undefined);
  assert.ok(!JSON.stringify(kept).includes(SECRET) && !JSON.stringify(kept).includes('plain'));
  assert.equal((secret.data as Record<string, string>)['tls.key'], SECRET, 'the input is not changed');
});

test('the last-applied annotation goes (it repeats Secret values); other annotations stay', () => {
  const config: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'db',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"password":"${SECRET}"}}`,
        team: 'payments',
      },
    },
    data: { password: SECRET },
  };
  const kept = sanitize(config);
  assert.deepEqual(kept.metadata?.annotations, { team: 'payments' });
  assert.ok(!JSON.stringify(kept).includes(SECRET));
});

test('objects of other kinds keep everything but managed fields; a Secret-named custom kind is not a Secret', () => {
  const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
  assert.equal(sanitize(configMap), configMap, 'nothing to drop: the same object');
  const custom: KubeObject = {
    apiVersion: 'example.com/v1',
    kind: 'Secret',
    metadata: { name: 'x' },
    data: { a: '1' },
  };
  assert.deepEqual(sanitize(custom).data, { a: '1' });
});
