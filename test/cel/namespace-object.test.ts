/**
 * `namespaceObject` in admission policies is typed as the API server declares it: a field it does
 * not declare is a compile error, the declared times are timestamps (whose values, read from JSON,
 * are strings: reading them as times fails at runtime, as there), and it may be null.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NAMESPACE_TYPE, REQUEST_TYPE } from '../../src/policy/admission-policy/compile.js';
import { createCelEngine, toCelValue, toJs } from '../../src/policy/cel/index.js';

const engine = createCelEngine({ variables: { namespaceObject: NAMESPACE_TYPE, request: REQUEST_TYPE } });
const namespace = {
  metadata: { name: 'shop', uid: 'u-1', labels: { env: 'prod' }, creationTimestamp: '2024-01-01T00:00:00Z' },
  status: { phase: 'Active' },
};

function evaluate(expression: string, value: unknown = namespace) {
  const compiled = engine.compile(expression);
  if (!compiled.ok) return { compile: compiled.error };
  const result = compiled.program.evaluate({ namespaceObject: toCelValue(value), request: toCelValue({}) });
  return result.ok ? { value: toJs(result.value), type: compiled.program.outputType } : { error: result.error };
}

describe('namespaceObject', () => {
  test('declared fields read as their types', () => {
    assert.deepEqual(evaluate("namespaceObject.metadata.labels['env']"), { value: 'prod', type: 'string' });
    assert.deepEqual(evaluate("namespaceObject.status.phase == 'Active'"), { value: true, type: 'bool' });
    assert.equal(evaluate('namespaceObject.metadata.creationTimestamp').type, 'google.protobuf.Timestamp');
  });

  test('a field the declaration lacks is a compile error', () => {
    for (const expression of [
      'namespaceObject.metadata.nam',
      'namespaceObject.metadata.uid',
      'namespaceObject.kind',
      'namespaceObject.spec.finalizer',
      'request.uid',
    ]) {
      assert.equal(evaluate(expression).compile?.kind, 'type', expression);
    }
  });

  test('a declared time holds the JSON string: using it as a time fails at runtime, no JavaScript error', () => {
    const result = evaluate('namespaceObject.metadata.creationTimestamp.getFullYear() > 2000');
    assert.match(result.error?.message ?? '', /^no such overload: 'getFullYear'/);
    assert.equal(evaluate("namespaceObject.metadata.creationTimestamp == '2024'").compile?.kind, 'type');
  });

  test('null for cluster-scoped objects', () => {
    assert.deepEqual(evaluate('namespaceObject == null', null), { value: true, type: 'bool' });
    assert.deepEqual(evaluate('null != namespaceObject', null), { value: false, type: 'bool' });
  });
});
