import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import YAML from 'yaml';
import { runSuite } from '../../src/policy/suite/index.js';

const SUITES = path.join(import.meta.dirname, 'suites');
const MUST_FAIL = path.join(import.meta.dirname, 'must-fail');
const dirs = (root: string) =>
  readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe('admission policy suites (transcribed from the Kubernetes documentation)', () => {
  test('the suites cover every feature they are meant to', () => {
    assert.deepEqual(dirs(SUITES), [
      'authorizer',
      'failure-policy',
      'match-conditions',
      'match-constraints',
      'mutating-apply-configuration',
      'mutating-json-patch',
      'mutating-json-patch-errors',
      'mutation-then-validation',
      'params',
      'reinvocation',
      'replica-limit',
      'validation-actions',
      'variables-and-messages',
    ]);
  });

  for (const name of dirs(SUITES)) {
    test(name, async () => {
      const run = await runSuite(path.join(SUITES, name, 'suite.yaml'));
      assert.ok('result' in run, JSON.stringify(run));
      assert.ok(run.result.cases.length > 0);
      const failed = run.result.cases.filter((c) => !c.passed).map((c) => `${c.name}: ${c.mismatches.join('; ')}`);
      assert.deepEqual(failed, []);
    });
  }
});

/** A must-fail suite states, next to it, the mismatches the harness must report for each case. */
interface Expected {
  case: string;
  mismatch: string;
}

describe('the suite harness catches wrong expectations (must-fail)', () => {
  test('there is a must-fail suite for each kind of expectation', () => {
    assert.ok(dirs(MUST_FAIL).length >= 10, dirs(MUST_FAIL).join(', '));
  });

  for (const name of dirs(MUST_FAIL)) {
    test(name, async () => {
      const expected = YAML.parse(readFileSync(path.join(MUST_FAIL, name, 'must-fail.yaml'), 'utf8')) as Expected[];
      const run = await runSuite(path.join(MUST_FAIL, name, 'suite.yaml'));
      assert.ok('result' in run, JSON.stringify(run));
      for (const testCase of run.result.cases) {
        assert.equal(testCase.passed, false, `case "${testCase.name}" passed; a must-fail case must fail`);
        const wanted = expected.filter((e) => e.case === testCase.name);
        assert.ok(wanted.length > 0, `must-fail.yaml says nothing about case "${testCase.name}"`);
        for (const { mismatch } of wanted) {
          assert.ok(
            testCase.mismatches.some((m) => m.includes(mismatch)),
            `case "${testCase.name}": expected a mismatch containing\n  ${mismatch}\ngot\n  ${testCase.mismatches.join('\n  ')}`,
          );
        }
      }
    });
  }
});
