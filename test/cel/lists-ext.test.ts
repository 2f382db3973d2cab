/**
 * The lists extension (cel-go's ext/lists.go at version 3, Kubernetes 1.34+), `includes` (Kubernetes'
 * lists library version 1, 1.37+) and `jsonpatch.escapeKey` (mutations only): versions, results and
 * errors as the API server gives them, and the cost charged before the work. The upstream test cases
 * themselves run in the conformance suite (test/cel/k8s-cel-cases.yaml).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CelEnvOptions, createCelEngine, toCelValue, toJs } from '../../src/policy/cel/index.js';

function evaluate(expression: string, options: Partial<CelEnvOptions> = {}, self: unknown = null) {
  const compiled = createCelEngine({ variables: { self: 'dyn' }, ...options }).compile(expression);
  if (!compiled.ok) return { compile: compiled.error };
  const result = compiled.program.evaluate({ self: toCelValue(self) });
  return result.ok
    ? { value: toJs(result.value), cost: result.cost, estimate: compiled.program.estimatedCost }
    : { error: result.error, cost: result.cost };
}

describe('versions', () => {
  test('the lists extension needs v1.34, includes v1.37', () => {
    for (const [expression, since] of [
      ['[2, 1].sort()', 34],
      ['[1].sortBy(e, e)', 34],
      ['lists.range(3)', 34],
      ['[[1]].flatten()', 34],
      ['[1].includes(1)', 37],
    ] as const) {
      const before = evaluate(expression, { kubernetesVersion: `v1.${since - 1}` });
      assert.equal(before.compile?.kind, 'unknown-function', expression);
      assert.match(before.compile!.message, new RegExp(`needs Kubernetes v1\\.${since} `));
      assert.equal(evaluate(expression, { kubernetesVersion: `v1.${since}` }).compile, undefined, expression);
    }
  });

  test('jsonpatch.escapeKey exists only where JSONPatch values are built', () => {
    const mutation = { structTypes: ['Object', 'JSONPatch'] };
    assert.equal(evaluate("jsonpatch.escapeKey('k8s.io/my~label')", mutation).value, 'k8s.io~1my~0label');
    const validation = evaluate("jsonpatch.escapeKey('a/b')");
    assert.equal(validation.compile?.kind, 'unknown-function');
    assert.match(validation.compile!.message, /exists only in MutatingAdmissionPolicy mutations/);
  });
});

describe('results', () => {
  test('sortBy orders by the key and keeps the order of equal keys', () => {
    const players = [
      { name: 'foo', score: 0 },
      { name: 'bar', score: -10 },
      { name: 'baz', score: 1000 },
      { name: 'qux', score: 0 },
    ];
    assert.deepEqual(evaluate('self.sortBy(e, e.score).map(e, e.name)', {}, players).value, [
      'bar',
      'foo',
      'qux',
      'baz',
    ]);
  });

  test('flatten walks nesting without recursion', () => {
    let nested: unknown = [1];
    for (let i = 0; i < 20_000; i++) nested = [nested];
    const result = evaluate('self.flatten(100000).size()', {}, nested);
    assert.equal(result.value, 1n);
  });

  test('sort needs one comparable type', () => {
    assert.equal(evaluate('self.sort()', {}, [1, 'a']).error?.message, 'list elements must have the same type');
    assert.equal(evaluate('self.sort()', {}, [{ a: 1 }]).error?.message, 'list elements must be comparable');
    assert.equal(evaluate('[{"a": 1}].sort()').compile?.kind, 'type');
  });

  test('includes: membership in a list, equality otherwise', () => {
    assert.equal(evaluate('self.includes(2)', {}, [1, 2]).value, true);
    assert.equal(evaluate("self.includes('a')", {}, 'a').value, true);
    assert.equal(evaluate('self.includes(1u)', {}, 1).value, true);
  });
});

describe('cost', () => {
  test('calls that build lists are charged their size before building them', () => {
    const big = Array.from({ length: 10_000 }, (_, i) => i);
    assert.equal(evaluate('self.reverse().size()', {}, big).cost, 1 + 11 + 10_000 + 1);
    // [[0..9999]] is one element, but flatten copies 10,000 values: the copy is what is charged.
    assert.ok(evaluate('self.flatten().size()', {}, [big]).cost! >= 10_000);
    const range = evaluate('lists.range(1000000).size()');
    assert.equal(range.error?.kind, 'cost');
  });

  test('distinct is quadratic, sort n log n', () => {
    const items = Array.from({ length: 700 }, (_, i) => i);
    assert.equal(evaluate('self.distinct().size()', {}, items).value, 700n); // 2 × 700² < 1e6
    assert.equal(evaluate('self.distinct().size()', {}, [...items, ...items.slice(0, 10)]).error?.kind, 'cost');
    const sorted = evaluate('self.sort().size()', {}, items);
    assert.equal(sorted.value, 700n);
    assert.equal(sorted.cost, 1 + 11 + 700 + 700 * 10 + 1);
  });

  test('the static estimate bounds the runtime charge', () => {
    const options = {
      variables: { self: { kind: 'list', elem: { kind: 'list', elem: 'int', maxItems: 5 }, maxItems: 50 } },
    };
    const data = Array.from({ length: 50 }, () => [1, 2, 3, 4, 5]);
    for (const expression of [
      'self.flatten().size()',
      'self.reverse().size()',
      'self.distinct().size()',
      'self.sortBy(e, e.size()).size()',
      'self.map(e, e.size()).sort().size()',
      'self.slice(1, 20).size()',
    ]) {
      const compiled = createCelEngine(options as CelEnvOptions).compile(expression);
      assert.ok(compiled.ok, expression);
      const result = compiled.program.evaluate({ self: toCelValue(data) });
      assert.ok(result.ok, expression);
      assert.ok(result.cost <= compiled.program.estimatedCost.max, `${expression}: ${result.cost} > estimate`);
    }
  });
});
