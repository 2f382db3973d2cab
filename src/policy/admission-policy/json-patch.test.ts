import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyJsonPatch, parsePointer } from './json-patch.js';

const doc = () => ({ metadata: { labels: { a: '1' } }, spec: { list: ['x', 'y'], example: 'Red' } });

describe('JSON Patch (RFC 6902)', () => {
  test('replace sets a member an existing object lacks, as the API server does', () => {
    const result = applyJsonPatch({ spec: {} }, [{ op: 'replace', path: '/spec/nodeName', value: 'node-1' }]);
    assert.deepEqual(result, { ok: true, value: { spec: { nodeName: 'node-1' } } });
  });

  test('add to objects and lists (index and "-"), replace, remove, move, copy', () => {
    const result = applyJsonPatch(doc(), [
      { op: 'add', path: '/metadata/labels/b', value: '2' },
      { op: 'add', path: '/spec/list/0', value: 'w' },
      { op: 'add', path: '/spec/list/-', value: 'z' },
      { op: 'replace', path: '/spec/example', value: 'Green' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'move', from: '/spec/example', path: '/spec/colour' },
      { op: 'copy', from: '/spec/colour', path: '/metadata/labels/colour' },
    ]);
    assert.deepEqual(result, {
      ok: true,
      value: {
        metadata: { labels: { b: '2', colour: 'Green' } },
        spec: { list: ['w', 'x', 'y', 'z'], colour: 'Green' },
      },
    });
  });

  test('a failed test leaves the document as it was and is no error', () => {
    const original = doc();
    const result = applyJsonPatch(original, [
      { op: 'replace', path: '/spec/example', value: 'Blue' },
      { op: 'test', path: '/spec/example', value: 'Red' },
    ]);
    assert.ok(result.ok && 'testFailed' in result);
    assert.equal(result.value, original);
    assert.equal(original.spec.example, 'Red');
  });

  test('pointers unescape ~1 and ~0', () => {
    assert.deepEqual(parsePointer('/metadata/labels/example.com~1env~0x'), ['metadata', 'labels', 'example.com/env~x']);
    const result = applyJsonPatch(doc(), [{ op: 'add', path: '/metadata/labels/example.com~1env', value: 'test' }]);
    assert.ok(result.ok);
    assert.deepEqual((result.value as { metadata: unknown }).metadata, {
      labels: { a: '1', 'example.com/env': 'test' },
    });
  });

  test('every error names the operation and why; nothing is applied', () => {
    const cases: [Parameters<typeof applyJsonPatch>[1], string][] = [
      [
        [{ op: 'remove', path: '/spec/missing' }],
        'operation 0 (remove /spec/missing): the path does not exist (no "missing")',
      ],
      [
        [{ op: 'replace', path: '/spec/missing/deeper', value: 1 }],
        'operation 0 (replace /spec/missing/deeper): the path does not exist (no "missing" in a mapping)',
      ],
      [
        [{ op: 'add', path: '/nope/deeper', value: 1 }],
        'operation 0 (add /nope/deeper): the path does not exist (no "nope" in a mapping)',
      ],
      [
        [{ op: 'add', path: '/spec/list/7', value: 1 }],
        'operation 0 (add /spec/list/7): index 7 is out of bounds (length 2)',
      ],
      [[{ op: 'add', path: '/spec/list/01', value: 1 }], 'operation 0 (add /spec/list/01): "01" is not an array index'],
      [
        [{ op: 'add', path: 'spec', value: 1 }],
        'operation 0 (add spec): "spec" is not a JSON pointer (it must start with /)',
      ],
      [[{ op: 'add', path: '/spec/x' }], 'operation 0 (add /spec/x): needs a value'],
      [
        [{ op: 'move', from: '/spec', path: '/spec/inner' }],
        'operation 0 (move /spec/inner): cannot move a value into itself',
      ],
      [
        [{ op: 'merge', path: '/spec' }],
        'operation 0 (merge /spec): unknown operation "merge"; use add, remove, replace, move, copy or test',
      ],
    ];
    for (const [operations, error] of cases) assert.deepEqual(applyJsonPatch(doc(), operations), { ok: false, error });
  });
});
