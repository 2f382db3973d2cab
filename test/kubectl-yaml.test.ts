import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Path } from '../src/core/path.js';
import { SYSTEM_RESULT_IDS } from '../src/core/result.js';
import { loadText, parseYaml } from '../src/load/index.js';

/**
 * Every document kubectl accepts loads, with the value kubectl gives it; every file kubectl refuses
 * gives a parse error with its line. The expectations in expected.json are the output of kubectl's
 * own decoder (scripts/kubectl-yaml-oracle.mjs runs it), not values written by hand.
 */
const CORPUS = path.resolve('test/fixtures/kubectl-yaml');
type Expectation = { documents: unknown[] } | { refused: true };
const expected = JSON.parse(readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as Record<string, Expectation>;

const read = (file: string) => readFileSync(path.join(CORPUS, file), 'utf8');
const files = (dir: string) =>
  readdirSync(path.join(CORPUS, dir))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => `${dir}/${name}`);

/** The documents' values as JSON would carry them (what kubectl sends), empty documents left out. */
function values(text: string): unknown[] {
  const parsed = parseYaml(text);
  assert.deepEqual(
    parsed.problems.filter((p) => p.kind === undefined).map((p) => p.message),
    [],
    'no parse error',
  );
  return parsed.documents
    .map((document) => document.value)
    .filter((value) => value !== null && value !== undefined)
    .map((value) => JSON.parse(JSON.stringify(value)));
}

describe('YAML that kubectl accepts loads as kubectl reads it', () => {
  test('expected.json covers exactly the corpus', () => {
    assert.deepEqual(Object.keys(expected).sort(), [...files('accepted'), ...files('rejected')].sort());
  });

  for (const file of files('accepted')) {
    test(file, () => {
      const want = expected[file];
      assert.ok(want && 'documents' in want, 'kubectl accepts it');
      assert.deepEqual(values(read(file)), want.documents);
    });
  }

  for (const file of files('rejected')) {
    test(`${file}: kubectl refuses it, and it stays a parse error with its line`, () => {
      assert.deepEqual(expected[file], { refused: true });
      const { problems, resources } = loadText({ text: read(file) }, file);
      const errors = problems.filter((p) => p.ruleId === SYSTEM_RESULT_IDS.parseError);
      assert.ok(errors.length > 0 && resources.length === 0);
      for (const error of errors) {
        assert.equal(error.location?.file, file);
        assert.ok((error.location?.line ?? 0) >= 1);
      }
    });
  }
});

describe('positions in documents only the lenient retry reads', () => {
  const locate = (file: string, path: Path, document = 0) => {
    const { resources, problems } = loadText({ text: read(file) }, file);
    assert.deepEqual(
      problems.map((p) => p.message),
      [],
    );
    const origin = resources[document]?.origin;
    assert.ok(origin?.kind === 'file');
    return origin.locate(path);
  };

  test('a DaemonSet whose args close at their key column is loaded, and located line for line', () => {
    const file = 'accepted/daemonset-args-bracket-at-key.yaml';
    const container = ['spec', 'template', 'spec', 'containers', 0];
    assert.deepEqual(locate(file, [...container, 'securityContext', 'privileged']), { line: 30, column: 13 });
    assert.deepEqual(locate(file, [...container, 'args', 3]), { line: 23, column: 30 });
    assert.deepEqual(locate(file, [...container, 'volumeMounts']), { line: 25, column: 11 });
    assert.deepEqual(locate(file, ['metadata', 'name'], 1), { line: 40, column: 3 });
  });

  test('CRLF line ends and a bracket at column 0 keep their columns', () => {
    const text =
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: a\r\n    args: [\r\nx,\r\n  why\r\n]\r\n    image: i\r\n';
    const { resources, problems } = loadText({ text }, 'pod.yaml');
    assert.deepEqual(problems, []);
    const origin = resources[0]?.origin;
    assert.ok(origin?.kind === 'file');
    assert.deepEqual(resources[0]?.object.spec, { containers: [{ name: 'a', args: ['x', 'why'], image: 'i' }] });
    assert.deepEqual(origin.locate(['spec', 'containers', 0, 'args', 0]), { line: 9, column: 1 });
    assert.deepEqual(origin.locate(['spec', 'containers', 0, 'image']), { line: 12, column: 5 });
  });

  test('a repeated key keeps the last value, as kubectl does, with a warning at the repeat', () => {
    const file = 'accepted/dupkey-nested.yaml';
    const { problems } = loadText({ text: read(file) }, file);
    assert.deepEqual(
      problems
        .filter((p) => p.ruleId !== SYSTEM_RESULT_IDS.notAResource)
        .map((p) => [p.ruleId, p.verdict, p.location?.line, p.location?.column]),
      [[SYSTEM_RESULT_IDS.duplicateKey, 'warn', 7, 5]],
    );
  });
});

describe('the lenient retry keeps the hostile-input bounds', () => {
  test('an alias bomb inside a flow collection only the retry parses is still refused', () => {
    const layers = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      layers.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const text = `${layers.join('\n')}\nz:\n  k: [\n    *h,\n  ]\n`;
    const { problems, resources } = loadText({ text }, 'bomb.yaml');
    assert.equal(resources.length, 0);
    assert.match(problems[0]?.message ?? '', /alias bomb/);
  });

  test('nesting beyond the depth bound is refused, not a stack overflow', () => {
    const text = `a:\n  b: ${'['.repeat(300)}\n${']'.repeat(300)}\n`;
    const { problems } = loadText({ text }, 'deep.yaml');
    assert.equal(problems[0]?.ruleId, SYSTEM_RESULT_IDS.parseError);
  });

  test('errors and warnings never quote the input, on the retry path too', () => {
    for (const text of [
      'a:\n  b: [\n    !<!Passw0rd> x,\n  ]\n  c: "Passw0rd\n',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  Passw0rd: a\n  Passw0rd: b\n',
      'a: !!int Passw0rd\nb: !Passw0rd x\n',
    ]) {
      const { problems } = loadText({ text }, 'secret.yaml');
      assert.ok(problems.length > 0);
      for (const problem of problems) assert.doesNotMatch(problem.message, /Passw0rd/);
    }
  });

  test('a document with a directive is not retried: kubectl splits the stream before its document', () => {
    const text = '%TAG !e! tag:example.com,2000:\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: !e!x p}\n';
    const { problems, resources } = loadText({ text }, 'directive.yaml');
    assert.equal(resources.length, 0);
    assert.equal(problems[0]?.ruleId, SYSTEM_RESULT_IDS.parseError);
  });

  test('a control character go-yaml refuses is not let through by the retry', () => {
    const text = 'a:\n  b: [\n    "x\u0007",\n  ]\n';
    const { problems } = loadText({ text }, 'bell.yaml');
    assert.equal(problems[0]?.ruleId, SYSTEM_RESULT_IDS.parseError);
  });
});
