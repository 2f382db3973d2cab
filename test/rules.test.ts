import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { RULES } from '../src/rules/index.js';
import { readFixtures, verifyRule } from './support/rule-tester.js';

const RULES_DIR = path.resolve(import.meta.dirname, '../src/rules');

describe('rule catalogue', () => {
  test('every rule folder has exactly one catalogue entry, and ids are unique', () => {
    const folders = readdirSync(RULES_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const ids = RULES.map((rule) => rule.meta.id).sort();
    assert.deepEqual(ids, [...new Set(ids)], 'duplicate rule ids');
    assert.deepEqual(ids, folders, 'rule folders and catalogue entries differ');
  });
});

describe('rule fixtures', () => {
  for (const rule of RULES) {
    test(rule.meta.id, () => {
      const dir = path.join(RULES_DIR, rule.meta.id, 'fixtures');
      assert.ok(existsSync(dir), `${dir} is missing`);
      assert.deepEqual(verifyRule(rule, readFixtures(dir)), []);
    });
  }
});
