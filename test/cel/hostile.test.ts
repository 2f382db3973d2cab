/**
 * Hostile input (issue 16): every reproduction that stalled, exhausted memory or leaked through the
 * CEL engine, kept as a regression case. The assertions are on what the engine reports — the
 * error, the result, the cost it charged — never on wall-clock time: a case that regressed to the
 * old behaviour would hang this file or fail its cost assertion, and bench/cel-hostile.ts measures
 * the time and memory of the same inputs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CelError, createCelEngine, toCelValue, toJs } from '../../src/policy/cel/index.js';

const engine = createCelEngine({ variables: { object: 'dyn' } });

type Outcome =
  | { ok: true; value: unknown; cost: number }
  | { ok: false; error: CelError; cost: number; compile: boolean };

function run(expression: string, object: unknown = {}): Outcome {
  const compiled = engine.compile(expression);
  if (!compiled.ok) return { ok: false, error: compiled.error, cost: 0, compile: true };
  const result = compiled.program.evaluate({ object: toCelValue(object) });
  return result.ok
    ? { ok: true, value: toJs(result.value), cost: result.cost }
    : { ok: false, error: result.error, cost: result.cost, compile: false };
}

function failure(outcome: Outcome): CelError & { compile: boolean; cost: number } {
  assert.equal(
    outcome.ok,
    false,
    `expected an error, got ${JSON.stringify(outcome, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
  );
  const { error, compile, cost } = outcome as Extract<Outcome, { ok: false }>;
  return { ...error, compile, cost };
}

describe('nesting', () => {
  test('3,000-deep member selection is a compile error, not a stack overflow', () => {
    const error = failure(run(`has(object${'.a'.repeat(3000)})`));
    assert.equal(error.compile, true);
    assert.equal(error.kind, 'syntax');
    assert.match(error.message, /nested more than 250 levels/);
  });

  test('long chains of operators, indexes and calls nest like the tree they build', () => {
    for (const expression of [
      `${'1 + '.repeat(3000)}1`,
      `object${'[0]'.repeat(3000)}`,
      `'a'${'.size().string()'.repeat(1500)}`,
      `1 ${'== 1 '.repeat(3000)}`,
    ]) {
      const error = failure(run(expression));
      assert.equal(error.kind, 'syntax', expression.slice(0, 20));
      assert.match(error.message, /nested more than 250 levels/);
    }
  });

  test('below the limit, deep expressions still compile and evaluate', () => {
    assert.deepEqual(run(`${'1 + '.repeat(200)}1`), { ok: true, value: 201n, cost: 200 });
    const outcome = run(`has(object${'.a'.repeat(200)})`, {});
    assert.equal(outcome.ok && outcome.value, false);
    assert.equal(run(`${'('.repeat(200)}true${')'.repeat(200)}`).ok, true);
  });

  test('&& and || chains are balanced, so thousands of terms are not deep', () => {
    const outcome = run(Array.from({ length: 5000 }, () => 'true').join(' && '));
    assert.equal(outcome.ok && outcome.value, true);
  });

  test('an expression over 100,000 code points is rejected before it is tokenized', () => {
    const error = failure(run(`'${'x'.repeat(100_000)}'`));
    assert.equal(error.kind, 'syntax');
    assert.match(error.message, /100002 code points long; the limit is 100000/);
    assert.equal(run(`'${'é'.repeat(60_000)}'.size()`).ok, true, 'the limit counts code points, not UTF-16 units');
  });
});
