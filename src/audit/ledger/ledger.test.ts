import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parseKeys } from './keys.js';
import { FILES, Ledger, LedgerError } from './ledger.js';
import { verifyConsistency } from './merkle.js';
import { checksum, HEADER } from './record.js';
import { verifyLedger } from './verify.js';

/** Every folder a test makes lies here, removed when the file's tests end. */
const SCRATCH = mkdtempSync(path.join(tmpdir(), 'rampart-ledger-'));
after(() => rmSync(SCRATCH, { recursive: true, force: true }));

const KEYS = parseKeys(`k1 ${'11'.repeat(32)}`, 'test keys');
const ROTATED = parseKeys(`k1 ${'11'.repeat(32)}\nk2 ${'22'.repeat(32)}`, 'test keys');
const WRONG = parseKeys(`k1 ${'33'.repeat(32)}`, 'test keys');

const entry = (i: number) => Buffer.from(JSON.stringify({ type: 'event', event: { auditID: `id-${i}`, verb: 'get' } }));

async function ledgerOf(count: number, keys = KEYS): Promise<string> {
  const dir = mkdtempSync(path.join(SCRATCH, 'rampart-ledger-'));
  const ledger = await Ledger.open({ dir, keys, warn: () => {} });
  for (let i = 0; i < count; i += 4)
    await ledger.append([0, 1, 2, 3].filter((j) => i + j < count).map((j) => entry(i + j)));
  await ledger.close();
  return dir;
}

/** The records of the entries file, as byte ranges. */
function records(dir: string): { data: Buffer; at: { start: number; end: number }[] } {
  const data = readFileSync(path.join(dir, FILES.entries));
  const at: { start: number; end: number }[] = [];
  for (let offset = 0; offset < data.length; ) {
    const end = offset + HEADER + data.readUInt32BE(offset) + 8;
    at.push({ start: offset, end });
    offset = end;
  }
  return { data, at };
}

function rewrite(dir: string, parts: Buffer[]): void {
  writeFileSync(path.join(dir, FILES.entries), Buffer.concat(parts));
}

const slice = (data: Buffer, r: { start: number; end: number }) => data.subarray(r.start, r.end);

/** Flips a ciphertext byte of a record and, as a careful attacker would, fixes its checksum. */
function edited(record: Buffer): Buffer {
  const copy = Buffer.from(record);
  copy.writeUInt8(copy.readUInt8(copy.length - 20) ^ 0xff, copy.length - 20);
  checksum(copy.subarray(HEADER, copy.length - 8)).copy(copy, copy.length - 8);
  return copy;
}

async function problems(dir: string, extra: Partial<Parameters<typeof verifyLedger>[0]> = {}): Promise<string[]> {
  return (await verifyLedger({ dir, keys: KEYS, ...extra })).problems;
}

describe('ledger', () => {
  test('an intact ledger verifies, every entry decrypted, after reopening and appending again', async () => {
    const dir = await ledgerOf(10);
    const ledger = await Ledger.open({ dir, keys: KEYS, warn: () => {} });
    assert.equal(ledger.size, 10);
    await ledger.append([entry(10)]);
    await ledger.close();
    const report = await verifyLedger({ dir, keys: KEYS });
    assert.deepEqual(report.problems, []);
    assert.equal(report.entries, 11);
    assert.equal(report.decrypted, 11);
  });

  test('an edited entry with its checksum fixed: the root and the decryption say which', async () => {
    const dir = await ledgerOf(10);
    const { data, at } = records(dir);
    rewrite(
      dir,
      at.map((r, i) => (i === 5 ? edited(slice(data, r)) : slice(data, r))),
    );
    assert.deepEqual(await problems(dir), [
      'entry 5 does not decrypt with key k1, which is the right key: its bytes were edited',
      "the first 10 entries do not hash to the checkpoint's root: entries were edited, inserted or reordered",
    ]);
  });

  test('an edited entry with its checksum left alone is named by its checksum', async () => {
    const dir = await ledgerOf(10);
    const { data, at } = records(dir);
    const copy = Buffer.from(data);
    const byte = (at[3] as { start: number }).start + 30;
    copy.writeUInt8(copy.readUInt8(byte) ^ 1, byte);
    writeFileSync(path.join(dir, FILES.entries), copy);
    const found = await problems(dir);
    assert.equal(found[0], 'entry 3: its checksum does not match its bytes: its bytes were edited or damaged');
  });

  test('a deleted entry', async () => {
    const dir = await ledgerOf(10);
    const { data, at } = records(dir);
    rewrite(
      dir,
      at.filter((_, i) => i !== 4).map((r) => slice(data, r)),
    );
    assert.deepEqual(await problems(dir), [
      'entry 4 as written is missing (position 4 on holds later ones): entries were deleted',
      'the log has 9 entries, its checkpoint 10: entries were deleted or the log truncated',
    ]);
  });

  test('reordered entries', async () => {
    const dir = await ledgerOf(10);
    const { data, at } = records(dir);
    const order = [0, 1, 2, 6, 4, 5, 3, 7, 8, 9];
    rewrite(
      dir,
      order.map((i) => slice(data, at[i] as { start: number; end: number })),
    );
    assert.deepEqual(await problems(dir), [
      'entry 3 was written as entry 6: entries were reordered',
      "the first 10 entries do not hash to the checkpoint's root: entries were edited, inserted or reordered",
    ]);
  });

  test('an inserted (replayed) entry', async () => {
    const dir = await ledgerOf(10);
    const { data, at } = records(dir);
    const parts = at.map((r) => slice(data, r));
    parts.splice(7, 0, parts[2] as Buffer);
    rewrite(dir, parts);
    assert.deepEqual(await problems(dir), [
      'entry 7 repeats entry 2 as written: an entry was inserted (or replayed)',
      "the first 10 entries do not hash to the checkpoint's root: entries were edited, inserted or reordered",
    ]);
  });

  test('a truncated log, and a writer that refuses to append to it', async () => {
    const dir = await ledgerOf(10);
    const { data, at } = records(dir);
    rewrite(
      dir,
      at.slice(0, 7).map((r) => slice(data, r)),
    );
    assert.deepEqual(await problems(dir), [
      'the log has 7 entries, its checkpoint 10: entries were deleted or the log truncated',
    ]);
    await assert.rejects(Ledger.open({ dir, keys: KEYS, warn: () => {} }), LedgerError);
  });

  test('a rolled-back log (an older copy, checkpoint and all) is caught only by a checkpoint kept elsewhere', async () => {
    const dir = await ledgerOf(6);
    const old = mkdtempSync(path.join(SCRATCH, 'rampart-ledger-old-'));
    cpSync(dir, old, { recursive: true });
    const ledger = await Ledger.open({ dir, keys: KEYS, warn: () => {} });
    await ledger.append([entry(6), entry(7), entry(8)]);
    await ledger.close();
    const kept = readFileSync(path.join(dir, FILES.checkpoint), 'utf8');
    // the attacker puts the old copy back: it is consistent with itself
    assert.deepEqual(await problems(old), []);
    assert.deepEqual(await problems(old, { external: { text: kept, name: 'kept.json' } }), [
      `the log was rolled back: the external checkpoint of ${JSON.parse(kept).time} covers 9 entries, the log has 6`,
    ]);
    // and a log that grew since the kept checkpoint is consistent with it
    const earlier = readFileSync(path.join(old, FILES.checkpoint), 'utf8');
    const report = await verifyLedger({ dir, keys: KEYS, external: { text: earlier, name: 'earlier.json' } });
    assert.deepEqual(report.problems, []);
    assert.match(
      report.notes.join('\n'),
      /consistent with the external checkpoint .* \(6 entries; proof of \d+ hashes\)/,
    );
    // the proof is printed for anyone to check against the two roots
    const { consistency } = report;
    assert.ok(consistency);
    assert.deepEqual(
      [consistency.fromSize, consistency.toSize, consistency.fromRoot],
      [6, 9, JSON.parse(earlier).root],
    );
    const hashes = consistency.proof.map((h) => Buffer.from(h, 'hex'));
    const [from, to] = [consistency.fromRoot, consistency.toRoot].map((h) => Buffer.from(h, 'hex')) as [Buffer, Buffer];
    assert.ok(verifyConsistency(6, 9, hashes, from, to));
    assert.ok(!verifyConsistency(6, 9, hashes.slice(1), from, to));
  });

  test('a history rewritten and re-signed with the ledger key contradicts the kept checkpoint', async () => {
    const dir = await ledgerOf(8);
    const kept = readFileSync(path.join(dir, FILES.checkpoint), 'utf8');
    // the attacker has the signing key (it sits in the directory): rewrite entries 0-7 and re-sign
    const forged = mkdtempSync(path.join(SCRATCH, 'rampart-ledger-forged-'));
    for (const name of [FILES.signingKey, FILES.keys]) cpSync(path.join(dir, name), path.join(forged, name));
    const ledger = await Ledger.open({ dir: forged, keys: KEYS, warn: () => {} });
    await ledger.append(Array.from({ length: 8 }, (_, i) => entry(100 + i)));
    await ledger.close();
    assert.deepEqual(await problems(forged), []);
    const found = await problems(forged, { external: { text: kept, name: 'kept.json' } });
    assert.match(
      found[0] ?? '',
      /^the log's first 8 entries differ from the external checkpoint of .*: its history was rewritten$/,
    );
  });

  test('a wrong key is told apart from edited entries, and refused by the writer', async () => {
    const dir = await ledgerOf(5);
    assert.deepEqual(await problems(dir, { keys: WRONG }), [
      'key k1 is not the key the ledger was written with: its entries cannot be read with it',
    ]);
    await assert.rejects(Ledger.open({ dir, keys: WRONG, warn: () => {} }), /key k1 is not the key/);
  });

  test('rotation: new entries use the new key, old ones still read with theirs', async () => {
    const dir = await ledgerOf(3);
    const ledger = await Ledger.open({ dir, keys: ROTATED, warn: () => {} });
    await ledger.append([entry(3)]);
    await ledger.close();
    const report = await verifyLedger({ dir, keys: ROTATED });
    assert.deepEqual(report.problems, []);
    assert.equal(report.decrypted, 4);
    const onlyOld = await verifyLedger({ dir, keys: KEYS });
    assert.equal(onlyOld.decrypted, 3);
    assert.deepEqual(onlyOld.notes, ['entry 3: no key k2 given']);
  });

  test('a torn append is reported, then cut off and recorded by the next writer', async () => {
    const dir = await ledgerOf(4);
    const { data, at } = records(dir);
    const last = slice(data, at[3] as { start: number; end: number });
    // a crash mid-append: a record's first half after the checkpointed entries
    writeFileSync(path.join(dir, FILES.entries), Buffer.concat([data, last.subarray(0, 20)]));
    const before = await verifyLedger({ dir, keys: KEYS });
    assert.deepEqual(before.problems, []);
    assert.match(
      before.notes[0] ?? '',
      /^the log ends in a torn record at byte \d+ \(the file ends inside a record\): an interrupted append/,
    );
    const warnings: string[] = [];
    const ledger = await Ledger.open({ dir, keys: KEYS, warn: (m) => warnings.push(m) });
    await ledger.close();
    assert.match(warnings[0] ?? '', /cut off 20 byte\(s\) of an interrupted append after entry 4/);
    const after = await verifyLedger({ dir, keys: KEYS });
    assert.deepEqual([after.problems, after.notes, after.entries], [[], [], 5]);
  });

  test('records appended but not checkpointed (a crash between the two) are adopted', async () => {
    const dir = await ledgerOf(4);
    const checkpoint = readFileSync(path.join(dir, FILES.checkpoint));
    const ledger = await Ledger.open({ dir, keys: KEYS, warn: () => {} });
    await ledger.append([entry(4), entry(5)]);
    await ledger.close();
    writeFileSync(path.join(dir, FILES.checkpoint), checkpoint);
    assert.match((await verifyLedger({ dir, keys: KEYS })).notes.join(), /2 entries after the last checkpoint/);
    const reopened = await Ledger.open({ dir, keys: KEYS, warn: () => {} });
    assert.equal(reopened.size, 6);
    await reopened.close();
    assert.deepEqual((await verifyLedger({ dir, keys: KEYS })).notes, []);
  });

  test('batches written without a commit (as `audit scan` writes), torn by a crash mid-batch: the whole ones are adopted, the torn one cut off and recorded', async () => {
    const dir = await ledgerOf(4);
    const checkpoint = readFileSync(path.join(dir, FILES.checkpoint));
    const ledger = await Ledger.open({ dir, keys: KEYS, warn: () => {} });
    await ledger.write([entry(4), entry(5), entry(6)]);
    await ledger.write([entry(7), entry(8), entry(9)]);
    assert.equal(ledger.pending, 6);
    await ledger.close();
    // the state a crash leaves: the checkpoint of before the writes, the second batch cut inside entry 8
    writeFileSync(path.join(dir, FILES.checkpoint), checkpoint);
    const { data, at } = records(dir);
    const cut = (at[8] as { start: number }).start + 30;
    writeFileSync(path.join(dir, FILES.entries), data.subarray(0, cut));
    const warnings: string[] = [];
    const reopened = await Ledger.open({ dir, keys: KEYS, warn: (m) => warnings.push(m) });
    // entries 4–7 adopted, then the recovery entry
    assert.equal(reopened.size, 9);
    assert.equal(reopened.pending, 0);
    await reopened.close();
    assert.match(warnings[0] ?? '', /cut off 30 byte\(s\) of an interrupted append after entry 8/);
    const report = await verifyLedger({ dir, keys: KEYS });
    assert.deepEqual([report.problems, report.notes, report.entries, report.decrypted], [[], [], 9, 9]);
  });

  test('an entry edited inside a batch written at once is named alone', async () => {
    const dir = mkdtempSync(path.join(SCRATCH, 'rampart-ledger-'));
    const ledger = await Ledger.open({ dir, keys: KEYS, warn: () => {} });
    await ledger.append(Array.from({ length: 10 }, (_, i) => entry(i)));
    await ledger.close();
    const { data, at } = records(dir);
    rewrite(
      dir,
      at.map((r, i) => (i === 7 ? edited(slice(data, r)) : slice(data, r))),
    );
    assert.deepEqual(await problems(dir), [
      'entry 7 does not decrypt with key k1, which is the right key: its bytes were edited',
      "the first 10 entries do not hash to the checkpoint's root: entries were edited, inserted or reordered",
    ]);
  });

  test('a record appended past the checkpoint by someone without the key is not adopted', async () => {
    const dir = await ledgerOf(4);
    const { data } = records(dir);
    // entry 4 as a forger without the key writes it: right framing, right index, wrong key
    const other = await ledgerOf(5, WRONG);
    const forged = records(other);
    writeFileSync(
      path.join(dir, FILES.entries),
      Buffer.concat([data, slice(forged.data, forged.at[4] as { start: number; end: number })]),
    );
    await assert.rejects(
      Ledger.open({ dir, keys: KEYS, warn: () => {} }),
      /entry 4, after the last checkpoint, does not decrypt with the keys given/,
    );
    assert.match((await problems(dir)).join('\n'), /entry 4 does not decrypt with key k1, which is the right key/);
  });

  test('one writer at a time; a lock left by a dead process is taken over', async () => {
    const dir = await ledgerOf(2);
    const first = await Ledger.open({ dir, keys: KEYS, warn: () => {} });
    await assert.rejects(
      Ledger.open({ dir, keys: KEYS, warn: () => {} }),
      /is in use by process \d+: one writer at a time/,
    );
    await first.close();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    writeFileSync(path.join(dir, FILES.lock), `${dead}\n`);
    const second = await Ledger.open({ dir, keys: KEYS, warn: () => {} });
    assert.equal(second.size, 2);
    await second.close();
  });

  test('a forged checkpoint (signed by another key) is refused', async () => {
    const dir = await ledgerOf(4);
    const other = await ledgerOf(4);
    writeFileSync(path.join(dir, FILES.checkpoint), readFileSync(path.join(other, FILES.checkpoint)));
    assert.deepEqual(await problems(dir), [
      "the ledger’s checkpoint is not signed by the ledger's signing key (a forged checkpoint, or a replaced key)",
    ]);
  });
});
