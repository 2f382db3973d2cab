import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { verifyLedger } from '../../src/audit/ledger/index.js';
import { parseKeys } from '../../src/audit/ledger/keys.js';
import type { AuditFlags } from '../../src/cli/audit.js';
import { openLedgerFor } from '../../src/cli/audit-ledger.js';
import type { Io } from '../../src/cli/io.js';
import type { AuditEvent } from '../../src/load/audit-events.js';

/** Every folder a test makes lies here, removed when the file's tests end. */
const SCRATCH = mkdtempSync(path.join(tmpdir(), 'rampart-ledger-commit-'));
after(() => rmSync(SCRATCH, { recursive: true, force: true }));

const KEY = `k1 ${'cd'.repeat(32)}`;

function io(cwd: string): Io {
  return {
    stdout: { write() {} },
    stderr: { write() {} },
    stdin: (async function* () {})(),
    env: { RAMPART_LEDGER_KEY: KEY },
    cwd,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
}

const flags = { ledger: 'ledger', ledgerRecord: 'events', keyEnv: 'RAMPART_LEDGER_KEY' } as AuditFlags;

const events = (from: number, count: number): AuditEvent[] =>
  Array.from({ length: count }, (_, i) => {
    const object = { verb: 'get', user: { username: 'alice' }, auditID: `id-${from + i}` };
    return {
      line: from + i + 1,
      verb: 'get',
      user: { username: 'alice', groups: [] },
      object,
      text: JSON.stringify(object),
    };
  });

/** The size the checkpoint on disk signs. */
const checkpointed = (cwd: string) =>
  JSON.parse(readFileSync(path.join(cwd, 'ledger', 'checkpoint.json'), 'utf8')).size as number;

describe('the ledger sink: when entries are synced and checkpointed', () => {
  test('every batch, as `audit serve` acknowledges only what is durable', async () => {
    const cwd = mkdtempSync(path.join(SCRATCH, 'serve-'));
    const sink = await openLedgerFor(flags, io(cwd));
    await sink.events?.append(events(0, 3));
    assert.deepEqual([sink.ledger.pending, checkpointed(cwd)], [0, 3]);
    await sink.events?.append(events(3, 2));
    assert.deepEqual([sink.ledger.pending, checkpointed(cwd)], [0, 5]);
    await sink.close();
  });

  test('once per `commitEvery` entries and at close, as `audit scan` writes', async () => {
    const cwd = mkdtempSync(path.join(SCRATCH, 'scan-'));
    const sink = await openLedgerFor(flags, io(cwd), 5);
    await sink.events?.append(events(0, 3));
    assert.deepEqual([sink.ledger.pending, checkpointed(cwd)], [3, 0]);
    await sink.events?.append(events(3, 3));
    assert.deepEqual([sink.ledger.pending, checkpointed(cwd)], [0, 6]);
    await sink.events?.append(events(6, 1));
    assert.equal(checkpointed(cwd), 6);
    await sink.close();
    assert.equal(checkpointed(cwd), 7);
    const report = await verifyLedger({ dir: path.join(cwd, 'ledger'), keys: parseKeys(KEY, 'test') });
    assert.deepEqual([report.problems, report.entries, report.decrypted], [[], 7, 7]);
  });
});
