import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { disjointBlocks } from './external.js';
import { formatAddress, IpSet, parseAddress, parseCidr, parseRange, rangeToCidrs } from './ip-set.js';

const cidr = (text: string) => {
  const set = parseCidr(text);
  assert.ok(set instanceof IpSet, text);
  return set;
};

describe('IP sets', () => {
  test('CIDRs of both families, host bits masked as the API server does', () => {
    assert.equal(cidr('10.0.0.0/8').toRanges(), '10.0.0.0-10.255.255.255');
    assert.equal(cidr('10.1.2.3/8').toRanges(), '10.0.0.0-10.255.255.255');
    assert.equal(cidr('0.0.0.0/0').toRanges(), '0.0.0.0-255.255.255.255');
    assert.equal(cidr('192.168.1.7/32').toRanges(), '192.168.1.7-192.168.1.7');
    assert.equal(cidr('fd00::/8').toRanges(), 'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    assert.equal(cidr('::/0').toRanges(), '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    assert.equal(cidr('::ffff:10.0.0.1/128').toRanges(), '::ffff:a00:1-::ffff:a00:1');
  });

  test('malformed CIDRs are refused with a reason', () => {
    for (const bad of [
      '10.0.0.0',
      '10.0.0.256/8',
      '10.0.0.0/33',
      'fd00::/129',
      '1:2:3:4:5:6:7:8:9/64',
      'fd00:::1/64',
      'x/8',
      '10.0.0.0/-1',
    ]) {
      const parsed = parseCidr(bad);
      assert.ok(!(parsed instanceof IpSet) && /CIDR/.test(parsed.error), bad);
    }
  });

  test('IPv6 text is canonical (RFC 5952)', () => {
    const v6 = (text: string) => formatAddress(6, parseAddress(text)?.value ?? -1n);
    assert.equal(v6('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
    assert.equal(v6('2001:db8:0:1:0:0:0:1'), '2001:db8:0:1::1');
    assert.equal(v6('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
    assert.equal(v6('fd00:ec2::254'), 'fd00:ec2::254');
    assert.equal(v6('::'), '::');
    assert.equal(v6('1:0:1:1:1:1:1:1'), '1:0:1:1:1:1:1:1');
  });

  test('union, intersection, subtraction and coverage', () => {
    const all = IpSet.ALL_V4;
    const except = all.subtract(cidr('10.0.0.0/8')).subtract(cidr('192.168.0.0/16'));
    assert.equal(except.toRanges(), '0.0.0.0-9.255.255.255, 11.0.0.0-192.167.255.255, 192.169.0.0-255.255.255.255');
    assert.ok(all.covers(except));
    assert.ok(!except.covers(cidr('10.1.0.0/16')));
    assert.ok(!except.intersects(cidr('10.1.0.0/16')));
    assert.ok(except.union(cidr('10.0.0.0/8')).union(cidr('192.168.0.0/16')).equals(all));
    assert.equal(cidr('10.0.0.0/9').union(cidr('10.128.0.0/9')).toRanges(), '10.0.0.0-10.255.255.255');
    assert.ok(cidr('10.0.0.0/8').intersect(cidr('fd00::/8')).isEmpty());
    assert.ok(!IpSet.ALL_V4.intersects(IpSet.ALL_V6));
  });

  test('ranges back to the fewest CIDRs', () => {
    assert.deepEqual(rangeToCidrs(4, 0n, (1n << 32n) - 1n), ['0.0.0.0/0']);
    assert.deepEqual(IpSet.ALL_V4.subtract(cidr('10.0.0.0/8')).toCidrs(), [
      '0.0.0.0/5',
      '8.0.0.0/7',
      '11.0.0.0/8',
      '12.0.0.0/6',
      '16.0.0.0/4',
      '32.0.0.0/3',
      '64.0.0.0/2',
      '128.0.0.0/1',
    ]);
    assert.deepEqual(cidr('fd00::1:1/128').toCidrs(), ['fd00::1:1/128']);
  });

  test('ranges as the connectivity list writes them parse back', () => {
    assert.ok(parseRange('0.0.0.0-255.255.255.255')?.equals(IpSet.ALL_V4));
    assert.ok(parseRange('10.0.0.0/8')?.equals(cidr('10.0.0.0/8')));
    assert.ok(parseRange('169.254.169.254')?.equals(cidr('169.254.169.254/32')));
    assert.equal(parseRange('10.0.0.9-10.0.0.1'), undefined);
    assert.equal(parseRange('10.0.0.1-fd00::1'), undefined);
  });
});

describe('outside blocks (the netpol-analyzer partition)', () => {
  test('no ipBlock: one block per family shown', () => {
    assert.deepEqual(
      disjointBlocks([], [4]).map((b) => b.toRanges()),
      ['0.0.0.0-255.255.255.255'],
    );
  });

  test('an except cuts the space into single ranges', () => {
    const block = IpSet.ALL_V4.subtract(cidr('10.0.0.0/8'));
    const ranges = disjointBlocks([block], [4])
      .map((b) => b.toRanges())
      .sort();
    assert.deepEqual(ranges, ['0.0.0.0-9.255.255.255', '10.0.0.0-10.255.255.255', '11.0.0.0-255.255.255.255']);
  });

  test('every block lies wholly inside or outside every input block', () => {
    const inputs = [
      cidr('10.0.0.0/8').subtract(cidr('10.1.0.0/16')),
      cidr('10.1.2.0/24'),
      cidr('172.16.0.0/12'),
      cidr('0.0.0.0/1'),
    ];
    const blocks = disjointBlocks(inputs, [4]);
    for (const block of blocks) for (const input of inputs) assert.ok(input.covers(block) || !input.intersects(block));
    assert.ok(blocks.reduce((acc, b) => acc.union(b), IpSet.EMPTY).equals(IpSet.ALL_V4));
    for (const [i, a] of blocks.entries()) for (const b of blocks.slice(i + 1)) assert.ok(!a.intersects(b));
  });

  test('IPv6 blocks are cut the same way when shown', () => {
    const ranges = disjointBlocks([cidr('fd00::/8')], [4, 6]).map((b) => b.toRanges());
    assert.deepEqual(ranges, [
      '0.0.0.0-255.255.255.255',
      'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      '::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      'fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });
});
