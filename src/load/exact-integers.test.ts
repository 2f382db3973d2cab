import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exactInteger } from '../core/exact-integers.js';
import { parseYaml } from './parse-yaml.js';

describe('integers beyond 2^53', () => {
  const text = [
    'max: 9223372036854775807',
    'min: -9223372036854775808',
    'hex: 0x7FFF_FFFF_FFFF_FFFF',
    'beyond: 9223372036854775808',
    'small: 12',
    'list: [9007199254740993, 1]',
    'anchor: &n 9007199254740995',
    'alias: *n',
    '9007199254740993: key',
  ].join('\n');
  const [document] = parseYaml(text).documents;
  const value = document!.value as Record<string, unknown>;

  test('every consumer reads numbers, as before', () => {
    assert.equal(value.max, 2 ** 63);
    assert.equal(typeof value.max, 'number');
    assert.deepEqual(value.list, [9007199254740992, 1]);
    assert.equal(JSON.stringify(value.list), '[9007199254740992,1]');
    assert.deepEqual(Object.keys(value).slice(0, 3), ['max', 'min', 'hex']);
  });

  test('the exact value is kept beside the number when it fits in 64 bits', () => {
    assert.equal(exactInteger(value, 'max'), 9223372036854775807n);
    assert.equal(exactInteger(value, 'min'), -9223372036854775808n);
    assert.equal(exactInteger(value, 'hex'), 9223372036854775807n);
    assert.equal(exactInteger(value.list as object, 0), 9007199254740993n);
    assert.equal(exactInteger(value, 'alias'), 9007199254740995n);
    // Beyond int64 the API server reads a double too; small integers need nothing kept.
    assert.equal(exactInteger(value, 'beyond'), undefined);
    assert.equal(exactInteger(value, 'small'), undefined);
  });

  test('a mapping key is the integer as written', () => {
    assert.equal(value['9007199254740993'], 'key');
  });

  test("a document read again with kubectl's leniencies (a repeated key) keeps them exact too", () => {
    const parsed = parseYaml('a: 1\na: 9223372036854775807\nb: [9007199254740993]\n');
    const [lenient] = parsed.documents;
    const read = lenient!.value as Record<string, unknown>;
    assert.equal(read.a, 2 ** 63);
    assert.equal(typeof read.a, 'number');
    assert.equal(exactInteger(read, 'a'), 9223372036854775807n);
    assert.equal(exactInteger(read.b as object, 0), 9007199254740993n);
    assert.equal(JSON.stringify(read), '{"a":9223372036854776000,"b":[9007199254740992]}');
    assert.ok(parsed.problems.some((problem) => problem.kind === 'duplicate-key'));
  });
});
