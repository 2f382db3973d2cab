import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { privilegedPod, reviewFor } from '../../test/support/webhook.js';
import { parseReview } from './parse.js';
import { HttpError } from './review.js';

const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const rejects = (value: unknown, message: RegExp) =>
  assert.throws(
    () => parseReview(body(value)),
    (error: unknown) => error instanceof HttpError && error.status === 400 && message.test(error.message),
  );

describe('parseReview', () => {
  test('reads an AdmissionReview v1 as the API server sends it', () => {
    const request = parseReview(body(reviewFor(privilegedPod())));
    assert.equal(request.uid, 'uid-1');
    assert.equal(request.operation, 'CREATE');
    assert.equal(request.object?.kind, 'Pod');
  });

  test('malformed JSON, wrong apiVersion or kind, missing request or object are 400s naming the field', () => {
    rejects('{"apiVersion":', /not JSON/);
    rejects([1, 2], /not an AdmissionReview/);
    rejects(
      { ...reviewFor(privilegedPod()), apiVersion: 'admission.k8s.io/v1beta1' },
      /apiVersion must be admission.k8s.io\/v1/,
    );
    rejects({ ...reviewFor(privilegedPod()), kind: 'TokenReview' }, /kind must be AdmissionReview/);
    rejects({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, /request is missing/);
    const review = reviewFor(privilegedPod()) as { request: Record<string, unknown> };
    rejects({ ...review, request: { ...review.request, object: undefined } }, /request.object is missing/);
    rejects({ ...review, request: { ...review.request, uid: 7 } }, /request.uid/);
    rejects({ ...review, request: { ...review.request, operation: 'PATCH' } }, /request.operation/);
  });

  test('DELETE needs no object; messages never quote the input', () => {
    const review = reviewFor(privilegedPod(), { operation: 'DELETE' }) as { request: Record<string, unknown> };
    assert.equal(parseReview(body({ ...review, request: { ...review.request, object: null } })).operation, 'DELETE');
    assert.throws(
      () => parseReview(body({ ...review, apiVersion: 'secret-value-xyz' })),
      (error: Error) => !error.message.includes('secret-value-xyz'),
    );
  });
});
