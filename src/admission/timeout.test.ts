import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { privilegedPod, reviewFor } from '../../test/support/webhook.js';
import type { AdmissionRequest } from './review.js';
import { ReviewTimeout, withTimeout } from './timeout.js';

const call = {
  path: 'validate' as const,
  request: (reviewFor(privilegedPod()) as { request: AdmissionRequest }).request,
};

describe('withTimeout', () => {
  test('passes a decision made in time through', async () => {
    const handler = withTimeout(async (c) => ({ uid: c.request.uid, allowed: true }), 500);
    assert.deepEqual(await handler(call), { uid: 'uid-1', allowed: true });
  });

  test('a decision later than the deadline is a ReviewTimeout', async () => {
    const handler = withTimeout(async (c) => {
      await sleep(300);
      return { uid: c.request.uid, allowed: true };
    }, 50);
    await assert.rejects(handler(call), (error: unknown) => error instanceof ReviewTimeout && error.ms === 50);
  });

  test('an error of the judge passes through as it is', async () => {
    const handler = withTimeout(async () => {
      throw new TypeError('boom');
    }, 500);
    await assert.rejects(handler(call), TypeError);
  });
});
