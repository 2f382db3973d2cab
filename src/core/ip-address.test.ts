import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bigintToBytes, bytesToBigint, formatIpBytes, parseCidrParts, parseIpBytes } from './ip-address.js';

const text = (input: string, strictness: 'strict' | 'sloppy') => {
  const bytes = parseIpBytes(input, strictness);
  return typeof bytes === 'string' ? `error: ${bytes}` : formatIpBytes(bytes);
};

describe('IP addresses, read once for NetworkPolicy and CEL', () => {
  test('strict reads as Go netip; sloppy as the API server reads ipBlocks', () => {
    assert.equal(text('010.000.001.002', 'sloppy'), '10.0.1.2');
    assert.equal(text('010.000.001.002', 'strict'), 'error: IPv4 field has octet with leading zero');
    assert.equal(text('::ffff:010.0.0.1', 'sloppy'), '::ffff:a00:1');
    assert.match(text('::ffff:010.0.0.1', 'strict'), /leading zero/);
    assert.equal(text('fe80::1%eth0', 'sloppy'), 'error: zone');
    assert.equal(text('1.2.3', 'sloppy'), 'error: IPv4 address too short');
    assert.equal(text('1::2::3', 'strict'), "error: multiple :: in address (at ':3')");
    assert.equal(text('1:2:3:4:5:6:7:8:9', 'strict'), "error: trailing garbage after address (at '9')");
    assert.equal(text('::ffff:1.2.3.4', 'strict'), '::ffff:102:304');
    assert.equal(text('256.0.0.1', 'sloppy'), 'error: IPv4 field has value >255');
  });

  test('RFC 5952 text: lowercase, the first longest zero run compressed, a single zero group kept', () => {
    assert.equal(text('2001:DB8:0:0:1:0:0:1', 'strict'), '2001:db8::1:0:0:1');
    assert.equal(text('2001:db8:0:1:1:1:1:1', 'strict'), '2001:db8:0:1:1:1:1:1');
    assert.equal(text('::', 'strict'), '::');
    assert.equal(text('fd00:ec2::254', 'strict'), 'fd00:ec2::254');
  });

  test('prefixes: leading zeros in the length only when sloppy; bytes round-trip through bigints', () => {
    assert.deepEqual(parseCidrParts('10.0.0.1/08', 'sloppy'), { bytes: new Uint8Array([10, 0, 0, 1]), bits: 8 });
    assert.equal(parseCidrParts('10.0.0.1/08', 'strict'), "bad bits after slash: '08'");
    assert.equal(parseCidrParts('10.0.0.1/33', 'sloppy'), 'prefix length out of range');
    const bytes = parseIpBytes('2001:db8::1', 'strict') as Uint8Array;
    assert.deepEqual(bigintToBytes(bytesToBigint(bytes), 16), bytes);
  });
});
