import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { storedAs } from './etcd.js';

describe('storedAs', () => {
  test('names the provider and key of an envelope, and plaintext otherwise', () => {
    const bytes = (text: string) => Buffer.from(text, 'latin1');
    assert.equal(storedAs(bytes('k8s:enc:aescbc:v1:key1:\x8a\x01\x02')), 'aescbc key1');
    assert.equal(storedAs(bytes('k8s:enc:secretbox:v1:key2:\x00')), 'secretbox key2');
    assert.equal(storedAs(bytes('k8s:enc:kms:v2:vault:\n\x12')), 'kms v2 vault');
    assert.equal(storedAs(bytes('k8s\x00\n\x0c\n\x02v1\x12\x06Secret')), 'plaintext');
    assert.equal(storedAs(bytes('{"kind":"Secret"}')), 'plaintext');
    assert.equal(storedAs(bytes('')), 'plaintext');
    assert.equal(storedAs(bytes('k8s:enc:')), 'encrypted');
  });
});
