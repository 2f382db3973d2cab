import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { privilegedPod, reviewFor } from '../../test/support/webhook.js';
import { WebhookMetrics, withMetrics } from './metrics.js';
import type { AdmissionRequest } from './review.js';

const request = (reviewFor(privilegedPod()) as { request: AdmissionRequest }).request;

describe('metrics', () => {
  test('counts answers by path and outcome, times them, and counts decisions and errors', async () => {
    const metrics = new WebhookMetrics();
    let allowed = true;
    const handler = withMetrics(async (c) => ({ uid: c.request.uid, allowed }), metrics);
    await handler({ path: 'validate', request });
    allowed = false;
    await handler({ path: 'validate', request });
    await handler({ path: 'validate', request });
    await handler({ path: 'mutate', request });
    metrics.decision('pss-privileged', 'enforce', 'deny');
    metrics.error('timeout');
    const text = await metrics.text();
    assert.match(text, /rampart_admission_requests_total\{path="validate",outcome="allowed"\} 1\n/);
    assert.match(text, /rampart_admission_requests_total\{path="validate",outcome="denied"\} 2\n/);
    assert.match(text, /rampart_admission_requests_total\{path="mutate",outcome="denied"\} 1\n/);
    assert.match(text, /rampart_admission_duration_seconds_count\{path="validate"\} 3\n/);
    assert.match(text, /rampart_admission_decisions_total\{rule="pss-privileged",mode="enforce",decision="deny"\} 1\n/);
    assert.match(text, /rampart_admission_errors_total\{kind="timeout"\} 1\n/);
  });

  test('two servers keep separate counts', async () => {
    const a = new WebhookMetrics();
    const b = new WebhookMetrics();
    a.error('error');
    assert.match(await a.text(), /rampart_admission_errors_total\{kind="error"\} 1/);
    assert.doesNotMatch(await b.text(), /kind="error"/);
  });
});
