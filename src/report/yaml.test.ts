import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { formatJson } from './json.js';
import { allResults, contextFor, SECRETS } from './samples.test.js';
import { formatYaml } from './yaml.js';

function render(overrides = {}) {
  const { results, resources } = allResults();
  const context = contextFor(results, resources, overrides);
  return { yaml: formatYaml(results, context), json: formatJson(results, context) };
}

describe('yaml output', () => {
  test('holds exactly the JSON document', () => {
    for (const showPassed of [false, true]) {
      const { yaml, json } = render({ showPassed });
      assert.deepEqual(parse(yaml), JSON.parse(json));
    }
  });

  test('keeps the key order, and writes no anchors, aliases or folded lines', () => {
    const { yaml } = render({ showPassed: true });
    assert.ok(yaml.startsWith('schemaVersion: 1\ntool:\n  name: rampart\n'));
    // Every result of one rule shares its frameworks object; YAML must repeat it, not alias it.
    assert.doesNotMatch(yaml, /[&*]a\d/);
    const message = 'exception for env-secret expired on 2026-01-31 and no longer applies';
    assert.ok(yaml.split('\n').some((line) => line.includes(message) && line.includes('renew it')));
    assert.ok(yaml.endsWith('\n'));
  });

  test('never prints secret values', () => {
    const { yaml } = render({ showPassed: true });
    for (const secret of SECRETS) assert.equal(yaml.includes(secret), false);
  });
});
