import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { privilegedPod, reviewFor } from '../../test/support/webhook.js';
import { withFailurePolicy } from './failure-policy.js';
import type { AdmissionRequest, ReviewHandler } from './review.js';
import { withTimeout } from './timeout.js';

const call = {
  path: 'validate' as const,
  request: (reviewFor(privilegedPod()) as { request: AdmissionRequest }).request,
};
const broken: ReviewHandler = async () => {
  throw new Error('the rule index is gone');
};
const slow: ReviewHandler = async (c) => {
  await sleep(200);
  return { uid: c.request.uid, allowed: true };
};

describe('withFailurePolicy', () => {
  test('Fail denies an error with 500 and says why, in a well-formed answer', async () => {
    const kinds: string[] = [];
    const response = await withFailurePolicy(broken, 'Fail', (_e, kind) => kinds.push(kind))(call);
    assert.equal(response.uid, 'uid-1');
    assert.equal(response.allowed, false);
    assert.equal(response.status?.code, 500);
    assert.match(
      response.status?.message ?? '',
      /could not judge this request: the rule index is gone; failurePolicy Fail/,
    );
    assert.deepEqual(kinds, ['error']);
  });

  test('Ignore admits with a warning', async () => {
    const response = await withFailurePolicy(broken, 'Ignore')(call);
    assert.equal(response.allowed, true);
    assert.match(response.warnings?.[0] ?? '', /failurePolicy Ignore admits it unjudged/);
  });

  test('a timeout is answered by the policy too', async () => {
    const kinds: string[] = [];
    const response = await withFailurePolicy(withTimeout(slow, 20), 'Fail', (_e, kind) => kinds.push(kind))(call);
    assert.equal(response.allowed, false);
    assert.match(response.status?.message ?? '', /no decision in time \(20 ms\)/);
    assert.deepEqual(kinds, ['timeout']);
  });

  test('a decision is passed through untouched', async () => {
    const response = await withFailurePolicy(slow, 'Fail')(call);
    assert.deepEqual(response, { uid: 'uid-1', allowed: true });
  });
});
