import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FORMATS } from './index.js';
import { allResults, contextFor } from './samples.test.js';

describe('report formats', () => {
  test('the -o names the CLI contract promises, each a formatter', () => {
    assert.deepEqual(Object.keys(FORMATS), ['table', 'json', 'yaml', 'sarif', 'junit', 'compact', 'github', 'html']);
  });

  test('every format renders the same input to newline-terminated text, without mutating it', () => {
    const { results, resources } = allResults();
    const context = contextFor(results, resources, { showPassed: true, groupBy: 'owner' });
    const before = JSON.stringify(results);
    for (const [name, format] of Object.entries(FORMATS)) {
      const text = format(results, context);
      assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), name);
    }
    assert.equal(JSON.stringify(results), before);
  });
});
