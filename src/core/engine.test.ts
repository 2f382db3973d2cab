import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadText } from '../load/index.js';
import { evaluate } from './engine.js';
import { Inventory } from './inventory.js';
import { summarize } from './result.js';
import { defineRule, type RuleMeta } from './rule.js';
import { DEFAULT_SETTINGS } from './settings.js';

const meta = (id: string, extra: Partial<RuleMeta> = {}): RuleMeta => ({
  id,
  title: `${id} title`,
  description: 'd',
  rationale: 'r',
  remediation: 'fix it',
  stage: 'deploy',
  severity: 'high',
  owner: 'developer',
  frameworks: {},
  kinds: ['Pod'],
  messages: { found: 'found {{what}}' },
  references: [],
  ...extra,
});

const hostPid = defineRule({
  meta: meta('host-pid'),
  check: ({ object }) =>
    (object.spec as { hostPID?: boolean })?.hostPID
      ? [{ path: ['spec', 'hostPID'], messageId: 'found', data: { what: 'hostPID' } }]
      : [],
});
const alwaysSkips = defineRule({
  meta: meta('always-skips', { kinds: ['*'] }),
  check: () => ({ skip: 'nothing to judge' }),
});
const throws = defineRule({
  meta: meta('throws'),
  check: () => {
    throw new Error('boom');
  },
});

function inventory(text: string): Inventory {
  return new Inventory(loadText({ text }, 'pods.yaml').resources);
}

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: team
spec:
  hostPID: true
---
apiVersion: v1
kind: Pod
metadata:
  name: b
  namespace: team
  annotations:
    rampart.dev/ignore: "host-pid -- debugging agent, approved by security"
spec:
  hostPID: true
---
apiVersion: v1
kind: Pod
metadata:
  name: c
  namespace: other
spec: {}
`;

describe('engine', () => {
  test('verdicts in resource order, then rule id; findings located lazily at the field', () => {
    const { results } = evaluate(inventory(PODS), { rules: [hostPid, alwaysSkips], settings: DEFAULT_SETTINGS });
    assert.deepEqual(
      results.map((r) => [r.resource?.name, r.ruleId, r.verdict, r.location?.line ?? null]),
      [
        ['a', 'always-skips', 'skip', null],
        ['a', 'host-pid', 'fail', 7],
        ['b', 'always-skips', 'skip', null],
        ['b', 'host-pid', 'fail', 17],
        ['c', 'always-skips', 'skip', null],
        ['c', 'host-pid', 'pass', null],
      ],
    );
    const fail = results[1];
    assert.equal(fail?.message, 'found hostPID');
    assert.equal(fail?.path, 'spec.hostPID');
    assert.deepEqual(fail?.location, { file: 'pods.yaml', line: 7, column: 3 });
    assert.equal(results[0]?.skipReason, 'nothing to judge');
  });

  test('annotation exceptions suppress, and the result stays visible', () => {
    const { results } = evaluate(inventory(PODS), { rules: [hostPid], settings: DEFAULT_SETTINGS });
    assert.deepEqual(results[1]?.suppressed, { by: 'annotation', reason: 'debugging agent, approved by security' });
  });

  test('config exceptions match by kind, namespace and name globs, until they expire', () => {
    const exception = {
      rules: ['host-pid'],
      match: { kind: 'Pod', namespace: 'te*', name: '?' },
      reason: 'accepted',
      owner: 'sec',
      expires: '2026-06-30',
      source: { file: 'rampart.yaml', line: 4 },
    };
    const before = evaluate(inventory(PODS), {
      rules: [hostPid],
      settings: DEFAULT_SETTINGS,
      exceptions: [exception],
      now: new Date('2026-06-30T23:00:00Z'),
    });
    assert.deepEqual(before.results[0]?.suppressed, {
      by: 'config',
      reason: 'accepted',
      owner: 'sec',
      expires: '2026-06-30',
    });
    const after = evaluate(inventory(PODS), {
      rules: [hostPid],
      settings: DEFAULT_SETTINGS,
      exceptions: [exception],
      now: new Date('2026-07-01T00:00:01Z'),
    });
    assert.equal(after.results[0]?.suppressed, undefined);
    const expired = after.results.find((r) => r.ruleId === 'exception-expired');
    assert.equal(expired?.verdict, 'warn');
    assert.deepEqual(expired?.location, { file: 'rampart.yaml', line: 4, column: 1 });
    assert.match(expired?.message ?? '', /expired on 2026-06-30 and no longer applies/);
  });

  test('exceptions naming unknown rules, and annotations without a reason, are reported and suppress nothing', () => {
    const text = PODS.replace('host-pid -- debugging agent, approved by security', 'host-pid');
    const exception = { rules: ['host-pdi'], match: {}, reason: 'typo' };
    const { results } = evaluate(inventory(text), {
      rules: [hostPid],
      settings: DEFAULT_SETTINGS,
      exceptions: [exception],
    });
    const invalid = results.filter((r) => r.ruleId === 'exception-invalid').map((r) => r.message);
    assert.deepEqual(invalid, [
      'annotation rampart.dev/ignore gives no reason; write "host-pid -- <why this is acceptable>"; it suppresses nothing',
      'exception names unknown rule "host-pdi" (see `rampart rules`); it suppresses nothing for those',
    ]);
    assert.ok(results.filter((r) => r.ruleId === 'host-pid' && r.verdict === 'fail').every((r) => !r.suppressed));
  });

  test('a rule that throws yields an error verdict for that resource only', () => {
    const { results } = evaluate(inventory(PODS), { rules: [throws, hostPid], settings: DEFAULT_SETTINGS });
    const errors = results.filter((r) => r.verdict === 'error');
    assert.equal(errors.length, 3);
    assert.equal(errors[0]?.ruleId, 'rule-error');
    assert.match(errors[0]?.message ?? '', /rule throws failed on this resource: boom/);
    assert.equal(results.filter((r) => r.ruleId === 'host-pid').length, 3);
  });

  test('rule settings disable rules and override severity', () => {
    const evaluation = evaluate(inventory(PODS), {
      rules: [hostPid, alwaysSkips],
      settings: DEFAULT_SETTINGS,
      ruleSettings: { 'always-skips': { enabled: false }, 'host-pid': { severity: 'low' } },
    });
    assert.deepEqual(evaluation.rulesSkipped, [{ id: 'always-skips', reason: 'disabled in config' }]);
    assert.ok(evaluation.results.every((r) => r.ruleId === 'host-pid' && r.severity === 'low'));
  });

  test('passes can be counted instead of kept; the summary is the same either way', () => {
    const kept = evaluate(inventory(PODS), { rules: [hostPid], settings: DEFAULT_SETTINGS });
    const counted = evaluate(inventory(PODS), { rules: [hostPid], settings: DEFAULT_SETTINGS, keepPasses: false });
    assert.equal(counted.results.filter((r) => r.verdict === 'pass').length, 0);
    assert.equal(counted.passes.count, 1);
    assert.deepEqual(counted.passes.byRule, new Map([['host-pid', 1]]));
    assert.deepEqual(summarize(counted.results, 3, counted.passes), summarize(kept.results, 3, kept.passes));
  });

  test('rules that do not apply under the settings do not run, and say why', () => {
    const versioned = defineRule({
      ...hostPid,
      meta: meta('versioned'),
      appliesTo: (s) => (s.pss.level === 'restricted' ? 'restricted only' : true),
    });
    const evaluation = evaluate(inventory(PODS), { rules: [versioned], settings: DEFAULT_SETTINGS });
    assert.deepEqual(evaluation.rulesSkipped, [{ id: 'versioned', reason: 'restricted only' }]);
    assert.equal(evaluation.results.filter((r) => r.ruleId === 'versioned').length, 0);
  });

  test('a result reaches its resource as subject, and no copy or serialization carries it', () => {
    const { results } = evaluate(inventory(PODS), { rules: [hostPid, throws], settings: DEFAULT_SETTINGS });
    const pods = inventory(PODS).resources.map((r) => r.object.metadata?.name);
    for (const result of results) {
      assert.equal(result.subject?.object.metadata?.name, result.resource?.name);
      assert.equal(Object.keys(result).includes('subject'), false);
      assert.equal({ ...result }.subject, undefined);
      assert.equal(structuredClone({ ...result }).subject, undefined);
      assert.equal(JSON.stringify(result).includes('"kind":"Pod","metadata"'), false);
    }
    assert.deepEqual(pods, ['a', 'b', 'c']);
    const [first] = results;
    assert.ok(first?.subject);
    const other = results.at(-1)?.subject;
    assert.ok(other);
    first.subject = other;
    assert.equal(first.subject, other, 'subject can be set, as before');
  });

  test('equal fixes of a rule are one object; different ones stay apart', () => {
    const fixing = defineRule({
      meta: meta('fixing', { fixable: true }),
      check: ({ object }) => [
        {
          path: ['spec', 'hostPID'],
          messageId: 'found',
          data: { what: 'hostPID' },
          fix: {
            description: 'turn hostPID off',
            operations: [
              { op: 'set', path: ['spec', 'hostPID'], value: false },
              { op: 'set', path: ['spec', 'securityContext'], value: { runAsNonRoot: true } },
            ],
          },
        },
        {
          path: ['metadata', 'name'],
          messageId: 'found',
          data: { what: 'a name' },
          fix: {
            description: 'rename',
            operations: [{ op: 'set', path: ['metadata', 'name'], value: `${object.metadata?.name}-x` }],
          },
        },
      ],
    });
    const { results } = evaluate(inventory(PODS), { rules: [fixing], settings: DEFAULT_SETTINGS });
    const off = results.filter((r) => r.fix?.description === 'turn hostPID off');
    const renames = results.filter((r) => r.fix?.description === 'rename');
    assert.equal(off.length, 3);
    assert.ok(off.every((r) => r.fix === off[0]?.fix));
    assert.deepEqual(
      renames.map((r) => r.fix?.operations[0]),
      ['a', 'b', 'c'].map((name) => ({ op: 'set', path: ['metadata', 'name'], value: `${name}-x` })),
    );
  });

  test('findings of several rules at one field share its location', () => {
    const twin = defineRule({ ...hostPid, meta: meta('host-pid-twin') });
    const { results } = evaluate(inventory(PODS), { rules: [hostPid, twin], settings: DEFAULT_SETTINGS });
    const [a, b] = results.filter((r) => r.resource?.name === 'a');
    assert.deepEqual(a?.location, { file: 'pods.yaml', line: 7, column: 3 });
    assert.equal(a?.location, b?.location);
  });
});
