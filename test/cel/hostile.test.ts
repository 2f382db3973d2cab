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
import { compileRegex } from '../../src/policy/cel/libraries/regex-engine.js';
import { repeatedSearch } from '../support/repeated-search.js';

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

describe('cost is charged before the work', () => {
  test('a format precision is charged for the digits it prints, before printing them', () => {
    const wide = run("'%.1000f'.format([1.5])");
    assert.ok(wide.ok && wide.value === `1.5${'0'.repeat(999)}`);
    assert.ok(wide.cost > 100, `1,000 digits cost 0.1 each: ${wide.cost}`);
    const error = failure(run("'%.100000000f'.format([1.5])"));
    assert.equal(error.kind, 'cost');
    // A precision beyond int64 is refused when the expression compiles, as cel-go's format checker does.
    const unparsable = failure(run("'%.99999999999999999999f'.format([1.5])"));
    assert.equal(unparsable.kind, 'type');
    assert.match(
      unparsable.message,
      /error while converting precision to integer: strconv\.Atoi: .* value out of range/,
    );
    // Unknown at compile time, it is still charged before printing.
    assert.equal(failure(run('object.f.format([1.5])', { f: '%.100000000f' })).kind, 'cost');
  });

  test('replace is charged by the size of its result: 3,000 characters build the 9-million-character result', () => {
    const s = 'a'.repeat(3000);
    const outcome = run("object.s.replace('', object.s)", { s });
    assert.equal(outcome.ok, true);
    const value = (outcome as { value: string }).value;
    assert.equal(value.length, 3000 + 3001 * 3000);
    // 0.1 per character of the input and of the result, as a traversal and a construction.
    assert.ok(Math.abs(outcome.cost - (3000 + value.length) / 10) < 10, String(outcome.cost));
  });

  test('replace of 100,000 characters stops at the limit before building anything', () => {
    const error = failure(run("object.s.replace('', object.s)", { s: 'a'.repeat(100_000) }));
    assert.equal(error.kind, 'cost');
    // The whole charge is known up front: 0.1 × (100,000 + 100,001 × 100,000 + 100,000).
    assert.ok(error.cost > 1e9, String(error.cost));
  });

  test("replace follows Go's strings.Replace", () => {
    const cases: [string, string][] = [
      ["'hello'.replace('l', 'L')", 'heLLo'],
      ["'hello'.replace('l', 'L', 1)", 'heLlo'],
      ["'hello'.replace('l', 'L', -1)", 'heLLo'],
      ["'hello'.replace('l', 'L', 0)", 'hello'],
      ["'ab'.replace('', '-')", '-a-b-'],
      ["'ab'.replace('', '-', 2)", '-a-b'],
      ["''.replace('', '-')", '-'],
      ["'😀x'.replace('', '.')", '.😀.x.'],
    ];
    for (const [expression, expected] of cases)
      assert.deepEqual(run(expression), { ...run(expression), value: expected });
  });

  test('sets.intersects is charged 1 + n × m before it compares anything', () => {
    const a = Array.from({ length: 40_000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 40_000 }, (_, i) => `b${i}`);
    const error = failure(run('sets.intersects(object.a, object.b)', { a, b }));
    assert.equal(error.kind, 'cost');
    assert.ok(error.cost >= 40_000 * 40_000, String(error.cost));
    const small = run('sets.equivalent(object.a, object.b)', { a: [1, 2], b: [2, 1, 1] });
    assert.equal(small.ok && small.value, true);
    assert.equal(small.cost, 4 + 1 + 2 * 2 * 3, 'selecting the two lists, then 1 + 2 × n × m');
  });

  test('concatenating lists is charged by their size, so repeating it in a loop stops', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => i);
    const error = failure(run('object.items.all(x, size(object.items + object.items) > 0)', { items }));
    assert.equal(error.kind, 'cost');
    const copied = run('object.items.slice(0, 0) + [1, 2, 3]', { items: [1] });
    assert.equal(copied.cost, 1 + 12 + 1, 'the slice, then 0.1 per element copied (the literal list is built once)');
  });

  test('deep equality is charged for the nested values it compares', () => {
    const nested = (n: number) => Array.from({ length: n }, (_, i) => ({ k: i, v: [i, i] }));
    const small = run('object.a == object.b', { a: nested(10_000), b: nested(10_000) });
    const large = run('object.a == object.b', { a: nested(20_000), b: nested(20_000) });
    assert.equal(small.ok && small.value, true);
    assert.ok(small.cost > 1000, `a list of 10,000 maps costs more than its length: ${small.cost}`);
    assert.ok(Math.abs(large.cost / small.cost - 2) < 0.1, `${small.cost} → ${large.cost}`);
  });
});

describe('regular expressions', () => {
  test("findAll('a*b|a') is linear: twice the input, twice the cost, every match found", () => {
    const small = run("object.s.findAll('a*b|a')", { s: 'a'.repeat(50_000) });
    const large = run("object.s.findAll('a*b|a')", { s: 'a'.repeat(100_000) });
    assert.equal(small.ok && (small.value as string[]).length, 50_000);
    assert.equal(large.ok && (large.value as string[]).length, 100_000);
    assert.ok(Math.abs(large.cost / small.cost - 2) < 0.01, `${small.cost} → ${large.cost}`);
  });

  test('findAll keeps Go semantics: leftmost-first, empty matches, limits', () => {
    const cases: [string, string[]][] = [
      ["'1, 2, 3'.findAll('[0-9]*')", ['1', '', '2', '', '3']],
      ["'aaab'.findAll('a*b|a')", ['aaab']],
      ["'aaa'.findAll('a*?')", ['', '', '', '']],
      ["'abab'.findAll('(a|ab)(c|bab)?')", ['abab']],
      ["'xyz'.findAll('')", ['', '', '', '']],
      ["'a\\nb'.findAll('(?m)^.')", ['a', 'b']],
      ["'ab cd'.findAll('\\\\b')", ['', '', '', '']],
      ["'😀😀'.findAll('.')", ['😀', '😀']],
      ["'aaa'.findAll('a', 2)", ['a', 'a']],
      ["'aa'.findAll('(a|)*')", ['aa']],
      ["'ba'.findAll('(|a)*')", ['', '', '']],
    ];
    for (const [expression, expected] of cases) {
      const outcome = run(expression);
      assert.deepEqual(outcome.ok && outcome.value, expected, expression);
    }
  });

  test('find and matches start a thread at every position, even after one where none could', () => {
    assert.equal((run("' foo'.find('\\\\bfoo')") as { value: unknown }).value, 'foo');
    assert.equal((run("' foo'.matches('\\\\bfoo')") as { value: unknown }).value, true);
    assert.equal((run("'a b'.find('\\\\bb$')") as { value: unknown }).value, 'b');
  });

  test('the one-pass findAll agrees with searching again from each match, on tricky patterns', () => {
    const patterns = [
      'a*b|a',
      '(a|)*',
      '(|a)*',
      '((a*)*b)*',
      '(?:a*|b*)*c?',
      'x*',
      '\\b',
      '(?m)$',
      'a+?b*',
      '[ab]{2,3}?',
      '(a*)+$',
    ];
    const inputs = ['', 'a', 'aab', 'abba', 'baaab c', 'aaaa\nbb', 'cab😀ab'];
    for (const pattern of patterns) {
      const regex = compileRegex(pattern);
      assert.ok(typeof regex !== 'string', pattern);
      for (const input of inputs)
        assert.deepEqual(regex.findAll(input, -1), repeatedSearch(regex, input), `${pattern} on ${input}`);
    }
  });

  test('a pattern from the object is bounded and charged for its compilation before it is compiled', () => {
    const long = failure(run("'x'.matches(object.p)", { p: 'a'.repeat(100_000) }));
    assert.equal(long.kind, 'cost');
    const large = failure(run("'x'.matches(object.p)", { p: 'a'.repeat(5001) }));
    assert.equal(large.kind, 'runtime');
    assert.match(large.message, /^regular expression \[redacted\] is too large: its size is 5001, the limit is 5000$/);
    // Counted repetition is charged as the program it expands to, not as its seven characters.
    // Matching: ceil((1 + 1) × 0.1) × ceil(1000 × 0.25); compiling: 1000 × 20; selecting object.p: 2.
    const repeated = run("'x'.matches(object.p)", { p: 'a{1000}' });
    assert.deepEqual(repeated, { ok: true, value: false, cost: 250 + 20_000 + 2 });
    const literal = run("'x'.matches('a{1000}')");
    assert.equal(literal.cost, 250, 'a literal pattern is compiled once, not charged per call');
  });

  test('a literal pattern that is too large is a compile error showing it', () => {
    const error = failure(run(`'x'.matches('${'(a{99})'.repeat(60)}')`));
    assert.equal(error.compile, true);
    assert.match(error.message, /is too large: its size is \d+, the limit is 5000/);
    assert.ok(error.message.includes('(a{99})'));
  });
});

describe('quantities', () => {
  test('huge exponents compare by magnitude and refuse arithmetic that would need their digits', () => {
    const greater = run("quantity(object.q).isGreaterThan(quantity('1'))", { q: '1E999999999' });
    assert.equal(greater.ok && greater.value, true);
    const added = failure(run("quantity(object.q).add(quantity('1'))", { q: '1E999999999' }));
    assert.match(added.message, /more than 1000 significant digits/);
    const doubled = run("quantity(object.q).add(quantity(object.q)).compareTo(quantity('2E999999999'))", {
      q: '1E999999999',
    });
    assert.equal(doubled.ok && doubled.value, 0n);
  });

  test('quantities round as ParseQuantity does: up to the nanounit, binary ones capped at 2^63-1', () => {
    const cases: [string, unknown][] = [
      ["quantity('1e-999999999') == quantity('1n')", true],
      ["quantity('1e-999999999').isInteger()", false],
      ["quantity('16Ei') == quantity('9223372036854775807')", true],
      ["sign(quantity('1E99999999999'))", undefined],
      [`isQuantity('${'9'.repeat(1001)}')`, false],
    ];
    for (const [expression, expected] of cases) {
      const outcome = run(expression);
      assert.equal(outcome.ok ? outcome.value : undefined, expected, expression);
    }
  });
});

describe('no JavaScript internals in a message', () => {
  test('errors JavaScript would raise are CEL errors that say what the limit is', () => {
    const cases: [string, RegExp][] = [
      ["string(b'\\xff')", /^invalid UTF-8 in bytes, cannot convert to string$/],
      ['{1: 2}[3u]', /^no such key: 3u$/],
      ['[1, 2][5u]', /^index out of bounds: 5u$/],
    ];
    for (const [expression, message] of cases) assert.match(failure(run(expression)).message, message, expression);
  });

  test('data nested deeper than the stack is an error about nesting', () => {
    const nest = () => {
      let deep: unknown = 1;
      for (let i = 0; i < 100_000; i++) deep = [deep];
      return deep;
    };
    const error = failure(run('object.a == object.b', { a: nest(), b: nest() }));
    assert.equal(error.kind, 'runtime');
    assert.match(error.message, /nested too deeply/);
  });
});

describe('values from the data never leave in an error', () => {
  const TOKEN = 'ghp_R4mp4rtT3stT0k3nN0tR34l0000000000ab';
  const object = {
    token: TOKEN,
    url: `https://user:${TOKEN}@example.com:x/`,
    version: `1.2.${TOKEN}`,
    v6: `fe80::${TOKEN}`,
    nested: { [TOKEN]: 1 },
    bytes: TOKEN,
  };
  // Every message the engine builds around a value it was given.
  const failing = [
    'int(object.token)',
    'uint(object.token)',
    'double(object.token)',
    'bool(object.token)',
    `int('${'9'.repeat(30)}' + string(size(object.token)))`,
    'duration(object.token)',
    'timestamp(object.token)',
    "timestamp('2020-01-01T00:00:00Z').getHours(object.token)",
    'object.nested[object.token + "x"]',
    'object.token.matches(object.token + "(")',
    "'x'.find(object.token + '[')",
    'ip(object.token)',
    'ip(object.v6)',
    'cidr(object.token)',
    "cidr('10.0.0.0/' + object.token)",
    'url(object.url)',
    'url(object.token + "%zz")',
    'semver(object.version)',
    "semver('1.2.3-' + object.token + '..x')",
    '{object.token: 1, object.token: 2}',
    '[0, 1].transformMapEntry(i, v, {object.token: v})',
  ];

  // The API server's conversion errors name no value ("type conversion error from 'string' to 'int'").
  const namesNoValue = new Set([
    'int(object.token)',
    'uint(object.token)',
    'double(object.token)',
    'bool(object.token)',
    `int('${'9'.repeat(30)}' + string(size(object.token)))`,
    'duration(object.token)',
    'timestamp(object.token)',
  ]);

  test('each message says what failed and shows [redacted] where the value was', () => {
    for (const expression of failing) {
      const error = failure(run(expression, object));
      assert.equal(error.kind, 'runtime', expression);
      assert.ok(!error.message.includes(TOKEN.slice(4, 16)), `${expression}: ${error.message}`);
      if (namesNoValue.has(expression)) assert.match(error.message, /^type conversion error from 'string' to '/);
      else assert.match(error.message, /\[redacted\]/, `${expression}: ${error.message}`);
      assert.doesNotMatch(error.message, /[\uE000\uE001]/, 'no marker is left behind');
    }
  });

  test('a key the expression names itself, and the literals of a compile error, are shown', () => {
    assert.equal(failure(run("object.nested['app']", object)).message, 'no such key: app');
    assert.equal(failure(run('object.nested.app', object)).message, 'no such key: app');
    assert.equal(failure(run("duration('forever')")).message, "invalid duration argument: invalid duration 'forever'");
  });

  test('a value cannot close its own redaction early', () => {
    const error = failure(run('url(object.token)', { token: `a'\uE001${TOKEN}` }));
    assert.equal(
      error.message,
      'URL parse error during conversion from string: parse [redacted]: invalid URI for request',
    );
  });
});
