import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { unifiedDiff } from './unified-diff.js';

const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}\n`).join('');

describe('unified diff', () => {
  test('headers, one hunk with three lines of context, GNU ranges', () => {
    const before = lines(10);
    const after = before.replace('line 5\n', 'line five\n');
    assert.equal(
      unifiedDiff(before, after, 'a.yaml', 'a.yaml'),
      '--- a.yaml\n+++ a.yaml\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n',
    );
  });

  test('changes close together share a hunk; far apart they do not', () => {
    const before = lines(30);
    const near = before.replace('line 5\n', 'x\n').replace('line 11\n', 'y\n');
    assert.equal(unifiedDiff(before, near, 'f', 'f').match(/^@@/gm)?.length, 1);
    const far = before.replace('line 5\n', 'x\n').replace('line 25\n', 'y\n');
    assert.deepEqual(unifiedDiff(before, far, 'f', 'f').match(/^@@.*@@$/gm), ['@@ -2,7 +2,7 @@', '@@ -22,7 +22,7 @@']);
  });

  test('insertions at the start and the end, and an empty range', () => {
    assert.equal(unifiedDiff('a\n', 'x\na\n', 'f', 'f'), '--- f\n+++ f\n@@ -1 +1,2 @@\n+x\n a\n');
    assert.equal(unifiedDiff('', 'a\n', 'f', 'f'), '--- f\n+++ f\n@@ -0,0 +1 @@\n+a\n');
    assert.equal(unifiedDiff('a\n', 'a\nb\n', 'f', 'f'), '--- f\n+++ f\n@@ -1 +1,2 @@\n a\n+b\n');
  });

  test('a missing final line break is marked', () => {
    assert.equal(
      unifiedDiff('a\nb', 'a\nb\nc', 'f', 'f'),
      '--- f\n+++ f\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n',
    );
  });

  test('no change, no diff', () => assert.equal(unifiedDiff('a\n', 'a\n', 'f', 'f'), ''));

  const patchAvailable = spawnSync('patch', ['--version']).status === 0;
  test('patch(1) turns the old text into the new one, CRLF and all', {
    skip: patchAvailable ? false : 'patch(1) is not installed',
  }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-diff-'));
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 40; round++) {
      const eol = round % 4 === 0 ? '\r\n' : '\n';
      const source = Array.from({ length: 5 + random(40) }, () => `l${random(6)}`);
      const target = [...source];
      for (let k = random(6); k >= 0; k--) {
        const at = random(target.length + 1);
        const choice = random(3);
        if (choice === 0) target.splice(at, 1);
        else if (choice === 1) target.splice(at, 0, `new${random(9)}`);
        else target[at] = `changed${random(9)}`;
      }
      const before = source.join(eol) + (round % 5 === 0 ? '' : eol);
      const after = target.join(eol) + (round % 7 === 0 ? '' : eol);
      const file = path.join(dir, 'f.yaml');
      writeFileSync(file, before);
      const diff = unifiedDiff(before, after, 'f.yaml', 'f.yaml');
      const run = spawnSync('patch', ['-p0', '--quiet', '--no-backup-if-mismatch', '--binary'], {
        cwd: dir,
        input: diff,
      });
      assert.equal(run.status, 0, `${run.stderr}\n${diff}`);
      assert.equal(readFileSync(file, 'utf8'), after, diff);
    }
  });
});
