/**
 * Fuzzing the CEL engine (issue 16): generated expressions over generated objects, mutations of the
 * real policies' expressions over mutated real manifests, and generated regular expressions checked
 * against two independent searches. Whatever the input, an evaluation ends in a value or a CEL
 * error of the closed set, within the cost limit, in under 2 s and 300 MB, and no message carries
 * JavaScript's internals or a value planted in the data. A fixed seed makes a failure reproducible:
 * fast-check prints the seed and the shrunk counterexample; FUZZ_SEED and FUZZ_RUNS override them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  type CelError,
  type CelErrorKind,
  createCelEngine,
  DEFAULT_PER_CALL_LIMIT,
  newCostBudget,
  toCelValue,
} from '../../src/policy/cel/index.js';
import { compileRegex } from '../../src/policy/cel/libraries/regex-engine.js';
import { repeatedSearch } from '../support/repeated-search.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEED = Number(process.env.FUZZ_SEED ?? 16_016);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * RUNS)) });

/** Planted in the data, never in an expression: finding it in a message is a leak. */
const MARKER = 'S3CR3TMARK';
const KINDS: ReadonlySet<CelErrorKind> = new Set(['syntax', 'type', 'unknown-function', 'cost', 'runtime']);
/** What only JavaScript says: none of it may reach a message. */
const INTERNALS =
  /internal error|\[object |TypeError|RangeError|SyntaxError|Maximum call stack|Invalid (string|array) length|is not a function|Cannot read prop|toExponential|toFixed|minimumFractionDigits|BigInt|\uE000|\uE001/;
const TIME_LIMIT_MS = 2000;
const MEMORY_LIMIT = 300 * 1024 * 1024;

const engine = createCelEngine({ variables: { object: 'dyn', variables: 'dyn' } });

/** How generated cases ended, so that a property cannot pass by never reaching evaluation. */
const outcomes = new Map<string, number>();
const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

let slowest = 0;
let highestRss = 0;
const baselineRss = process.memoryUsage().rss;

/** Compiles and evaluates; asserts what must hold of any outcome. Returns the error, if any. */
function check(expression: string, data: Record<string, unknown>): CelError | undefined {
  const started = performance.now();
  const compiled = engine.compile(expression);
  if (!compiled.ok) {
    assertClean(compiled.error, expression);
    count('compile error');
    return compiled.error;
  }
  const activation: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) activation[name] = toCelValue(value);
  const result = compiled.program.evaluate(activation, newCostBudget());
  const elapsed = performance.now() - started;
  slowest = Math.max(slowest, elapsed);
  highestRss = Math.max(highestRss, process.memoryUsage().rss);
  assert.ok(elapsed < TIME_LIMIT_MS, `${expression} took ${Math.round(elapsed)} ms`);
  if (result.ok) {
    assert.ok(result.cost <= DEFAULT_PER_CALL_LIMIT, `${expression} cost ${result.cost}`);
    const { min, max } = compiled.program.estimatedCost;
    assert.ok(min <= result.cost && result.cost <= max, `${expression}: cost ${result.cost} outside [${min}, ${max}]`);
    count('value');
    return undefined;
  }
  assertClean(result.error, expression);
  count(`${result.error.kind} error`);
  return result.error;
}

function assertClean(error: CelError, expression: string): void {
  assert.ok(KINDS.has(error.kind), `${expression}: kind ${error.kind}`);
  assert.doesNotMatch(error.message, INTERNALS, `${expression}: ${error.message}`);
  assert.ok(!error.message.includes(MARKER), `${expression} leaks: ${error.message}`);
  assert.ok(
    error.message.length < 2000 || error.kind !== 'runtime',
    `${expression}: a ${error.message.length}-character message`,
  );
}

// Data: strings that parse as something (or almost), planted secrets, numbers at the edges.
const secret = fc.stringMatching(/^[A-Za-z0-9+/]{0,12}$/).map((tail) => `${MARKER}${tail}`);
const text = fc.oneof(
  fc.constantFrom('', 'a', 'abc', 'aaab', '10.0.0.1', '10.0.0.0/8', '::1', 'fe80::1%eth0', '1.2.3', 'v1.2', '1.5Gi'),
  fc.constantFrom('500m', '1E999999999', '1e-999999999', '1h30m', '-1.5s', '2023-01-01T00:00:00Z', 'https://a.b/c?d=e'),
  fc.constantFrom('a*b|a', '(a|)*', '[', '\\', '(?i)A', '%s', '%.200f', 'true', 'T', '9223372036854775808', '😀'),
  secret,
  fc.string({ maxLength: 12 }),
);
const scalar = fc.oneof(
  text,
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0, 1, -1, 2 ** 53, 2 ** 63, -(2 ** 63), 1.5, -0.5, 1e308),
  fc.boolean(),
  fc.constant(null),
);
const { value: data } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'name', 'spec', MARKER), tie('value'), { maxKeys: 4 }),
  ),
}));
const object = fc.record(
  { a: data, b: data, c: data, list: fc.array(data, { maxLength: 5 }), name: text },
  { requiredKeys: ['a', 'list', 'name'] },
);

// Expressions: every library, over the object's fields and literals (never the marker).
const field = fc.constantFrom('object.a', 'object.b', 'object.c', 'object.list', 'object.name', 'object');
const literal = fc.constantFrom(
  "''",
  "'a'",
  "'a*'",
  "'(a|)*'",
  "'%s %d'",
  "'%.300e'",
  '0',
  '1',
  '-1',
  '1u',
  '2.5',
  'true',
  'null',
  "b'\\xff'",
  '[]',
  '[1, 2]',
  "['a', 'b']",
  '{}',
  "{'a': 1}",
  "'10.0.0.0/8'",
);
const { expr } = fc.letrec<{ expr: string }>((tie) => {
  const e = () => tie('expr');
  // Arguments are often behind dyn() too: a call's static type would otherwise decide too much.
  const argument = () =>
    fc.oneof(
      e(),
      e().map((a) => `dyn(${a})`),
    );
  const call = (shape: (...args: string[]) => string, arity: number) =>
    fc.array(argument(), { minLength: arity, maxLength: arity }).map((args) => shape(...args));
  return {
    expr: fc.oneof(
      { depthSize: 'xsmall', withCrossShrink: true },
      field,
      // Mostly behind dyn(), so that the checker leaves the mismatches to the evaluation.
      fc.oneof({ arbitrary: literal, weight: 1 }, { arbitrary: literal.map((l) => `dyn(${l})`), weight: 3 }),
      field.chain((f) => fc.constantFrom(`${f}[0]`, `${f}['a']`, `${f}.a`, `${f}.?a.orValue(1)`, `has(${f}.a)`)),
      call((a, b) => `${a} ${'+'} ${b}`, 2),
      call((a, b) => `${a} == ${b}`, 2),
      call((a, b) => `${a} < ${b}`, 2),
      call((a, b) => `(${a} && ${b})`, 2),
      call((a, b) => `(${a} || ${b})`, 2),
      call((a, b, c) => `(${a} ? ${b} : ${c})`, 3),
      call((a, b) => `${a} in ${b}`, 2),
      call((a, b) => `${a}[${b}]`, 2),
      call((a) => `!${a}`, 1),
      call((a) => `-${a}`, 1),
      fc
        .constantFrom(
          'size',
          'int',
          'uint',
          'double',
          'string',
          'bool',
          'bytes',
          'duration',
          'timestamp',
          'type',
          'dyn',
        )
        .chain((f) => call((a) => `${f}(${a})`, 1)),
      fc
        .constantFrom(
          'quantity',
          'isQuantity',
          'ip',
          'isIP',
          'cidr',
          'isCIDR',
          'url',
          'isURL',
          'semver',
          'isSemver',
          'strings.quote',
        )
        .chain((f) => call((a) => `${f}(${a})`, 1)),
      fc
        .constantFrom(
          'lowerAscii',
          'upperAscii',
          'trim',
          'size',
          'sum',
          'min',
          'max',
          'isSorted',
          'getHost',
          'sign',
          'isInteger',
          'sort',
          'distinct',
          'reverse',
          'flatten',
        )
        .chain((f) => call((a) => `${a}.${f}()`, 1)),
      call((a) => `lists.range(${a})`, 1),
      call((a, b) => `${a}.sortBy(x, ${b})`, 2),
      call((a, b) => `${a}.slice(0, ${b})`, 2),
      call((a, b) => `${a}.flatten(${b})`, 2),
      fc
        .constantFrom(
          'contains',
          'startsWith',
          'endsWith',
          'matches',
          'find',
          'findAll',
          'split',
          'join',
          'indexOf',
          'charAt',
          'includes',
        )
        .chain((f) => call((a, b) => `${a}.${f}(${b})`, 2)),
      fc
        .constantFrom(
          'add',
          'sub',
          'compareTo',
          'isGreaterThan',
          'containsIP',
          'containsCIDR',
          'substring',
          'lastIndexOf',
        )
        .chain((f) => call((a, b) => `${a}.${f}(${b})`, 2)),
      call((a, b, c) => `${a}.replace(${b}, ${c})`, 3),
      call((a, b) => `${a}.format([${b}])`, 2),
      call((a, b) => `sets.intersects(${a}, ${b})`, 2),
      call((a, b) => `sets.equivalent(${a}, ${b})`, 2),
      call((a, b) => `${a}.all(x, ${b})`, 2),
      call((a, b) => `${a}.exists(x, ${b})`, 2),
      call((a, b) => `${a}.map(x, ${b})`, 2),
      call((a, b) => `${a}.filter(x, x == ${b})`, 2),
      call((a, b) => `${a}.transformMapEntry(k, v, {${b}: v})`, 2),
      call((a, b) => `[${a}, ${b}]`, 2),
      call((a, b) => `{${a}: ${b}}`, 2),
      call((a) => `${a}.map(x, ${a}.map(y, [x, y]))`, 1),
    ),
  };
});

describe('CEL fuzzing', () => {
  test('any generated expression over any generated object: a value or a clean CEL error', () => {
    outcomes.clear();
    fc.assert(
      fc.property(expr, object, (expression, obj) => {
        check(expression, { object: obj });
      }),
      runs(1500),
    );
    const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
    for (const outcome of ['value', 'runtime error', 'compile error'])
      assert.ok((outcomes.get(outcome) ?? 0) > total / 10, `${outcome}: ${JSON.stringify([...outcomes])}`);
  });

  test("mutations of the real policies' expressions over mutated real manifests", () => {
    const expressions = policyExpressions();
    const manifests = fixtureObjects();
    assert.ok(expressions.length > 20 && manifests.length > 20, `${expressions.length} / ${manifests.length}`);
    const mutated = fc
      .tuple(
        fc.constantFrom(...expressions),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...TOKENS)), { maxLength: 3 }),
      )
      .map(([expression, edits]) => edits.reduce((text, edit) => mutate(text, edit), expression));
    const manifest = fc
      .tuple(fc.constantFrom(...manifests), fc.array(fc.tuple(fc.nat(), data), { maxLength: 4 }))
      .map(([base, plants]) => plants.reduce((obj, [at, value]) => plant(obj, at, value), structuredClone(base)));
    fc.assert(
      fc.property(mutated, manifest, (expression, obj) => {
        check(expression, { object: obj, variables: { containers: containersOf(obj) } });
      }),
      runs(600),
    );
  });

  test('every error of a generated expression names no planted secret, in each field it can reach', () => {
    const conversions = fc.constantFrom(
      'int(%)',
      'double(%)',
      'duration(%)',
      'timestamp(%)',
      'ip(%)',
      'cidr(%)',
      'url(%)',
      'semver(%)',
      'quantity(%)',
      "'x'.matches(% + '(')",
      'object.m[%]',
      '{%: 1, %: 2}',
      "timestamp('2020-01-01T00:00:00Z').getHours(%)",
    );
    fc.assert(
      fc.property(conversions, secret, fc.constantFrom('', '(', '/99', '%zz', '..1', 'x'), (shape, value, suffix) => {
        const error = check(shape.replaceAll('%', 'object.s + object.t'), { object: { s: value, t: suffix, m: {} } });
        assert.ok(error, `${shape} with ${value}${suffix} should fail`);
      }),
      runs(300),
    );
  });

  test("regular expressions: findAll, find and matches agree with Go's repeated search and with JavaScript's", () => {
    const { re } = fc.letrec<{ re: string }>((tie) => ({
      re: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\b', '^', '$', 'x', '😀'),
        fc.tuple(tie('re'), tie('re')).map(([a, b]) => `${a}${b}`),
        fc.tuple(tie('re'), tie('re')).map(([a, b]) => `(?:${a}|${b})`),
        fc
          .tuple(tie('re'), fc.constantFrom('*', '+', '?', '*?', '+?', '{1,2}', '{0,3}?'))
          .map(([a, q]) => `(?:${a})${q}`),
      ),
    }));
    const input = fc.stringMatching(/^[abx😀 \n]{0,16}$/u);
    fc.assert(
      fc.property(re, input, (pattern, s) => {
        const regex = compileRegex(pattern);
        if (typeof regex === 'string') return;
        const all = regex.findAll(s, -1);
        assert.deepEqual(all, repeatedSearch(regex, s), `${pattern} on ${JSON.stringify(s)}`);
        const js = new RegExp(pattern, 'u');
        assert.equal(regex.test(s), js.test(s), `matches ${pattern} on ${JSON.stringify(s)}`);
        // JavaScript's backtracking is leftmost-first too, but treats an iteration that matches empty
        // differently: compare positions only for patterns where nothing can match empty.
        if (!canMatchEmpty(pattern)) {
          const first = regex.find(s, 0);
          const expected = js.exec(s);
          assert.equal(
            first ? s.slice(first[0], first[1]) : undefined,
            expected?.[0],
            `find ${pattern} on ${JSON.stringify(s)}`,
          );
        }
      }),
      runs(1500),
    );
  });

  test('within the stated time and memory', () => {
    assert.ok(slowest < TIME_LIMIT_MS, `slowest evaluation ${Math.round(slowest)} ms`);
    assert.ok(
      highestRss - baselineRss < MEMORY_LIMIT,
      `RSS grew by ${Math.round((highestRss - baselineRss) / 2 ** 20)} MB`,
    );
  });
});

/** Whether any part of the pattern could match the empty string (a coarse syntactic test). */
function canMatchEmpty(pattern: string): boolean {
  return /[*?]|\{0|\\b|\^|\$/.test(pattern);
}

const TOKENS = [
  '.',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  "'",
  '"',
  '?',
  ':',
  '!',
  '+',
  '-',
  '*',
  '/',
  '%',
  '==',
  '&&',
  '||',
  ' in ',
  'x',
  '0',
  '1u',
  '.all(',
  '.?',
  'has(',
  '[?',
  '\\',
  '`',
  '1e999',
  "'%.200f'",
];

/** Replaces, inserts or deletes around a position of the expression. */
function mutate(text: string, [at, how, token]: [number, number, string]): string {
  const i = text.length ? at % text.length : 0;
  switch (how) {
    case 0:
      return text.slice(0, i) + token + text.slice(i);
    case 1:
      return text.slice(0, i) + token + text.slice(i + 1);
    case 2:
      return text.slice(0, i) + text.slice(i + 1 + (at % 5));
    default:
      return text.slice(0, i) + text.slice(i, i + 1 + (at % 8)).repeat(2) + text.slice(i + 1 + (at % 8));
  }
}

/** Puts `value` at the `at`-th node of a pre-order walk of the object. */
function plant(obj: unknown, at: number, value: unknown): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [obj];
  while (stack.length && nodes.length < 500) {
    const node = stack.pop();
    const children: [string | number, unknown][] = Array.isArray(node)
      ? node.map((child, i): [number, unknown] => [i, child])
      : node && typeof node === 'object'
        ? Object.entries(node)
        : [];
    for (const [key, child] of children) {
      nodes.push({ parent: node as Record<string, unknown>, key });
      stack.push(child);
    }
  }
  if (nodes.length === 0) return obj;
  const { parent, key } = nodes[at % nodes.length]!;
  (parent as Record<string | number, unknown>)[key] = value;
  return obj;
}

function containersOf(obj: unknown): unknown {
  const spec = (obj as { spec?: { containers?: unknown } } | null)?.spec;
  return Array.isArray(spec?.containers) ? spec.containers : [];
}

/** The expressions of the restricted Pod Security Standard as admission policies (bench/). */
function policyExpressions(): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'expression' || key === 'messageExpression') && typeof value === 'string') out.push(value);
        else walk(value);
      }
  };
  const text = readFileSync(path.join(ROOT, 'bench/cel-restricted-policies.yaml'), 'utf8');
  for (const doc of parseAllDocuments(text)) walk(doc.toJS());
  return out;
}

/** The workloads of the rules' fixtures: real manifests, passing and failing. */
function fixtureObjects(): unknown[] {
  const out: unknown[] = [];
  const rules = path.join(ROOT, 'src/rules');
  for (const rule of readdirSync(rules).sort()) {
    const dir = path.join(rules, rule, 'fixtures');
    let files: string[];
    try {
      files = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const file of files.filter((f) => f.endsWith('.yaml')))
      for (const doc of parseAllDocuments(readFileSync(path.join(dir, file), 'utf8'))) {
        const value = doc.toJS();
        if (value && typeof value === 'object') out.push(value);
      }
  }
  return out.slice(0, 400);
}
