import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { privilegedPod, reviewFor } from '../../test/support/webhook.js';
import { skipReason, withFilter } from './filter.js';
import type { AdmissionRequest } from './review.js';

const requestOf = (options: Parameters<typeof reviewFor>[1] = {}, object = privilegedPod()) =>
  (reviewFor(object, options) as { request: AdmissionRequest }).request;

describe('filter', () => {
  test('judges creates and updates of objects and of pod subresources that carry a pod', () => {
    assert.equal(skipReason(requestOf()), undefined);
    assert.equal(skipReason(requestOf({ operation: 'UPDATE' })), undefined);
    assert.equal(skipReason(requestOf({ subResource: 'ephemeralcontainers' })), undefined);
    assert.equal(skipReason(requestOf({ subResource: 'resize' })), undefined, 'an unknown pod subresource fails safe');
  });

  test('skips deletes, connects, ignored pod subresources, other subresources and ignored namespaces', () => {
    assert.equal(skipReason(requestOf({ operation: 'DELETE' })), 'operation');
    assert.equal(skipReason(requestOf({ operation: 'CONNECT' })), 'operation');
    for (const sub of ['status', 'exec', 'log', 'binding', 'eviction'])
      assert.equal(skipReason(requestOf({ subResource: sub })), 'subresource', sub);
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'team' } };
    assert.equal(skipReason(requestOf({ subResource: 'scale' }, deployment)), 'subresource');
    assert.equal(skipReason(requestOf(), { ignoreNamespaces: ['team'] }), 'namespace');
    assert.equal(skipReason(requestOf(), { ignoreNamespaces: ['other'] }), undefined);
  });

  test('a skipped request is allowed without calling the judge', async () => {
    let called = 0;
    const handler = withFilter(async (call) => {
      called++;
      return { uid: call.request.uid, allowed: false };
    });
    const skipped = await handler({ path: 'validate', request: requestOf({ operation: 'DELETE' }) });
    assert.deepEqual(skipped, { uid: 'uid-1', allowed: true });
    assert.equal(called, 0);
    assert.equal((await handler({ path: 'validate', request: requestOf() })).allowed, false);
    assert.equal(called, 1);
  });
});
