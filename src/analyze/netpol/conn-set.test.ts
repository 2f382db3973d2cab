import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnSet, parseConnSet } from './conn-set.js';
import { ConnTable } from './conn-table.js';

const parse = (text: string) => {
  const set = parseConnSet(text);
  assert.ok(set instanceof ConnSet, text);
  return set;
};

describe('connection sets', () => {
  test('text in the netpol-analyzer form: protocols sorted, ports ascending, ranges with a dash', () => {
    assert.equal(ConnSet.ALL.toString(), 'All Connections');
    assert.equal(ConnSet.EMPTY.toString(), 'No Connections');
    const set = ConnSet.ports('UDP', 53)
      .union(ConnSet.ports('TCP', 8080))
      .union(ConnSet.ports('TCP', 80, 90))
      .union(ConnSet.ports('SCTP', 2905));
    assert.equal(set.toString(), 'SCTP 2905,TCP 80-90,8080,UDP 53');
    assert.equal(ConnSet.protocol('TCP').toString(), 'TCP 1-65535');
  });

  test('all three protocols on every port is All Connections', () => {
    assert.ok(ConnSet.protocol('TCP').union(ConnSet.protocol('UDP')).union(ConnSet.protocol('SCTP')).isAll());
    assert.ok(!ConnSet.protocol('TCP').union(ConnSet.protocol('UDP')).isAll());
  });

  test('adjacent ranges merge; intersection and subtraction', () => {
    assert.equal(
      ConnSet.ports('TCP', 80, 85)
        .union(ConnSet.ports('TCP', 86, 90))
        .toString(),
      'TCP 80-90',
    );
    assert.equal(
      ConnSet.ports('TCP', 80, 90)
        .intersect(ConnSet.ports('TCP', 85, 100))
        .toString(),
      'TCP 85-90',
    );
    assert.equal(
      ConnSet.ALL.subtract(ConnSet.ports('TCP', 1, 79))
        .subtract(ConnSet.protocol('UDP'))
        .subtract(ConnSet.protocol('SCTP'))
        .toString(),
      'TCP 80-65535',
    );
    assert.ok(ConnSet.ports('TCP', 80).intersect(ConnSet.ports('UDP', 80)).isEmpty());
    assert.ok(ConnSet.ports('TCP', 80, 90).covers(ConnSet.ports('TCP', 85)));
    assert.ok(ConnSet.ports('TCP', 80, 90).contains('TCP', 90));
    assert.ok(!ConnSet.ports('TCP', 80, 90).contains('UDP', 85));
  });

  test('the list form parses back, and errors say what is wrong', () => {
    for (const text of ['All Connections', 'TCP 80', 'SCTP 2905,TCP 80-90,8080,UDP 53', 'TCP 1-65535'])
      assert.equal(parse(text).toString(), text);
    assert.ok(parse('No Connections').isEmpty());
    assert.equal(parse('UDP').toString(), 'UDP 1-65535');
    for (const bad of ['80', 'TCP 0', 'TCP 90-80', 'TCP http', 'ICMP 1']) {
      const parsed = parseConnSet(bad);
      assert.ok(!(parsed instanceof ConnSet), bad);
    }
  });

  test('in words, exactly: all ports, every port of a protocol, ranges, several protocols', () => {
    const words = (text: string) => (parseConnSet(text) as ConnSet).describe();
    assert.equal(ConnSet.ALL.describe(), 'all ports and protocols');
    assert.equal(ConnSet.EMPTY.describe(), 'no port');
    assert.equal(words('TCP 80'), 'TCP 80');
    assert.equal(words('TCP 80,443'), 'TCP 80,443');
    assert.equal(words('TCP 1-65535'), 'all TCP ports');
    assert.equal(words('TCP 8000-8080,UDP 53'), 'TCP 8000-8080 and UDP 53');
    assert.equal(words('TCP 1-65535,UDP 1-65535'), 'all TCP ports and all UDP ports', 'SCTP is left out: not "all"');
    assert.equal(words('SCTP 2905,TCP 80,UDP 1-65535'), 'TCP 80, all UDP ports and SCTP 2905');
    // one port short of everything is not everything
    assert.equal(words('TCP 1-65534,UDP 1-65535,SCTP 1-65535'), 'TCP 1-65534, all UDP ports and all SCTP ports');
  });

  test('the table interns equal sets and memoizes operations', () => {
    const table = new ConnTable();
    const a = table.id(ConnSet.ports('TCP', 80));
    assert.equal(table.id(ConnSet.ports('TCP', 80, 80)), a);
    const b = table.id(ConnSet.ports('UDP', 53));
    const u = table.union(a, b);
    assert.equal(table.text(u), 'TCP 80,UDP 53');
    assert.equal(table.union(b, a), u);
    assert.equal(table.intersect(u, a), a);
    assert.equal(table.union(a, ConnTable.ALL), ConnTable.ALL);
    assert.equal(table.intersect(a, ConnTable.EMPTY), ConnTable.EMPTY);
  });
});
