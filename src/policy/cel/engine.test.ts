import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CelEnvOptions, type CelError, createCelEngine, formatCelError, toCelValue, toJs } from './index.js';

const OBJECT: CelEnvOptions = { variables: { object: 'dyn' } };

function run(expression: string, object: unknown = {}, options: CelEnvOptions = OBJECT): unknown {
  const compiled = createCelEngine(options).compile(expression);
  if (!compiled.ok) throw new Error(`${expression}: ${compiled.error.kind}: ${compiled.error.message}`);
  const result = compiled.program.evaluate({ object: toCelValue(object) });
  if (!result.ok) throw new Error(`${expression}: ${result.error.kind}: ${result.error.message}`);
  return toJs(result.value);
}

function compileError(expression: string, options: CelEnvOptions = OBJECT): CelError {
  const compiled = createCelEngine(options).compile(expression);
  assert.equal(compiled.ok, false, `${expression} should not compile`);
  return (compiled as { error: CelError }).error;
}

function runtimeError(expression: string, object: unknown = {}): CelError {
  const compiled = createCelEngine(OBJECT).compile(expression);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const result = compiled.program.evaluate({ object: toCelValue(object) });
  assert.equal(result.ok, false, `${expression} should fail`);
  return (result as { error: CelError }).error;
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    containers: [
      { name: 'app', image: 'registry.example/app:1.2', ports: [{ containerPort: 8080 }, { containerPort: 9090 }] },
      { name: 'proxy', image: 'envoy:1.30', securityContext: { runAsUser: 1000 } },
    ],
  },
};

describe('evaluation', () => {
  test('integers in objects are CEL ints', () => {
    assert.equal(run('object.spec.containers[0].ports[0].containerPort + 1', pod), 8081n);
    assert.equal(run('type(object.spec.containers[1].securityContext.runAsUser) == int', pod), true);
  });

  test('macros, has() and the standard library', () => {
    assert.equal(run("object.spec.containers.all(c, c.image.contains(':'))", pod), true);
    assert.equal(run('object.spec.containers.exists(c, has(c.securityContext))', pod), true);
    assert.equal(run("object.spec.containers.exists_one(c, c.name.startsWith('p'))", pod), true);
    assert.deepEqual(run('object.spec.containers.map(c, c.name)', pod), ['app', 'proxy']);
    assert.deepEqual(run('object.spec.containers.filter(c, has(c.ports)).map(c, c.ports.size())', pod), [2n]);
    assert.equal(run("'web' in object.metadata.labels.map(k, object.metadata.labels[k])", pod), true);
  });

  test('optional types', () => {
    assert.equal(run('object.metadata.?annotations.orValue({}).size()', pod), 0n);
    assert.equal(run('object.spec.containers[1].?securityContext.?runAsUser.orValue(0)', pod), 1000n);
    assert.equal(run("object.metadata.labels[?'missing'].hasValue()", pod), false);
    assert.deepEqual(run('[?object.metadata.?name, ?optional.none()]', pod), ['web']);
  });

  test('two-variable comprehensions', () => {
    assert.equal(run("object.metadata.labels.all(k, v, k.size() > 2 && v != '')", pod), true);
    assert.deepEqual(run('object.spec.containers.transformList(i, c, i)', pod), [0n, 1n]);
    assert.deepEqual(run("object.metadata.labels.transformMap(k, v, v + '!')", pod), { app: 'web!', tier: 'front!' });
  });

  test('errors are values that && and || absorb, as in cel-go', () => {
    assert.equal(run('object.missing == 1 || true'), true);
    assert.equal(run('false && object.missing == 1'), false);
    assert.equal(runtimeError('object.missing == 1').kind, 'runtime');
  });

  test('runtime errors carry the position of the failing node', () => {
    const error = runtimeError('1 +\n  object.spec.nope', pod);
    assert.equal(error.kind, 'runtime');
    assert.match(error.message, /no such key: nope/);
    assert.deepEqual([error.line, error.column], [2, 15]);
  });
});

describe('compile errors', () => {
  test('syntax errors give line and column', () => {
    const error = compileError('object.spec.containers.all(c,\n  c.name ==)');
    assert.equal(error.kind, 'syntax');
    assert.deepEqual([error.line, error.column], [2, 12]);
  });

  test('formatCelError shows the line and a caret', () => {
    const expression = "object.metadata.name.frobnicate('x')";
    const text = formatCelError(compileError(expression), expression, 'policy restrict-names, validations[0]');
    assert.equal(
      text,
      "policy restrict-names, validations[0]:1:22: undeclared reference to 'frobnicate'\n | object.metadata.name.frobnicate('x')\n |                      ^",
    );
  });

  test('unknown functions', () => {
    const error = compileError("object.metadata.name.frobnicate('x')");
    assert.equal(error.kind, 'unknown-function');
    assert.match(error.message, /frobnicate/);
    assert.equal(error.column, 22);
  });

  test('type errors', () => {
    const error = compileError("1 + 'a'");
    assert.equal(error.kind, 'type');
    assert.match(error.message, /found no matching overload for '_\+_' applied to '\(int, string\)'/);
    assert.equal(error.column, 3);
    assert.equal(compileError('[1, "a"]').kind, 'type');
    assert.equal(compileError('undeclared.x').kind, 'type');
    assert.equal(compileError('object.items.all(x, 1)').kind, 'type');
  });

  test('declared object types reject unknown fields', () => {
    const options: CelEnvOptions = {
      variables: {
        request: {
          kind: 'object',
          name: 'kubernetes.AdmissionRequest',
          fields: { name: 'string', namespace: 'string' },
        },
      },
    };
    assert.equal(createCelEngine(options).compile("request.name == 'x'").ok, true);
    assert.match(compileError('request.namex', options).message, /undefined field 'namex'/);
  });

  test('literal validation (1.29+)', () => {
    assert.equal(compileError("duration('1 hour')").kind, 'type');
    assert.equal(compileError("'abc'.matches('[')").kind, 'type');
    assert.equal(createCelEngine({ ...OBJECT, kubernetesVersion: 'v1.28' }).compile("'abc'.matches('[')").ok, true);
  });
});

describe('Kubernetes versions', () => {
  const at = (version: string): CelEnvOptions => ({ ...OBJECT, kubernetesVersion: version });

  test('a library is available from the version that introduced it', () => {
    for (const [expression, since] of [
      ["authorizer_free_quantity('1')", 0],
      ["quantity('1').isInteger()", 28],
      ['optional.of(1).hasValue()', 28],
      ['sets.contains([1], [1])', 29],
      ["ip('10.0.0.1').family() == 4", 30],
      ["cidr('10.0.0.0/8').containsIP('10.1.2.3')", 30],
      ["format.dns1123Label().validate('a').hasValue()", 31],
      ['[1].all(i, v, v > 0)', 32],
      ["semver('1.2.3').major() == 1", 33],
    ] as const) {
      if (since === 0) continue;
      assert.equal(createCelEngine(at(`v1.${since}`)).compile(expression).ok, true, `${expression} at v1.${since}`);
      const error = compileError(expression, at(`v1.${since - 1}`));
      assert.equal(error.kind, 'unknown-function', expression);
      assert.match(
        error.message,
        new RegExp(`needs Kubernetes v1\\.${since}.*target is v1\\.${since - 1}`),
        expression,
      );
    }
  });

  test('optional syntax needs 1.28', () => {
    assert.match(compileError('object.?x', at('v1.27')).message, /needs Kubernetes v1\.28/);
  });

  test('an invalid version is a usage error', () => {
    assert.throws(() => createCelEngine(at('banana')), /invalid kubernetesVersion/);
    assert.equal(createCelEngine(at('1.30.2')).kubernetesVersion, 'v1.30');
  });
});
