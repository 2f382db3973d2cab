import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fit, formatColumns, wrapCell } from './columns.js';

const ROWS = [
  ['SUBJECT', 'GRANTED BY', 'RULE'],
  [
    'ServiceAccount kube-system/generic-garbage-collector',
    'ClusterRoleBinding system:controller:generic-garbage-collector → ClusterRole system:controller:generic-garbage-collector rule 0',
    'get,list,watch,patch,update,delete */*',
  ],
  ['Group system:masters', 'ClusterRoleBinding cluster-admin → ClusterRole cluster-admin rule 0', '*/*'],
];

describe('columns', () => {
  test('without a width, one line per row at natural width (as before)', () => {
    const lines = formatColumns(ROWS).trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.ok((lines[1]?.length ?? 0) > 200);
    assert.ok(lines[0]?.startsWith('SUBJECT'.padEnd(ROWS[1]?.[0]?.length ?? 0)));
  });

  test('with a width, rows fit: cells wrap inside their column and no character is lost', () => {
    const natural = ROWS[0]?.map((_, i) => Math.max(...ROWS.map((row) => row[i]?.length ?? 0))) ?? [];
    for (const width of [100, 80, 60]) {
      const lines = formatColumns(ROWS, width).trimEnd().split('\n');
      for (const line of lines) assert.ok(line.length <= width, `${width}: ${line}`);
      // Read each column back, top to bottom, from the lines of each row.
      const widths = fit(natural, width);
      const starts = widths.map((_, i) => widths.slice(0, i).reduce((sum, w) => sum + w + 2, 0));
      const rowStarts = lines.flatMap((line, i) => (/^\S/.test(line) ? [i] : []));
      assert.equal(rowStarts.length, ROWS.length);
      ROWS.forEach((row, r) => {
        const block = lines.slice(rowStarts[r], rowStarts[r + 1]);
        row.forEach((cell, c) => {
          const end = c + 1 < row.length ? (starts[c] ?? 0) + (widths[c] ?? 0) : undefined;
          const read = block.map((l) => l.slice(starts[c], end)).join('');
          assert.equal(read.replace(/\s+/g, ''), cell.replace(/\s+/g, ''), `${width}: ${cell}`);
        });
      });
    }
  });

  test('narrow columns keep their width; the wide ones share the rest', () => {
    assert.deepEqual(fit([4, 4, 50, 50], 80), [4, 4, 33, 33]);
    assert.deepEqual(fit([4, 4, 10], 80), [4, 4, 10]);
    assert.deepEqual(fit([100, 100], 10), [6, 6], 'never below six columns');
  });

  test('cells break after spaces, commas, slashes, colons and hyphens, and cut words longer than the column', () => {
    assert.deepEqual(wrapCell('get,list,watch pods', 9), ['get,list,', 'watch', 'pods']);
    assert.deepEqual(wrapCell('kube-system/a', 12), ['kube-system/', 'a']);
    assert.deepEqual(wrapCell('system:controller:gc', 12), ['system:', 'controller:', 'gc']);
    assert.deepEqual(wrapCell('ServiceAccount ns/name', 16, 2), ['ServiceAccount', '  ns/name']);
    assert.deepEqual(wrapCell('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(wrapCell('', 4), ['']);
  });

  test('terminal control characters in a cell are shown escaped', () => {
    const text = formatColumns([['a\u001b[2Jb', 'c\nd']], 80);
    assert.equal(text, 'a\\u001b[2Jb  c\\u000ad\n');
  });
});
