import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AuditRecord, readAuditEvents } from './audit-events.js';

const event = (verb: string, extra: Record<string, unknown> = {}) => ({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  stage: 'ResponseComplete',
  verb,
  user: { username: 'alice', groups: ['system:authenticated'] },
  ...extra,
});

/** Feeds text in chunks of `size` characters, so records straddle chunk boundaries. */
async function read(text: string, size = 7, maxLine?: number): Promise<AuditRecord[]> {
  async function* chunks() {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  const out: AuditRecord[] = [];
  for await (const record of readAuditEvents(chunks(), maxLine)) out.push(record);
  return out;
}

const summary = (records: AuditRecord[]) =>
  records.map((r) => ('event' in r ? `${r.event.line}:${r.event.verb}` : `${r.line}! ${r.error}`));

describe('audit log reader', () => {
  test('JSON lines, with blank lines and CRLF, across chunk boundaries', async () => {
    const text = `${JSON.stringify(event('get'))}\r\n\n${JSON.stringify(event('list'))}\n${JSON.stringify(event('watch'))}`;
    assert.deepEqual(summary(await read(text)), ['1:get', '3:list', '4:watch']);
  });

  test('a pretty-printed EventList: items one at a time, each with the line it starts on', async () => {
    const text = JSON.stringify(
      {
        kind: 'EventList',
        apiVersion: 'audit.k8s.io/v1',
        metadata: {},
        items: [event('get', { note: 'a } { ] [ "quoted" \\' }), event('create')],
      },
      null,
      2,
    );
    const records = await read(text, 5);
    assert.deepEqual(summary(records), ['6:get', '19:create']);
  });

  test('a one-line EventList and a top-level array are read too', async () => {
    assert.deepEqual(summary(await read(JSON.stringify({ kind: 'EventList', items: [event('get')] }))), ['1:get']);
    assert.deepEqual(summary(await read(JSON.stringify([event('get'), event('list')], null, 1))), ['2:get', '14:list']);
  });

  test('bad lines are named by number and reading goes on', async () => {
    const text = [
      JSON.stringify(event('get')),
      '{"verb": "get"',
      '"text"',
      JSON.stringify({ kind: 'Pod' }),
      JSON.stringify(event('list', { apiVersion: 'v1' })),
      JSON.stringify(event('patch')),
    ].join('\n');
    assert.deepEqual(summary(await read(text)), [
      '1:get',
      '2! not valid JSON: Expected … or … after property value in JSON at position 14',
      '3! not an audit event (a JSON object)',
      '4! its kind is not Event',
      '5! its apiVersion is not audit.k8s.io/v1',
      '6:patch',
    ]);
  });

  test('a truncated EventList says where the cut item starts', async () => {
    const text = JSON.stringify({ kind: 'EventList', items: [event('get'), event('list')] }, null, 2);
    const records = await read(text.slice(0, text.length - 40));
    assert.deepEqual(summary(records).slice(0, 1), ['4:get']);
    assert.match(
      summary(records).at(-1) ?? '',
      /^\d+! the document ends inside the item that starts on line \d+ \(a truncated file\?\)$/,
    );
  });

  test('impersonation, object references and decisions are kept', async () => {
    const [record] = await read(
      JSON.stringify(
        event('delete', {
          impersonatedUser: { username: 'bob' },
          objectRef: { resource: 'pods', namespace: 'a', name: 'p', apiGroup: '' },
          responseStatus: { code: 403 },
          annotations: { 'authorization.k8s.io/decision': 'forbid' },
        }),
      ),
    );
    assert.ok(record && 'event' in record);
    assert.deepEqual(record.event.impersonatedUser, { username: 'bob', groups: [] });
    assert.deepEqual(record.event.objectRef, { resource: 'pods', namespace: 'a', name: 'p', apiGroup: '' });
    assert.equal(record.event.code, 403);
    assert.equal(record.event.decision, 'forbid');
  });

  test('a line over the bound is reported and skipped without being held, in both modes', async () => {
    const long = JSON.stringify(event('get', { pad: 'x'.repeat(500) }));
    const text = [JSON.stringify(event('list')), long, JSON.stringify(event('watch')), long].join('\n');
    assert.deepEqual(summary(await read(text, 64, 300)), [
      '1:list',
      '2! a line longer than 300 characters; skipped',
      '3:watch',
      '4! a line longer than 300 characters; skipped',
    ]);
    const big = event('get', { pad: Array.from({ length: 40 }, () => 'x'.repeat(20)) });
    const list = JSON.stringify({ kind: 'EventList', items: [big, event('create')] }, null, 2);
    assert.deepEqual(summary(await read(list, 64, 300)), [
      '4! an item longer than 300 characters; skipped',
      '58:create',
    ]);
  });

  test('each event keeps the object it was read from, and a line its text as written', async () => {
    const line = ` ${JSON.stringify(event('get', { sourceIPs: ['10.0.0.1'] }))} `;
    const [record] = await read(line);
    assert.ok(record && 'event' in record);
    assert.deepEqual(record.event.object.sourceIPs, ['10.0.0.1']);
    assert.equal(record.event.text, line.trim());
    const [item] = await read(JSON.stringify({ kind: 'EventList', items: [event('get')] }));
    assert.ok(item && 'event' in item);
    assert.equal(item.event.text, undefined, 'an item of a list has no line of its own');
  });
});
