import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { redact } from '../../src/core/redact.js';
import { diffLines } from '../../src/fix/unified-diff.js';
import {
  credentialByShape,
  isLiteralCredential,
  keyWords,
  scanText,
  sensitiveKey,
} from '../../src/rules/hardcoded-credentials/detect.js';
import { MARKER } from '../hostile/inputs.js';
import { params, TIME_BOUND_MS } from './support.js';

/*
 * The pieces that read input text character by character: each is linear (a long value built of a
 * pattern's own characters ends within the time bound) and keeps its meaning (checked against a
 * plain reference).
 */

/** Units that make a backtracking pattern restart on every character of a run. */
const UNITS = [
  'a.',
  'eyJ-',
  '${',
  '{{',
  '#{',
  'a://',
  'a://x:',
  'A',
  'aA',
  'A_',
  'a:b@',
  '\n ',
  'kind: Config\n',
  'github_pat_',
  'glpat-',
  '-',
];

test('credential detection ends within the bound on 200 kB of any pattern character', () => {
  fc.assert(
    fc.property(fc.constantFrom(...UNITS), fc.constantFrom('', ' eyJ', ' kind: Config', '://'), (unit, tail) => {
      const value = unit.repeat(Math.ceil(200_000 / unit.length)) + tail;
      const started = performance.now();
      credentialByShape(value);
      scanText(value);
      isLiteralCredential(value, { secretNamed: true });
      sensitiveKey(value);
      assert.ok(
        performance.now() - started < TIME_BOUND_MS,
        `${JSON.stringify(unit)}: ${performance.now() - started} ms`,
      );
    }),
    params(16),
  );
});

test('key words: the same split as the two camel-case regular expressions they replace', () => {
  const reference = (key: string) =>
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  fc.assert(
    fc.property(fc.stringMatching(/^[aAbBzZ09_.\- xX]{0,16}$/), (key) => {
      assert.deepEqual(keyWords(key), reference(key));
    }),
    params(700),
  );
});

test('the diff rebuilds both sides exactly', () => {
  const lines = fc.array(fc.constantFrom('a', 'b', 'c', '  - name: x', 'd', ''), { maxLength: 40 });
  fc.assert(
    fc.property(lines, lines, (a, b) => {
      const edits = diffLines(a, b);
      assert.deepEqual(
        edits.filter((e) => e.kind !== '+').map((e) => a[e.a]),
        a,
      );
      assert.deepEqual(
        edits.filter((e) => e.kind !== '-').map((e) => (e.kind === '+' ? b[e.b] : a[e.a])),
        b,
      );
    }),
    params(500),
  );
});

test('redaction: nothing quoted, tagged or aliased survives', () => {
  const wrap = fc.constantFrom(
    (s: string) => `"${s}"`,
    (s: string) => `'${s}'`,
    (s: string) => `!<${s}>`,
    (s: string) => `*${s}`,
    (s: string) => `&${s}`,
    (s: string) => `!${s}`,
    (s: string) => `"${s}`,
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), wrap, fc.string({ maxLength: 20 }), (before, quote, after) => {
      const message = `${before.replace(/["'`!*&\n]/g, '')} ${quote(MARKER)} ${after}`;
      assert.ok(!redact(message).includes(MARKER), message);
    }),
    params(500),
  );
});
