import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { outputWidth } from './width.js';

describe('output width', () => {
  test('COLUMNS wins over the terminal; the terminal counts only when there is one', () => {
    assert.equal(outputWidth('80', 200), 80);
    assert.equal(outputWidth(' 132 ', undefined), 132);
    assert.equal(outputWidth(undefined, 100), 100);
  });

  test('no COLUMNS and no terminal: no width, tables keep their full layout', () => {
    assert.equal(outputWidth(undefined, undefined), undefined);
    assert.equal(outputWidth('', undefined), undefined);
  });

  test('a COLUMNS that is not a positive number is ignored', () => {
    for (const junk of ['0', '-5', 'wide', '80px', '1e3', '999999']) assert.equal(outputWidth(junk, 90), 90, junk);
    assert.equal(outputWidth('abc', undefined), undefined);
  });
});
