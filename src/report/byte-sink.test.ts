import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ByteSink, encoded } from './byte-sink.js';

const text = (buffers: Buffer[]) => Buffer.concat(buffers).toString('utf8');

describe('ByteSink', () => {
  test('writes integers as String() does, and falls back to it for the others', () => {
    const sink = new ByteSink(8);
    const numbers = [0, 7, 9, 10, 99, 100, 12_345, 2 ** 31, Number.MAX_SAFE_INTEGER, -3, 1.5];
    for (const n of numbers) {
      sink.integer(n);
      sink.bytes(encoded(','));
    }
    assert.equal(text(sink.end()), `${numbers.join(',')},`);
  });

  test('never splits a character between two Buffers, and hands each Buffer over once', () => {
    const sink = new ByteSink(16);
    const pieces = ['{"message":', '"çà et là — ünïcödé 🚀"', ',', encoded('"naïve"'), '}'];
    const taken: Buffer[] = [];
    for (let i = 0; i < 20; i++) {
      for (const piece of pieces) typeof piece === 'string' ? sink.text(piece) : sink.bytes(piece);
      if (sink.ready) taken.push(...sink.take());
    }
    taken.push(...sink.end());
    assert.ok(taken.length > 1, 'the output crossed Buffers');
    for (const buffer of taken) assert.equal(Buffer.from(buffer.toString('utf8')).equals(buffer), true);
    const one = pieces.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join('');
    assert.equal(text(taken), one.repeat(20));
    assert.deepEqual(sink.end(), []);
  });
});
