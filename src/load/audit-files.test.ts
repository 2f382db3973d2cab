import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readAuditEvents } from './audit-events.js';
import { AuditFileError, auditFiles, openAuditFile } from './audit-files.js';

/** Every folder a test makes lies here, removed when the file's tests end. */
const SCRATCH = mkdtempSync(path.join(tmpdir(), 'rampart-audit-files-'));
after(() => rmSync(SCRATCH, { recursive: true, force: true }));

const line = (verb: string) =>
  `${JSON.stringify({ apiVersion: 'audit.k8s.io/v1', kind: 'Event', verb, user: { username: 'u' } })}\n`;

describe('audit log files', () => {
  test('a directory is read oldest backup first, the active log last, gzip found by its bytes', async () => {
    const dir = mkdtempSync(path.join(SCRATCH, 'rampart-audit-files-'));
    writeFileSync(path.join(dir, 'audit.log'), line('third'));
    writeFileSync(path.join(dir, 'audit-2026-12-07T10-00-00.000.log.gz'), gzipSync(line('second')));
    writeFileSync(path.join(dir, 'audit-2026-12-07T09-00-00.000.log'), gzipSync(line('first')));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a log');
    // modification times that disagree with the names: the names win
    utimesSync(path.join(dir, 'audit.log'), 1, 1);
    const files = await auditFiles([dir], '/');
    const verbs: string[] = [];
    for (const file of files)
      for await (const record of readAuditEvents(await openAuditFile(file)))
        if ('event' in record) verbs.push(record.event.verb);
    assert.deepEqual(verbs, ['first', 'second', 'third']);
  });

  test('a missing file is an error that names it', async () => {
    await assert.rejects(auditFiles(['nope.log'], tmpdir()), (error: Error) => {
      assert.ok(error instanceof AuditFileError);
      assert.equal(error.message, 'cannot read audit log nope.log: no such file');
      return true;
    });
  });
});
