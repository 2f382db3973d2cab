import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCelEngine, DEFAULT_PER_CALL_LIMIT, DEFAULT_POLICY_BUDGET, newCostBudget, toCelValue } from './index.js';

const engine = createCelEngine({ variables: { items: 'dyn' } });
const items = toCelValue(Array.from({ length: 2000 }, (_, i) => i));

function compile(expression: string) {
  const compiled = engine.compile(expression);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.program;
}

describe('runtime cost', () => {
  test('the limits are the API server defaults', () => {
    assert.equal(DEFAULT_PER_CALL_LIMIT, 1_000_000);
    assert.equal(DEFAULT_POLICY_BUDGET, 10_000_000);
    assert.equal(newCostBudget().remaining, 10_000_000);
  });

  test('a runaway expression stops promptly with a cost error', () => {
    const started = performance.now();
    const result = compile('items.all(x, items.all(y, items.all(z, x + y + z >= 0)))').evaluate({ items });
    const elapsed = performance.now() - started;
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.kind, 'cost');
    assert.match(!result.ok ? result.error.message : '', /cost exceeded/);
    assert.ok(result.cost > DEFAULT_PER_CALL_LIMIT && result.cost < DEFAULT_PER_CALL_LIMIT + 1000);
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  });

  test('an error that || could absorb does not hide a cost error', () => {
    const result = compile('true || items.all(x, items.all(y, true))').evaluate({ items });
    assert.equal(result.ok, true);
    const runaway = compile('items.all(x, items.all(y, true)) || true').evaluate({ items });
    assert.equal(!runaway.ok && runaway.error.kind, 'cost');
  });

  test('the budget is shared by the expressions of one policy and charged what each spent', () => {
    const program = compile('items.all(x, items.all(y, x < 20 || y < 2000))');
    const budget = newCostBudget(150_000);
    const first = program.evaluate({ items }, budget);
    assert.equal(first.ok, false, 'the budget is smaller than one evaluation');
    assert.ok(!first.ok && /remaining budget/.test(first.error.message));
    assert.ok(budget.remaining <= 0);
    const small = compile('items.size() > 0');
    const fresh = newCostBudget(100);
    const ok = small.evaluate({ items }, fresh);
    assert.equal(ok.ok, true);
    assert.equal(fresh.remaining, 100 - ok.cost);
  });

  test('costs follow the API server units', () => {
    assert.equal(compile('items.size()').evaluate({ items }).cost, 2);
    assert.equal(compile("'abc' == 'abc'").evaluate({}).cost, 1);
    assert.equal(compile('[1, items.size()]').evaluate({ items }).cost, 12);
    // A literal of literals is built once, as cel-go folds it: the API server charges it nothing.
    assert.equal(compile('[1, 2]').evaluate({}).cost, 0);
  });
});

describe('static estimate', () => {
  test('bounded by literals and declared sizes', () => {
    const program = compile('[1, 2, 3].all(x, x > 0)');
    assert.deepEqual(program.estimatedCost, { min: 1, max: 26 });
    // The runtime charges what the estimate counts: every element passes, so the maximum but the
    // literal list, which is built once (the estimate keeps the API server's 10 for it).
    assert.equal(program.evaluate({}).cost, 16);
    assert.equal(compile('[-1, 2, 3].all(x, x > 0)').evaluate({}).cost, 6);
    const bounded = createCelEngine({
      variables: { names: { kind: 'list', elem: { kind: 'string', maxLength: 63 }, maxItems: 10 } },
    });
    const compiled = bounded.compile("names.all(n, n.startsWith('kube-'))");
    assert.ok(compiled.ok);
    assert.ok(compiled.program.estimatedCost.max < 200, JSON.stringify(compiled.program.estimatedCost));
  });

  test('unbounded input uses the 3 MiB request limit, and an estimated cost limit rejects at compile time', () => {
    assert.ok(compile('items.all(x, items.all(y, true))').estimatedCost.max > 1e12);
    const strict = createCelEngine({ variables: { items: 'dyn' }, estimatedCostLimit: 1e6 });
    const rejected = strict.compile('items.all(x, items.all(y, true))');
    assert.equal(!rejected.ok && rejected.error.kind, 'cost');
    assert.equal(strict.compile('items.size() > 1').ok, true);
  });
});
