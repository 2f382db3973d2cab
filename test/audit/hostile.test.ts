import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { assertSafe } from '../fuzz/support.js';
import { MARKER } from '../hostile/inputs.js';
import { runCli } from '../support/run-cli.js';

/*
 * Audit logs mangled the ways a hostile or broken file can be: values of the wrong type, cut lines,
 * lines joined, junk between them, a marker planted where a Secret could be. `audit scan` must keep
 * its exit-code contract, print valid JSON, never an internal error or the marker, and count every
 * line it could not read (a mangled log never passes as clean: exit 2 when a line was unreadable).
 */
const base = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  auditID: 'a',
  stage: 'ResponseComplete',
  verb: 'create',
  user: { username: 'alice', groups: ['system:authenticated'] },
  objectRef: { resource: 'configmaps', namespace: 'shop', name: 'app' },
  responseStatus: { code: 201 },
  requestObject: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { password: MARKER } },
};

const anything = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string(),
  fc.constant(MARKER),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const field = fc.constantFrom(
  'kind',
  'apiVersion',
  'stage',
  'verb',
  'user',
  'objectRef',
  'responseStatus',
  'requestObject',
  'annotations',
  'impersonatedUser',
);
const event = fc.record({ key: field, value: anything, cut: fc.option(fc.nat(400)) }).map(({ key, value, cut }) => {
  const text = JSON.stringify({ ...base, [key]: value });
  return cut === null ? text : text.slice(0, cut);
});
const log = fc.array(
  fc.oneof(event, fc.constant(''), fc.constant('{"kind":"EventList","items":['), fc.constant(MARKER)),
  {
    minLength: 1,
    maxLength: 12,
  },
);

test('audit scan on mangled logs: exit 0–3, valid JSON, unreadable lines counted, no marker', async () => {
  await fc.assert(
    fc.asyncProperty(log, async (lines) => {
      const started = performance.now();
      const run = await runCli(['audit', 'scan', '-', '-o', 'json'], { stdin: lines.join('\n') });
      assertSafe('audit scan', run, performance.now() - started);
      const doc = JSON.parse(run.stdout);
      if (doc.summary.unreadable > 0) assert.equal(run.code, 2);
      assert.ok(!run.stdout.includes(MARKER) && !run.stderr.includes(MARKER));
    }),
    { numRuns: 150, seed: 13 },
  );
});
