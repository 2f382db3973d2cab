import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readOutline } from '../../src/fix/outline.js';
import { readWithPackage } from '../../src/fix/tree.js';
import { seedManifests } from '../fuzz/support.js';

/*
 * The outline reader stands in for the `yaml` package on plain block YAML, so wherever it
 * answers, its tree must be the one the package's nodes convert to: the same kinds, keys, ranges,
 * styles and `:` / `-` offsets (what the editor reads). Texts come from random trees written in several
 * layouts, from the manifests of the repository and their list items, and from both mutated a
 * character at a time so that the reader has to notice what it cannot read.
 */

/** The tree without the text of scalars that are not keys: the editor reads only where they are. */
function keysOnly(node: unknown, isKey = false): unknown {
  if (Array.isArray(node)) return node.map((item) => keysOnly(item));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(node)) {
    if (name === 'value' && (node as { kind: string }).kind === 'scalar') {
      if (isKey) out[name] = value;
    } else out[name] = keysOnly(value, name === 'key');
  }
  return out;
}

function compare(text: string): boolean {
  const outline = readOutline(text);
  if (!outline) return false;
  const tree = readWithPackage(text);
  assert.ok(tree, JSON.stringify(text));
  assert.deepEqual(keysOnly(outline), keysOnly(tree.root), JSON.stringify(text));
  return true;
}

let seed = 5;
function random(n: number): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
}

const WORDS = ['a', 'name', 'app.kubernetes.io/name', 'c0', 'true', '100m', 'nginx:1.27', 'x y', '1.0', 'k_8-s'];

function tree(depth: number): unknown {
  const kind = depth > 3 ? 0 : random(5);
  if (kind <= 1) return random(8) === 0 ? null : WORDS[random(WORDS.length)];
  const size = 1 + random(3);
  if (kind === 2) return Array.from({ length: size }, () => tree(depth + 1));
  return Object.fromEntries(Array.from({ length: size }, (_, i) => [`${WORDS[random(3)]}${i}`, tree(depth + 1)]));
}

/** Block YAML of `value` at `column`, with `step` spaces per level, sequences under keys indented or not. */
function write(value: unknown, column: number, step: number, indented: boolean): string[] {
  const pad = ' '.repeat(column);
  if (Array.isArray(value))
    return value.flatMap((item) => {
      if (item === null || typeof item !== 'object') return [`${pad}- ${item ?? ''}`.trimEnd()];
      const [first = '', ...rest] = write(item, column + 2, step, indented);
      return [`${pad}- ${first.slice(column + 2)}`, ...rest];
    });
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => {
      if (item === null || typeof item !== 'object') return [`${pad}${key}: ${item ?? ''}`.trimEnd()];
      if (Array.isArray(item) && item.length === 0) return [`${pad}${key}:`];
      const child = Array.isArray(item) && !indented ? column : column + step;
      return [`${pad}${key}:`, ...write(item, child, step, indented)];
    });
  return [`${pad}${value ?? ''}`];
}

/** The list items of a text, cut as fragments.ts cuts them: from the dash's line to the end of the item. */
function items(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const dash = /^( *)- /.exec(line);
    if (!dash) return;
    const column = (dash[1] as string).length;
    let end = i + 1;
    while (end < lines.length && /^ *$/.test((lines[end] as string).slice(0, column + 1)) && lines[end] !== '') end++;
    out.push(lines.slice(i, end).join('\n'));
  });
  return out;
}

describe('outline reader', () => {
  const generated: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const value = tree(0);
    const root = value !== null && typeof value === 'object' ? value : { a: value };
    const step = 2 + random(3);
    const indented = random(2) === 0;
    const body = random(3) === 0 ? { list: [root] } : root;
    let text = (random(4) === 0 ? '---\n' : '') + write(body, 0, step, indented).join('\n');
    if (random(2) === 0) text += '\n';
    generated.push(text);
    if (Array.isArray(root)) generated.push(write(root, 2 + random(5), step, indented).join('\n'));
  }
  const real = seedManifests().flatMap((text) => [text, ...items(text)]);

  test('reads generated plain block YAML as the yaml package does', () => {
    const read = generated.filter(compare).length;
    // the rest hold `- - x` or a `-` without content
    assert.ok(read > generated.length / 2, `read ${read} of ${generated.length}`);
  });

  test('reads manifests and their list items as the yaml package does, or not at all', () => {
    const read = real.filter(compare).length;
    assert.ok(read > 1000, `read ${read} of ${real.length}`);
  });

  test('a text changed by one character is read as the yaml package reads it, or not at all', () => {
    const CHARS = [
      ' ',
      '#',
      ':',
      '-',
      '\n',
      "'",
      '"',
      '{',
      '[',
      '&',
      '*',
      '!',
      '|',
      '>',
      '?',
      '\t',
      '\r',
      'x',
      '%',
      ',',
    ];
    let read = 0;
    let tried = 0;
    for (const text of [...generated.slice(0, 600), ...real.filter((_, i) => i % 10 === 0)]) {
      for (let k = 0; k < 6; k++) {
        const at = random(text.length + 1);
        const change = random(3);
        const char = CHARS[random(CHARS.length)] as string;
        const mutated =
          change === 0
            ? text.slice(0, at) + char + text.slice(at)
            : change === 1
              ? text.slice(0, at) + text.slice(at + 1)
              : text.slice(0, at) + char + text.slice(at + 1);
        tried++;
        if (compare(mutated)) read++;
      }
    }
    assert.ok(read > tried / 10 && read < tried, `read ${read} of ${tried}`);
  });

  test('what it leaves to the yaml package', () => {
    for (const text of [
      'a: b # comment\n',
      'a: b\n\nc: d\n',
      'a: "b"\n',
      'a: {b: c}\n',
      'a: |\n  b\n',
      'a: &x b\n',
      'a: !!str b\n',
      'a: b\r\n',
      'a:\tb\n',
      'a: b\n  c\n',
      '-\n  a: b\n',
      '- - a\n',
      '--- a\nb: c\n',
      '---\n---\na: b\n',
      '  a: b\n',
      'a b: c\n',
    ])
      assert.equal(readOutline(text), undefined, JSON.stringify(text));
  });
});
