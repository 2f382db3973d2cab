import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Rule } from '../../src/core/rule.js';
import { fixText } from '../../src/fix/index.js';
import { loadText } from '../../src/load/index.js';
import { RULES } from '../../src/rules/index.js';
import { type Fixture, readFixtures, runFixture, verifyRule } from '../support/rule-tester.js';
import { requestsOf } from './support.js';
import { TOY_RULES } from './toy-rules.js';

/*
 * Every `fixed.<scenario>.yaml` of a fixable rule is a test of the text editor: the fixes of
 * `fail.<scenario>.yaml`, applied as text edits the way `rampart fix` applies them, must read
 * back as the fixed fixture's objects, keep the fixture's comments, and leave nothing for a
 * second run. Catalogue rules are picked up as they become fixable.
 */

const RULES_DIR = path.resolve(import.meta.dirname, '../../src/rules');
const TOY_DIR = path.resolve(import.meta.dirname, 'rules');

function objects(text: string, file: string): unknown[] {
  const loaded = loadText({ text }, file);
  assert.deepEqual(
    loaded.problems.filter((p) => p.verdict === 'error'),
    [],
    `${file} must parse`,
  );
  return loaded.resources.map((r) => r.object);
}

function comments(text: string, column0Only: boolean): string[] {
  return text
    .split('\n')
    .filter((line) => line.trimStart().startsWith('#') && (!column0Only || line.startsWith('#')))
    .map((line) => line.trimEnd());
}

/** Fixes a fail fixture as text; returns the new text. */
function fixFixture(rule: Rule, fail: Fixture): string {
  const { findings } = runFixture(rule, fail);
  const fixable = findings.filter((f) => f.report.fix);
  assert.ok(fixable.length > 0, `${fail.file} produces no fix`);
  const edited = fixText(fail.text, requestsOf(fixable));
  assert.ok(!('error' in edited), `${fail.file}: ${'error' in edited ? edited.error : ''}`);
  const failed = edited.statuses.flat().filter((s) => s.status === 'failed');
  assert.deepEqual(failed, [], `${fail.file}: every fix applies`);
  return edited.text;
}

function checkScenario(rule: Rule, fail: Fixture, fixed: Fixture, exactText: boolean): void {
  const text = fixFixture(rule, fail);
  assert.deepEqual(
    objects(text, fail.file),
    objects(fixed.text, fixed.file),
    `${fixed.file}: the edited text reads as the fixed fixture`,
  );
  const removes = runFixture(rule, fail).findings.some((f) =>
    f.report.fix?.operations.some((op) => op.op === 'remove'),
  );
  for (const comment of comments(fail.text, removes))
    assert.ok(text.includes(comment), `${fail.file}: comment "${comment}" survives`);
  if (exactText) {
    const withoutExpect = text.replace(/^# expect:.*\n/gm, '');
    assert.equal(withoutExpect, fixed.text, `${fixed.file}: byte for byte`);
  }
  // a second run changes nothing
  const again = { ...fail, text };
  const left = runFixture(rule, again).findings.filter((f) => f.report.fix);
  if (left.length > 0) {
    const second = fixText(text, requestsOf(left));
    assert.ok(!('error' in second) && second.text === text, `${fail.file}: a second run changes nothing`);
  }
}

function scenarios(rule: Rule, dir: string, exactText: boolean): void {
  const fixtures = readFixtures(dir);
  const fixed = fixtures.filter((f) => f.kind === 'fixed');
  for (const want of fixed) {
    const fail = fixtures.find((f) => f.kind === 'fail' && f.scenario === want.scenario);
    test(`${rule.meta.id}: ${want.scenario}`, () => {
      assert.ok(fail, `${want.file} has no fail.${want.scenario}.yaml`);
      checkScenario(rule, fail, want, exactText);
    });
  }
}

describe('fixed fixtures of catalogue rules, fixed as text', () => {
  const fixable = RULES.filter((rule) => rule.meta.fixable);
  if (fixable.length === 0) test('no fixable rule in the catalogue yet', { skip: 'no rule in RULES has meta.fixable' });
  for (const rule of fixable) {
    const dir = path.join(RULES_DIR, rule.meta.id, 'fixtures');
    if (existsSync(dir)) scenarios(rule, dir, false);
  }
});

describe('fixed fixtures of the test-only rules, fixed as text', () => {
  for (const rule of TOY_RULES) {
    const dir = path.join(TOY_DIR, rule.meta.id, 'fixtures');
    test(`${rule.meta.id}: the rule tester agrees with its fixtures`, () =>
      assert.deepEqual(verifyRule(rule, readFixtures(dir)), []));
    scenarios(rule, dir, true);
  }
});
