import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compliance, NO_RULE_REASON } from './compliance.js';
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

  test('nothing evaluated scores 0, never a flattering 100', () => {
    const nsa = compliance([], rules, 'nsa');
    assert.equal(nsa.evaluated, 0);
    assert.equal(nsa.percent, 0);
  });

  test('frameworks without a known catalogue carry no coverage; CIS always does', () => {
    const nsa = compliance([], rules, 'nsa');
    assert.equal('benchmark' in nsa || 'sections' in nsa || 'notJudged' in nsa, false);
    assert.ok(compliance([], rules, 'cis').benchmark);
  });
});

describe('CIS coverage', () => {
  const rules = [meta('a', { cis: ['5.2.2', '5.1.3'] }), meta('b', { cis: ['5.7.4'] })];
  const cis = compliance([result('a', 'fail'), result('a', 'pass')], rules, 'cis');

  test('names the benchmark and counts all of its controls', () => {
    assert.deepEqual(cis.benchmark, { title: 'CIS Kubernetes Benchmark', version: 'v1.10.0', controls: 130 });
    assert.deepEqual(
      cis.sections?.map((s) => [s.id, s.controls]),
      [
        ['1', 59],
        ['2', 7],
        ['3', 5],
        ['4', 24],
        ['5', 35],
      ],
    );
  });

  test('scores only judged controls; sections count judgeable, evaluated and passing', () => {
    assert.deepEqual(
      cis.controls.map((c) => [c.id, c.verdict, c.title]),
      [
        ['5.1.3', 'fail', 'no wildcards in Roles and ClusterRoles'],
        ['5.2.2', 'fail', 'no privileged containers'],
        ['5.7.4', 'skip', 'no use of the default namespace'],
      ],
    );
    assert.equal(cis.evaluated, 2);
    assert.equal(cis.percent, 0);
    const five = cis.sections?.find((s) => s.id === '5');
    assert.deepEqual(five, {
      id: '5',
      title: 'Policies',
      controls: 35,
      judgeable: 3,
      evaluated: 2,
      passing: 0,
    });
    for (const section of cis.sections?.slice(0, 4) ?? []) assert.equal(section.judgeable, 0, section.title);
  });

  test('every other control is listed as not judged, with why; none is lost or counted twice', () => {
    const listed = [...cis.controls.map((c) => c.id), ...(cis.notJudged ?? []).map((c) => c.id)];
    assert.equal(listed.length, 130);
    assert.equal(new Set(listed).size, 130);
    const reason = (id: string) => cis.notJudged?.find((c) => c.id === id)?.reason;
    // Node controls have rules (`rampart node`); these test rules do not map them, so no rule checks them.
    assert.equal(reason('1.2.1'), NO_RULE_REASON);
    assert.match(reason('3.1.1') ?? '', /manual check/);
    assert.match(reason('5.1.7') ?? '', /client certificates/);
    assert.equal(reason('5.3.2'), NO_RULE_REASON, 'judgeable from manifests, but no rule here maps to it');
  });

  test('a passing scan of section 5 reads as a share of judged controls, not of the benchmark', () => {
    const all = compliance([result('a', 'pass'), result('b', 'pass')], rules, 'cis');
    assert.equal(all.percent, 100);
    assert.equal(all.evaluated, 3);
    assert.equal(all.benchmark?.controls, 130);
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
      { id: '5.2.2', title: 'no privileged containers', verdict: 'pass', rules: ['a'], failures: 0 },
    ]);
  });
});
