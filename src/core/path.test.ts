import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatPath } from './path.js';
import { formatMessage } from './rule.js';

describe('formatPath', () => {
  test('writes dotted keys, [i] indices and ["key"] for keys that are not identifiers', () => {
    assert.equal(formatPath([]), '');
    assert.equal(formatPath(['spec', 'containers', 0, 'securityContext']), 'spec.containers[0].securityContext');
    assert.equal(
      formatPath(['metadata', 'annotations', 'rampart.dev/ignore']),
      'metadata.annotations["rampart.dev/ignore"]',
    );
    assert.equal(formatPath([0, 'a']), '[0].a');
    assert.equal(formatPath(['0', 'a']), '["0"].a', 'a string key is not an index');
    assert.equal(formatPath(['', 'a']), '[""].a');
    assert.equal(formatPath(['a"b', 'c']), '["a\\"b"].c');
  });

  test('one path, one string: asked again, and past the point where it stops remembering', () => {
    const path = ['spec', 'template', 'spec', 'containers', 1, 'resources'];
    assert.equal(formatPath(path), formatPath([...path]));
    // Keys from input are many: the remembered tree stops growing, the answers stay right.
    for (let i = 0; i < 25_000; i++)
      assert.equal(formatPath(['metadata', 'labels', `k${i}.x`]), `metadata.labels["k${i}.x"]`);
    assert.equal(formatPath(['metadata', 'labels', 'new-key', 3]), 'metadata.labels.new-key[3]');
  });
});

describe('formatMessage', () => {
  test('fills placeholders, keeps unknown ones visible, and gives the same text for the same data', () => {
    const template = 'container {{name}} runs as {{uid}} ({{missing}})';
    assert.equal(formatMessage(template, { name: '"app"', uid: 0 }), 'container "app" runs as 0 ({{missing}})');
    assert.equal(formatMessage(template, { name: '"app"', uid: '0' }), 'container "app" runs as 0 ({{missing}})');
    assert.equal(formatMessage(template, { name: '"db"', uid: 0 }), 'container "db" runs as 0 ({{missing}})');
    assert.equal(
      formatMessage(template, { name: '"app"', uid: 0, missing: 'x' }),
      'container "app" runs as 0 (x)',
      'a placeholder given later is not the one remembered missing',
    );
    assert.equal(formatMessage('no placeholder'), 'no placeholder');
    for (let i = 0; i < 25_000; i++) assert.equal(formatMessage('image {{image}}', { image: `i${i}` }), `image i${i}`);
  });
});
