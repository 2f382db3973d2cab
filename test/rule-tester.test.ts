import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { defineRule } from '../src/core/rule.js';
import { readFixtures, verifyRule } from './support/rule-tester.js';

const HERE = path.resolve(import.meta.dirname, 'fixtures/rule-tester');

const hostNetwork = defineRule({
  meta: {
    id: 'toy-host-network',
    title: 'Toy: no host network',
    description: 'Flags pods that share the host network.',
    rationale: 'A test rule for the tester itself.',
    remediation: 'Set spec.hostNetwork to false.',
    stage: 'deploy',
    severity: 'high',
    owner: 'developer',
    frameworks: {},
    kinds: ['Pod', 'Service'],
    messages: { hostNetwork: 'pod {{name}} uses the host network' },
    references: [],
    fixable: true,
  },
  check({ object }) {
    if (object.kind === 'Service') return { skip: 'not a pod' };
    const spec = object.spec as { hostNetwork?: boolean } | undefined;
    if (spec?.hostNetwork !== true) return [];
    return [
      {
        path: ['spec', 'hostNetwork'],
        messageId: 'hostNetwork',
        data: { name: object.metadata?.name ?? '' },
        fix: {
          description: 'turn host networking off',
          operations: [{ op: 'set', path: ['spec', 'hostNetwork'], value: false }],
        },
      },
    ];
  },
});

describe('rule tester', () => {
  test('accepts a rule whose fixtures agree with it', () => {
    assert.deepEqual(verifyRule(hostNetwork, readFixtures(path.join(HERE, 'good'))), []);
  });

  const expected: Record<string, RegExp> = {
    'fail-without-findings': /fail\.nothing\.yaml: expected \[hostNetwork at spec\.hostNetwork\], got \[\]/,
    'pass-with-findings': /pass\.finds\.yaml: expected no finding/,
    'unknown-message-id': /expects unknown messageId "nope"/,
    'duplicate-case': /pass\.twin\.yaml duplicates .*pass\.base\.yaml/,
    'missing-fixed': /fixed\.base\.yaml is missing/,
    'wrong-path': /expected \[hostNetwork at spec\.hostPID\], got \[hostNetwork at spec\.hostNetwork\]/,
    'no-expect-lines': /fail\.silent\.yaml: a fail fixture must state its findings/,
    'wrong-fix': /fixed\.base\.yaml: applying the fixes of .*fail\.base\.yaml gives something else/,
    'mistyped-option': /pass\.base\.yaml: option nodeNmae is not an option of this rule \(the rule takes no options\)/,
  };
  const cases = readdirSync(path.join(HERE, 'must-fail')).sort();
  test('has an expectation for every must-fail case', () => assert.deepEqual(cases, Object.keys(expected).sort()));
  for (const name of cases) {
    test(`rejects ${name}`, () => {
      const problems = verifyRule(hostNetwork, readFixtures(path.join(HERE, 'must-fail', name)));
      assert.ok(
        problems.some((p) => expected[name]?.test(p)),
        `no problem matched ${expected[name]}; got:\n${problems.join('\n')}`,
      );
    });
  }

  test('rejects a rule that changes its input', () => {
    const mutating = defineRule({
      ...hostNetwork,
      check({ object }) {
        (object.spec as Record<string, unknown>).hostNetwork = false;
        return [];
      },
    });
    const problems = verifyRule(mutating, readFixtures(path.join(HERE, 'good')));
    assert.ok(
      problems.some((p) => /read[- ]only|Cannot assign/.test(p)),
      problems.join('\n'),
    );
  });

  test('renders every finding through the engine: a placeholder without data fails the cases', () => {
    const unfilled = defineRule({
      ...hostNetwork,
      meta: { ...hostNetwork.meta, messages: { hostNetwork: 'pod {{name}} uses the host network of node {{node}}' } },
    });
    const problems = verifyRule(unfilled, readFixtures(path.join(HERE, 'good')));
    assert.ok(
      problems.some((p) =>
        /fail\.host-network\.yaml: the message "pod web uses the host network of node \{\{node\}\}" leaves \{\{node\}\} unfilled/.test(
          p,
        ),
      ),
      problems.join('\n'),
    );
  });
});
