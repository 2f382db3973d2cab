import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareStrings, goQuote, plural, quoteList, sortedList } from '../../src/pss/format.js';

describe('message formatting', () => {
  test('quoteList wraps items in quotes without escaping them, as upstream does', () => {
    assert.equal(quoteList([]), '');
    assert.equal(quoteList(['a']), '"a"');
    assert.equal(quoteList(['a', 'b="c"']), '"a", "b="c""');
  });

  test('plural picks the singular for exactly one', () => {
    assert.equal(plural('volume', 'volumes', 1), 'volume');
    assert.equal(plural('volume', 'volumes', 0), 'volumes');
    assert.equal(plural('volume', 'volumes', 2), 'volumes');
  });

  test('goQuote quotes like Go %q', () => {
    assert.equal(goQuote('unconfined'), '"unconfined"');
    assert.equal(goQuote(''), '""');
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('tab\there\nnl'), '"tab\\there\\nnl"');
    assert.equal(goQuote('\u0001\u007f'), '"\\x01\\x7f"');
    assert.equal(goQuote('\u0085'), '"\\u0085"');
    assert.equal(goQuote('é✓'), '"é✓"');
  });

  test('sorting follows Go byte order: upper case before lower, astral after the BMP', () => {
    assert.deepEqual(sortedList(['b', 'B', 'a', 'A']), ['A', 'B', 'a', 'b']);
    assert.deepEqual(sortedList(['9', '80', '10000']), ['10000', '80', '9']);
    assert.ok(compareStrings('\uffff', '\u{1f600}') < 0);
    assert.ok(compareStrings('ab', 'a') > 0);
    assert.equal(compareStrings('same', 'same'), 0);
  });
});
