import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyJsonPatch, type PatchOperation } from './json-patch.js';

const doc = () => ({ metadata: { labels: { a: '1' } }, spec: { list: ['x', 'y'], example: 'Red', empty: null } });
const patched = (operations: PatchOperation[]) => {
  const result = applyJsonPatch(doc(), operations);
  assert.ok(result.ok && !('testFailed' in result), JSON.stringify(result));
  return result.value as ReturnType<typeof doc>;
};

describe('JSON Patch (RFC 6902, as the API server applies it)', () => {
  test('replace sets a member an existing object lacks, as the API server does', () => {
    const result = applyJsonPatch({ spec: {} }, [{ op: 'replace', path: '/spec/nodeName', value: 'node-1' }]);
    assert.deepEqual(result, { ok: true, value: { spec: { nodeName: 'node-1' } } });
  });

  test('add to objects and lists (index and "-"), replace, remove, move, copy', () => {
    const value = patched([
      { op: 'add', path: '/metadata/labels/b', value: '2' },
      { op: 'add', path: '/spec/list/0', value: 'w' },
      { op: 'add', path: '/spec/list/-', value: 'z' },
      { op: 'replace', path: '/spec/example', value: 'Green' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'move', from: '/spec/example', path: '/spec/colour' },
      { op: 'copy', from: '/spec/colour', path: '/metadata/labels/colour' },
    ]);
    assert.deepEqual(value, {
      metadata: { labels: { b: '2', colour: 'Green' } },
      spec: { list: ['w', 'x', 'y', 'z'], colour: 'Green', empty: null },
    });
  });

  test('list indices are Go integers: a sign, leading zeros, and negative ones counting from the end', () => {
    assert.deepEqual(patched([{ op: 'add', path: '/spec/list/-1', value: 'z' }]).spec.list, ['x', 'y', 'z']);
    assert.deepEqual(patched([{ op: 'add', path: '/spec/list/-3', value: 'w' }]).spec.list, ['w', 'x', 'y']);
    assert.deepEqual(patched([{ op: 'remove', path: '/spec/list/-1' }]).spec.list, ['x']);
    assert.deepEqual(patched([{ op: 'replace', path: '/spec/list/01', value: 'Y' }]).spec.list, ['x', 'Y']);
    assert.deepEqual(patched([{ op: 'replace', path: '/spec/list/+0', value: 'X' }]).spec.list, ['X', 'y']);
    assert.deepEqual(patched([{ op: 'copy', from: '/spec/list/-2', path: '/spec/first' }]).spec, {
      ...doc().spec,
      first: 'x',
    });
  });

  test('a missing value is null; copying a member the object lacks copies null', () => {
    assert.equal(patched([{ op: 'add', path: '/spec/x' }]).spec.example, 'Red');
    assert.deepEqual(patched([{ op: 'add', path: '/spec/x' }]).spec, { ...doc().spec, x: null });
    assert.deepEqual(patched([{ op: 'copy', from: '/spec/absent', path: '/spec/x' }]).spec, { ...doc().spec, x: null });
  });

  test('a failed test leaves the document as it was and is no error', () => {
    const original = doc();
    const result = applyJsonPatch(original, [
      { op: 'replace', path: '/spec/example', value: 'Blue' },
      { op: 'test', path: '/spec/example', value: 'Red' },
    ]);
    assert.deepEqual(result, {
      ok: true,
      value: original,
      testFailed: 'testing value /spec/example failed: test failed',
    });
    assert.equal(original.spec.example, 'Red');
    // A null or missing member passes only a test that sets no value.
    for (const path of ['/spec/empty', '/spec/absent']) {
      assert.ok(!('testFailed' in applyJsonPatch(doc(), [{ op: 'test', path }])));
      assert.ok('testFailed' in applyJsonPatch(doc(), [{ op: 'test', path, value: null }]));
    }
    assert.ok(!('testFailed' in applyJsonPatch(doc(), [{ op: 'test', path: '', value: doc() }])));
  });

  test('pointers unescape ~1 and ~0', () => {
    const value = patched([{ op: 'add', path: '/metadata/labels/example.com~1env~0x', value: 'test' }]);
    assert.deepEqual(value.metadata, { labels: { a: '1', 'example.com/env~x': 'test' } });
  });

  test('a key such as __proto__ is a member like any other', () => {
    const value = patched([{ op: 'add', path: '/metadata/labels/__proto__', value: 'x' }]);
    assert.equal(Object.getPrototypeOf(value.metadata.labels), Object.prototype);
    assert.deepEqual(Object.keys(value.metadata.labels), ['a', '__proto__']);
  });

  test('every failure is worded as the API server words it (evanphx/json-patch v4); nothing is applied', () => {
    const invalid = (i: number) => `Unable to access invalid index: ${i}: invalid index referenced`;
    const cases: [PatchOperation, string][] = [
      [
        { op: 'add', path: '/nope/deeper', value: 1 },
        'add operation does not apply: doc is missing path: "/nope/deeper": missing value',
      ],
      [
        { op: 'add', path: 'spec', value: 1 },
        'add operation does not apply: doc is missing path: "spec": missing value',
      ],
      [
        { op: 'add', path: '/spec/example/x', value: 1 },
        'add operation does not apply: doc is missing path: "/spec/example/x": missing value',
      ],
      [{ op: 'add', path: '/spec/list/7', value: 1 }, `error in add for path: '/spec/list/7': ${invalid(7)}`],
      [{ op: 'add', path: '/spec/list/-4', value: 1 }, `error in add for path: '/spec/list/-4': ${invalid(-4)}`],
      [
        { op: 'add', path: '/spec/list/x', value: 1 },
        `error in add for path: '/spec/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
      ],
      [
        { op: 'add', path: '/spec/list/99999999999999999999', value: 1 },
        `error in add for path: '/spec/list/99999999999999999999': value was not a proper array index: '99999999999999999999': strconv.Atoi: parsing "99999999999999999999": value out of range`,
      ],
      [
        { op: 'remove', path: '/spec/missing' },
        "error in remove for path: '/spec/missing': Unable to remove nonexistent key: missing: missing value",
      ],
      [
        { op: 'remove', path: '/spec/a~1b' },
        "error in remove for path: '/spec/a~1b': Unable to remove nonexistent key: a/b: missing value",
      ],
      [
        { op: 'remove', path: '/status/x' },
        'remove operation does not apply: doc is missing path: "/status/x": missing value',
      ],
      [{ op: 'remove', path: '' }, 'remove operation does not apply: doc is missing path: "": missing value'],
      [{ op: 'remove', path: '/spec/list/2' }, `error in remove for path: '/spec/list/2': ${invalid(2)}`],
      [{ op: 'remove', path: '/spec/list/-3' }, `error in remove for path: '/spec/list/-3': ${invalid(-3)}`],
      [
        { op: 'remove', path: '/spec/list/-' },
        `error in remove for path: '/spec/list/-': strconv.Atoi: parsing "-": invalid syntax`,
      ],
      [
        { op: 'replace', path: '/spec/missing/deeper', value: 1 },
        'replace operation does not apply: doc is missing path: /spec/missing/deeper: missing value',
      ],
      [
        { op: 'replace', path: '/spec/list/2', value: 1 },
        'replace operation does not apply: doc is missing key: /spec/list/2: missing value',
      ],
      [
        { op: 'replace', path: '/spec/list/-', value: 1 },
        'replace operation does not apply: doc is missing key: /spec/list/-: missing value',
      ],
      [{ op: 'replace', path: '', value: 'x' }, 'replace operation value must be object or array: %!w(<nil>)'],
      [
        { op: 'move', path: '/spec/x' },
        'move operation failed to decode from: operation, missing from field: missing value',
      ],
      [
        { op: 'move', from: '/status/x', path: '/spec/x' },
        'move operation does not apply: doc is missing from path: /status/x: missing value',
      ],
      [
        { op: 'move', from: '/spec/absent', path: '/spec/x' },
        "error in move for path: 'absent': Unable to remove nonexistent key: absent: missing value",
      ],
      [{ op: 'move', from: '/spec/list/5', path: '/spec/x' }, `error in move for path: '5': ${invalid(5)}`],
      [
        { op: 'move', from: '/spec', path: '/spec/inner' },
        'move operation does not apply: doc is missing destination path: /spec/inner: missing value',
      ],
      [
        { op: 'move', from: '/spec/example', path: '/spec/list/9' },
        `error in move for path: '/spec/list/9': ${invalid(9)}`,
      ],
      [
        { op: 'copy', path: '/spec/x' },
        'copy operation failed to decode from: operation, missing from field: missing value',
      ],
      [
        { op: 'copy', from: '/status/x', path: '/spec/x' },
        'copy operation does not apply: doc is missing from path: /status/x: missing value',
      ],
      [{ op: 'copy', from: '/spec/list/9', path: '/spec/x' }, `error in copy for from: '/spec/list/9': ${invalid(9)}`],
      [
        { op: 'copy', from: '/spec/example', path: '/status/x' },
        'copy operation does not apply: doc is missing destination path: /status/x: missing value',
      ],
      [
        { op: 'copy', from: '/spec/example', path: '/spec/list/9' },
        `error while adding value during copy: ${invalid(9)}`,
      ],
      [
        { op: 'test', path: '/status/x', value: 1 },
        'test operation does not apply: is missing path: /status/x: missing value',
      ],
      [{ op: 'test', path: '/spec/list/9', value: 1 }, `error in test for path: '/spec/list/9': ${invalid(9)}`],
      [{ op: 'merge', path: '/spec' }, 'Unexpected kind: merge'],
      [{ op: 'ADD', path: '/spec/x', value: 1 }, 'Unexpected kind: ADD'],
    ];
    for (const [operation, error] of cases) {
      const original = doc();
      assert.deepEqual(applyJsonPatch(original, [{ op: 'add', path: '/spec/first', value: 1 }, operation]), {
        ok: false,
        error,
      });
      assert.deepEqual(original, doc());
    }
  });

  test('copies may add at most 3 MiB in one patch, as the API server allows', () => {
    const big = { metadata: {}, spec: { blob: 'x'.repeat(1024 * 1024) } };
    const copies = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ op: 'copy', from: '/spec/blob', path: `/metadata/c${i}` }));
    assert.ok(applyJsonPatch(big, copies(2)).ok);
    assert.deepEqual(applyJsonPatch(big, copies(3)), {
      ok: false,
      error:
        'Unable to complete the copy, the accumulated size increase of copy is 3145734, exceeding the limit 3145728',
    });
  });
});
