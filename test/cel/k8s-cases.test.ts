/**
 * The Kubernetes CEL corpus (test/cel/k8s-cases: upstream tests of the Kubernetes CEL libraries,
 * cel-go's lists extension and the CRD validation rules, transcribed as data) in npm test: every case
 * agrees with the upstream answer or differs for a reason test/conformance/k8s-cel-explained.ts
 * states. `npm run conformance` prints the same cases in full.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCorpus } from '../conformance/k8s-cel-cases.js';

test('the transcribed upstream CEL cases agree with the API server, or differ for a stated reason', () => {
  const results = runCorpus();
  const disagreements = results.filter((r) => r.outcome === 'disagree');
  assert.deepEqual(
    disagreements.map((r) => `${r.id}: ${r.expr}: ${r.detail}`),
    [],
  );
  // The corpus is whole: a file that fails to load, or loses its cases, shows here.
  assert.ok(results.filter((r) => r.outcome === 'agree').length > 1600, `${results.length} cases`);
});
