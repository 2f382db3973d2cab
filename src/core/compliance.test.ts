import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compliance } from './compliance.js';
import type { Result } from './result.js';
import type { RuleMeta } from './rule.js';

const meta = (id: string, frameworks: RuleMeta['frameworks']): RuleMeta => ({
  id,
  title: id,
  description: 'd',
  rationale: 'r',
  remediation: 'x',
  stage: 'deploy',
  severity: 'high',
  owner: 'developer',
  frameworks,
  kinds: ['Pod'],
  messages: { m: 'm' },
  references: [],
});

const result = (ruleId: string, verdict: Result['verdict'], suppressed = false): Result => ({
  ruleId,
  verdict,
  severity: 'high',
  message: 'm',
  ...(suppressed ? { suppressed: { by: 'config' as const, reason: 'accepted' } } : {}),
});

describe('compliance scores', () => {
  const rules = [
    meta('a', { cis: ['5.2.2', '5.2.10'], pss: { level: 'baseline', check: 'privileged' } }),
    meta('b', { cis: ['5.2.2'] }),
    meta('c', { cis: ['5.2.9'], pss: { level: 'restricted', check: 'runAsNonRoot' } }),
    meta('d', { cis: ['5.7.4'] }),
  ];

  test('a control fails when any mapped rule failed unsuppressed; unevaluated controls are skipped', () => {
    const results = [result('a', 'pass'), result('b', 'fail'), result('c', 'fail', true), result('c', 'pass')];
    const cis = compliance(results, rules, 'cis');
    assert.deepEqual(
      cis.controls.map((c) => [c.id, c.verdict, c.failures]),
      [
        ['5.2.2', 'fail', 1],
        ['5.2.9', 'pass', 0],
        ['5.2.10', 'pass', 0],
        ['5.7.4', 'skip', 0],
      ],
    );
    assert.equal(cis.evaluated, 3);
    assert.equal(cis.passing, 2);
    assert.equal(cis.percent, 66.7);
  });

  test('PSS frameworks: baseline counts baseline checks, restricted counts both', () => {
    const results = [result('a', 'fail'), result('c', 'pass')];
    assert.deepEqual(
      compliance(results, rules, 'pss-baseline').controls.map((c) => c.id),
      ['privileged'],
    );
    const restricted = compliance(results, rules, 'pss-restricted');
    assert.deepEqual(
      restricted.controls.map((c) => [c.id, c.verdict]),
      [
        ['privileged', 'fail'],
        ['runAsNonRoot', 'pass'],
      ],
    );
    assert.equal(restricted.percent, 50);
  });

  test('nothing evaluated scores 100', () => {
    assert.equal(compliance([], rules, 'nsa').percent, 100);
  });
});

describe('compliance with counted passes', () => {
  test('a rule whose passes were only counted still evaluates its controls', () => {
    const rules = [
      {
        id: 'a',
        title: 'a',
        description: 'd',
        rationale: 'r',
        remediation: 'x',
        stage: 'deploy' as const,
        severity: 'high' as const,
        owner: 'developer' as const,
        frameworks: { cis: ['5.2.2'] },
        kinds: ['Pod'],
        messages: { m: 'm' },
        references: [],
      },
    ];
    const passes = {
      count: 3,
      bySeverity: { critical: 0, high: 3, medium: 0, low: 0, info: 0 },
      byRule: new Map([['a', 3]]),
    };
    assert.deepEqual(compliance([], rules, 'cis', passes).controls, [
      { id: '5.2.2', verdict: 'pass', rules: ['a'], failures: 0 },
    ]);
  });
});
