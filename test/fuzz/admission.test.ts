import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MARKER, PROTOTYPE_NAMES, podWithContainersJson } from '../hostile/inputs.js';
import { scanAdmission } from './admission-target.js';
import { anyJson, params, TIME_BOUND_MS } from './support.js';

/*
 * AdmissionReview-shaped input with wrong types everywhere: the scan of one parsed object never
 * throws, never reports a rule error, never quotes the marker, and its results serialize.
 */

const pod = fc.record(
  {
    apiVersion: fc.constantFrom('v1', 'apps/v1', 'constructor', 7),
    kind: fc.constantFrom('Pod', 'Deployment', 'CronJob', 'ConfigMap', 'Secret', ...PROTOTYPE_NAMES),
    metadata: fc.oneof(
      anyJson,
      fc.record({ name: fc.oneof(fc.string({ maxLength: 8 }), anyJson), namespace: anyJson, labels: anyJson }),
    ),
    spec: fc.oneof(
      anyJson,
      fc.record({
        containers: fc.oneof(
          anyJson,
          fc.array(
            fc.record(
              {
                name: anyJson,
                image: anyJson,
                securityContext: anyJson,
                env: fc.oneof(anyJson, fc.constant([{ name: 'DB_PASSWORD', value: MARKER }])),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
        ),
        hostPID: anyJson,
        template: anyJson,
      }),
    ),
    data: fc.dictionary(
      fc.string({ maxLength: 10 }),
      fc.oneof(fc.constant(`password=${MARKER}`), fc.constant(`${MARKER}\ntoken: ${MARKER}`), anyJson),
    ),
    stringData: fc.constant({ password: MARKER }),
  },
  { requiredKeys: ['apiVersion', 'kind'] },
);

const review = fc.oneof(
  fc.record({
    apiVersion: fc.constant('admission.k8s.io/v1'),
    kind: fc.constant('AdmissionReview'),
    request: fc.record({
      uid: fc.uuid(),
      operation: fc.constantFrom('CREATE', 'UPDATE'),
      object: fc.oneof(pod, anyJson),
    }),
  }),
  pod,
  anyJson,
);

test('AdmissionReview-shaped input: no throw, no rule error, no marker, results serialize', () => {
  fc.assert(
    fc.property(review, (value) => {
      const started = performance.now();
      const results = scanAdmission(value);
      const elapsed = performance.now() - started;
      const text = JSON.stringify(results);
      assert.ok(!results.some((r) => r.ruleId === 'rule-error'), text.slice(0, 500));
      assert.ok(!text.includes(MARKER), 'the marker leaked');
      assert.doesNotMatch(text, /\[object Object\]|Invalid string length|undefined|NaN/);
      assert.ok(elapsed < TIME_BOUND_MS, `${elapsed} ms`);
    }),
    params(200),
  );
});

test('regression: one object with 5,000 containers is judged whole, every finding located', () => {
  const object = JSON.parse(podWithContainersJson(5_000));
  const results = scanAdmission({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { object } });
  const privileged = results.filter((r) => r.ruleId === 'pss-privileged');
  assert.equal(privileged.length, 5_000);
  assert.equal(privileged[4_999]?.path, 'spec.containers[4999].securityContext.privileged');
  assert.ok(privileged.every((r) => r.location?.line === 1 && (r.location?.column ?? 0) > 1));
});
