import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FixOperation } from '../../src/core/rule.js';
import { type DocumentRequest, fixTextPass } from '../../src/fix/fix-text.js';
import { cutFragment, joinFragments, parseChunk } from '../../src/fix/fragments.js';
import { fixText } from '../../src/fix/index.js';
import { editAround } from '../../src/fix/skeleton.js';
import { parseYaml } from '../../src/load/index.js';
import { seedManifests } from '../fuzz/support.js';

/*
 * fixText edits in two ways. The first pass reads plain block YAML with the outline reader,
 * edits fixes outside the list items around them (skeleton.ts) and checks every edit at once, in
 * the final read of the file; the second, which fixText falls back to when that read finds
 * anything wrong, checks each edit on its own and edits the whole document for fixes outside the
 * items. Both must give the same text and the same statuses whenever the first pass succeeds,
 * and on plain block YAML it must succeed: on random fix sets over generated pods, pods without
 * `spec`, `List`s and two-document streams (where the layout is decided inside an item, indents
 * are mixed, fixes touch the lists, the items and the pod around them), and over the repository's
 * manifests.
 */

let seed = 3;
function random(n: number): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
}
const pick = <T>(list: readonly T[]): T => list[random(list.length)] as T;

const VALUES: unknown[] = [
  true,
  'x',
  '1.0',
  'yes',
  42,
  null,
  { a: 1 },
  [],
  {},
  ['ALL'],
  { b: [{ c: 'd' }] },
  'a: b',
  '',
];

/** A pod in plain block YAML with `count` containers; `base` is where its containers list sits. */
function pod(count: number, base: readonly string[], column: number): string[] {
  const step = ' '.repeat(pick([2, 4]));
  const dash = random(2) === 0 ? step : '';
  const pad = ' '.repeat(column);
  const lines = [`${pad}apiVersion: v1`, `${pad}kind: Pod`];
  if (base.length > 0 && random(2) === 0) lines.push(`${pad}metadata:`, `${pad}${step}name: p`);
  const at = base.length > 0 ? `${pad}${step}` : pad;
  if (base.length > 0) lines.push(`${pad}spec:`);
  if (random(2) === 0) lines.push(`${at}hostNetwork: true`);
  lines.push(`${at}containers:`);
  for (let i = 0; i < count; i++) {
    const item = `${at}${dash}`;
    lines.push(`${item}- name: c${i}`, `${item}  image: nginx`);
    if (random(2) === 0) lines.push(`${item}  securityContext:`, `${item}  ${pick([step, '  '])}privileged: true`);
    if (random(3) === 0) lines.push(`${item}  ports:`, `${item}  ${dash}- containerPort: 80`);
  }
  if (random(2) === 0) lines.push(`${at}volumes:`, `${at}${dash}- name: v`);
  return lines;
}

function operations(count: number, base: readonly string[]): FixOperation[] {
  const container = random(count + 1);
  const at = (...path: (string | number)[]) => [...base, ...path];
  const value = pick(VALUES);
  const inside: FixOperation[] = [
    { op: 'set', path: at('containers', container, 'securityContext', 'readOnlyRootFilesystem'), value },
    { op: 'set', path: at('containers', container, 'resources', 'requests', 'cpu'), value: '100m' },
    { op: 'include', path: at('containers', container, 'securityContext', 'capabilities', 'drop'), value: 'ALL' },
    { op: 'remove', path: at('containers', container, 'image') },
    { op: 'remove', path: at('containers', container, 'securityContext') },
    { op: 'set', path: at('containers', container, 'ports', 1), value: { containerPort: 81 } },
  ];
  const around: FixOperation[] = [
    { op: 'set', path: at('automountServiceAccountToken'), value: false },
    { op: 'set', path: at('securityContext', 'seccompProfile', 'type'), value: 'RuntimeDefault' },
    { op: 'set', path: at('hostNetwork'), value },
    { op: 'remove', path: at('hostNetwork') },
    { op: 'remove', path: at('volumes') },
    { op: 'include', path: at('volumes'), value: { name: 'w' } },
    { op: 'set', path: ['metadata', 'labels', 'a'], value },
  ];
  const list: FixOperation[] = [
    { op: 'remove', path: at('containers', container) },
    { op: 'set', path: at('containers', count), value: { name: 'new', image: 'x' } },
    { op: 'set', path: at('containers', container), value },
    { op: 'include', path: at('containers'), value: { name: 'c0', image: 'nginx' } },
  ];
  const kind = random(12);
  const ops = [pick(kind < 6 ? inside : kind < 10 ? around : list)];
  if (random(5) === 0) ops.push({ op: 'set', path: at('containers', random(count), 'tty'), value: true });
  return ops;
}

/** A random file of generated pods and its fix requests. */
function generated(): { text: string; requests: DocumentRequest[] } {
  const count = 1 + random(5);
  const shape = random(4);
  const fixes = () => Array.from({ length: 1 + random(10) }, () => ({ operations: operations(count, base) }));
  const base = shape === 1 ? [] : ['spec'];
  if (shape === 2) {
    // a List: each item's fixes are relative to the item
    const items = [0, 1].map(() => pod(count, base, 2).map((line, i) => (i === 0 ? `- ${line.slice(2)}` : line)));
    const text = ['apiVersion: v1', 'kind: List', 'items:', ...items.flat()].join('\n');
    return { text: `${text}\n`, requests: [0, 1].map((item) => ({ document: 0, item, fixes: fixes() })) };
  }
  if (shape === 3) {
    const text = `${pod(count, base, 0).join('\n')}\n---\n${pod(count, base, 0).join('\n')}\n`;
    return { text, requests: [0, 1].map((document) => ({ document, fixes: fixes() })) };
  }
  const text = pod(count, base, 0).join('\n') + (random(4) === 0 ? '' : '\n');
  return { text, requests: [{ document: 0, fixes: fixes() }] };
}

/** Random fixes on a real manifest: paths that exist, the fields below them, their neighbours. */
function onManifest(text: string): DocumentRequest[] {
  const paths = (value: unknown, at: (string | number)[], out: (string | number)[][]): (string | number)[][] => {
    if (at.length > 0) out.push(at);
    if (Array.isArray(value)) for (const [i, item] of value.entries()) paths(item, [...at, i], out);
    else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) paths(item, [...at, key], out);
    return out;
  };
  return parseYaml(text).documents.flatMap((document) => {
    const all = paths(document.value, [], []);
    if (all.length === 0) return [];
    const fixes = Array.from({ length: 1 + random(6) }, () => {
      const at = pick(all);
      return {
        operations: [
          pick<FixOperation>([
            { op: 'remove', path: at },
            { op: 'set', path: at, value: pick(VALUES) },
            { op: 'set', path: [...at, 'missing', 'deeper'], value: pick(VALUES) },
            { op: 'set', path: [...at.slice(0, -1), 'added'], value: pick(VALUES) },
          ]),
        ],
      };
    });
    return [{ document: document.index, fixes }];
  });
}

describe('fix: the first pass gives what checking every edit gives', () => {
  test('on random fixes of generated plain block YAML, and the first pass succeeds', () => {
    let deferred = 0;
    for (let round = 0; round < 500; round++) {
      const { text, requests } = generated();
      const first = fixTextPass(text, requests, true);
      const second = fixTextPass(text, requests, false);
      // fixText returns the first pass when it succeeds
      assert.deepEqual(first.result, second.result, `${JSON.stringify(text)} ${JSON.stringify(requests)}`);
      if (first.deferred) deferred++;
    }
    assert.ok(deferred > 400, `only ${deferred} first passes deferred a check`);
  });

  test('on random fixes of the repository manifests', () => {
    let same = 0;
    for (const text of seedManifests().filter((_, i) => i % 8 === 0)) {
      if (parseYaml(text).problems.length > 0) continue;
      const requests = onManifest(text);
      const second = fixTextPass(text, requests, false).result;
      assert.deepEqual(fixText(text, requests), second);
      const first = fixTextPass(text, requests, true);
      if (!('error' in first.result)) {
        assert.deepEqual(first.result, second, text);
        same++;
      }
    }
    assert.ok(same > 40, `only ${same} first passes succeeded`);
  });
});

describe('fix: edits around cut list items', () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    'spec:',
    '  containers:',
    '  - name: a',
    '    image: nginx',
    '  - name: b',
    '    image: nginx',
    '  hostNetwork: true',
    '',
  ].join('\n');
  const value = parseYaml(text).documents[0]?.value;
  const cut = (source: string) => {
    const chunk = parseChunk(source);
    assert.ok(chunk);
    return [0, 1].map((i) => {
      const fragment = cutFragment(chunk, ['spec', 'containers', i]);
      assert.ok(fragment);
      return fragment;
    });
  };

  test('a pod-level fix is edited around the items, which move with it', () => {
    const fragments = cut(text);
    (fragments[0] as { text: string }).text += '\n    tty: true';
    const around = editAround(text, fragments, value, [
      { op: 'remove', path: ['spec', 'hostNetwork'] },
      { op: 'set', path: ['metadata', 'labels', 'app'], value: 'web' },
      { op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: true },
    ]);
    assert.ok(around);
    const joined = joinFragments(around.text, fragments);
    assert.ok('text' in joined);
    assert.equal(
      joined.text,
      text
        .replace('  name: p\n', '  name: p\n  labels:\n    app: web\n')
        .replace('    image: nginx\n  - name: b', '    image: nginx\n    tty: true\n  - name: b')
        .replace('  hostNetwork: true\n', '  securityContext:\n    runAsNonRoot: true\n'),
    );
  });

  test('a fix on the list that holds the items, or a layout decided inside an item, is left to the whole document', () => {
    assert.equal(editAround(text, cut(text), value, [{ op: 'remove', path: ['spec', 'containers', 0] }]), undefined);
    assert.equal(editAround(text, cut(text), value, [{ op: 'remove', path: ['spec'] }]), undefined);
    const flat = 'kind: Pod\ncontainers:\n- name: a\n  securityContext:\n    privileged: true\n';
    const chunk = parseChunk(flat);
    const fragment = chunk && cutFragment(chunk, ['containers', 0]);
    assert.ok(fragment);
    const flatValue = parseYaml(flat).documents[0]?.value;
    assert.equal(editAround(flat, [fragment], flatValue, [{ op: 'set', path: ['extra', 'key'], value: 1 }]), undefined);
  });
});
