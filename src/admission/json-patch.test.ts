import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonPatch, type PatchOperation } from './json-patch.js';

/** RFC 6902 add/replace/remove applied to a copy: what the API server does with the patch. */
function apply(document: unknown, patch: readonly PatchOperation[]): unknown {
  const root = { value: structuredClone(document) } as Record<string, unknown>;
  for (const op of patch) {
    const tokens = [
      'value',
      ...op.path
        .split('/')
        .slice(1)
        .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~')),
    ];
    let node = root as Record<string, unknown>;
    for (const token of tokens.slice(0, -1)) node = node[token] as Record<string, unknown>;
    const last = tokens[tokens.length - 1] as string;
    if (op.op === 'remove') {
      if (Array.isArray(node)) node.splice(Number(last), 1);
      else delete node[last];
    } else if (op.op === 'add' && Array.isArray(node)) node.splice(Number(last), 0, op.value);
    else node[last] = op.value;
  }
  return root.value;
}

describe('jsonPatch', () => {
  test('turns before into after: fields added, replaced, removed, keys escaped', () => {
    const before = { a: 1, b: { c: [1, 2], 'x/y~z': 'old' }, gone: true };
    const after = { a: 2, b: { c: [1, 3], 'x/y~z': 'new', d: { e: null } } };
    const patch = jsonPatch(before, after);
    assert.deepEqual(apply(before, patch), after);
    assert.ok(patch.some((op) => op.path === '/b/x~1y~0z'));
    assert.deepEqual(jsonPatch(before, structuredClone(before)), []);
  });

  test('a list that changed length is replaced whole', () => {
    const before = { spec: { containers: [{ name: 'a' }] } };
    const after = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    assert.deepEqual(jsonPatch(before, after), [
      { op: 'replace', path: '/spec/containers', value: after.spec.containers },
    ]);
  });
});
