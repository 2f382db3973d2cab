import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseYaml } from '../../load/parse-yaml.js';
import { createCelEngine, lazyMap, toCelValue, toJs, toJson } from './index.js';

const engine = createCelEngine({ variables: { object: 'dyn', variables: 'map(string, dyn)' } });

function value(expression: string, object: unknown): unknown {
  const compiled = engine.compile(expression);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const result = compiled.program.evaluate({ object: toCelValue(object) });
  if (!result.ok) throw new Error(result.error.message);
  return toJs(result.value);
}

describe('toCelValue', () => {
  test('converts an object once: the same object gives the same value', () => {
    const pod = { spec: { containers: [{ name: 'a' }] } };
    assert.equal(toCelValue(pod), toCelValue(pod));
  });

  test('whole numbers are ints, others doubles; bigint stays int', () => {
    assert.equal(
      value('type(object.a) == int && type(object.b) == double && type(object.c) == int', { a: 3, b: 2.5, c: 7n }),
      true,
    );
    assert.equal(value('object.a + 1', { a: 41 }), 42n);
  });

  test('integers beyond 2^53 read from a manifest are exact int64s, with overflow errors', () => {
    const [document] = parseYaml('big: 9223372036854775807\nlist: [-9223372036854775808]\n').documents;
    const object = document!.value;
    assert.equal(value('object.big == 9223372036854775807 && object.big - 1 == 9223372036854775806', object), true);
    assert.equal(value('object.list[0] == -9223372036854775808', object), true);
    const compiled = engine.compile('object.big + 1');
    assert.ok(compiled.ok);
    const result = compiled.program.evaluate({ object: toCelValue(object) });
    assert.ok(!result.ok && /overflow/.test(result.error.message), 'int64 overflow, as the API server');
  });

  test('with an OpenAPI schema: number fields are doubles, formats become CEL types', () => {
    const schema = {
      type: 'object' as const,
      properties: {
        ratio: { type: 'number' as const },
        when: { type: 'string' as const, format: 'date-time' },
        ttl: { type: 'string' as const, format: 'duration' },
        port: { 'x-kubernetes-int-or-string': true },
      },
    };
    const object = { ratio: 1, when: '2024-05-01T10:00:00Z', ttl: '90s', port: 8080 };
    const compiled = engine.compile(
      "type(object.ratio) == double && object.when + object.ttl == timestamp('2024-05-01T10:01:30Z') && object.port == 8080",
    );
    assert.ok(compiled.ok);
    const result = compiled.program.evaluate({ object: toCelValue(object, schema) });
    assert.ok(result.ok && toJs(result.value) === true);
  });

  test('plain data in the activation is converted on first use; CEL values pass through', () => {
    const compiled = engine.compile('object.spec.replicas * 2');
    assert.ok(compiled.ok);
    const result = compiled.program.evaluate({ object: { spec: { replicas: 3 } } });
    assert.ok(result.ok && toJs(result.value) === 6n);
    const converted = toCelValue({ a: 1 });
    assert.equal(toCelValue(converted), converted);
  });

  test('quantities stay strings', () => {
    assert.equal(
      value("object.cpu == '500m' && quantity(object.cpu).isLessThan(quantity('1'))", { cpu: '500m' }),
      true,
    );
  });

  test('toJson turns ints into numbers and maps into objects', () => {
    const compiled = engine.compile("{'a': [1, 2], 'b': [3]}");
    assert.ok(compiled.ok);
    const result = compiled.program.evaluate({});
    assert.ok(result.ok);
    assert.deepEqual(toJson(result.value), { a: [1, 2], b: [3] });
  });

  test('lazyMap evaluates an entry on first use, once', () => {
    let calls = 0;
    const variables = lazyMap(['x', 'broken'], (key) => {
      calls++;
      return key === 'x' ? { ok: true, value: toCelValue(5) } : { ok: false, error: { message: 'boom' } };
    });
    const compiled = engine.compile('variables.x + variables.x');
    assert.ok(compiled.ok);
    const result = compiled.program.evaluate({ variables });
    assert.ok(result.ok && toJs(result.value) === 10n);
    assert.equal(calls, 1);
    const failing = engine.compile('variables.broken == 1');
    assert.ok(failing.ok);
    const error = failing.program.evaluate({ variables });
    assert.ok(!error.ok && /boom/.test(error.error.message));
  });
});
