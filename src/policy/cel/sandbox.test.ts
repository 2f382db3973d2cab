import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { CelSandbox, evaluateIsolated } from './index.js';

describe('sandbox', () => {
  const sandbox = new CelSandbox({ variables: { object: 'dyn' } }, 5000);
  after(() => sandbox.close());

  test('evaluates in a worker and returns plain values', async () => {
    const [sum, name] = await sandbox.evaluate(['object.a + 1', 'object.name'], { object: { a: 41, name: 'x' } });
    assert.deepEqual(sum, { ok: true, value: 42n, cost: 3 });
    assert.equal(name?.ok && name.value, 'x');
  });

  test('a hang ends with a timeout error', async () => {
    const big = Array.from({ length: 3000 }, (_, i) => i);
    const [result] = await evaluateIsolated({
      options: { variables: { big: 'dyn' }, costLimit: 1e15 },
      expressions: ['big.all(x, big.all(y, big.all(z, x + y + z >= 0)))'],
      variables: { big },
      timeoutMs: 300,
    });
    assert.equal(result?.ok, false);
    assert.equal(!result?.ok && result?.error.kind, 'timeout');
  });

  test('compile errors come back as errors', async () => {
    const [result] = await sandbox.evaluate(['object.'], { object: {} });
    assert.equal(!result?.ok && result?.error.kind, 'syntax');
  });
});
