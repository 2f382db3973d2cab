import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { type AuditAlert, AuditPipeline, type Judge } from '../../src/audit/index.js';
import { auditJudge } from '../../src/cli/audit-run.js';
import type { AuditEvent } from '../../src/load/audit-events.js';
import { withCapturedIo } from '../support/run-cli.js';

/** Every folder a test makes lies here, removed when the file's tests end. */
const SCRATCH = mkdtempSync(path.join(tmpdir(), 'rampart-pipeline-'));
after(() => rmSync(SCRATCH, { recursive: true, force: true }));

const read = (i: number): AuditEvent => {
  const object = {
    auditID: `e${i}`,
    stage: 'ResponseComplete',
    verb: 'get',
    user: { username: 'alice', groups: [] },
    objectRef: { resource: 'secrets', namespace: 'shop', name: 'db' },
    responseStatus: { code: 200 },
  };
  return { line: i + 1, verb: 'get', user: { username: 'alice', groups: [] }, object };
};

test('batches keep event order; a result about the configuration (an expired exception) is alerted once, not per batch', async () => {
  const cwd = mkdtempSync(path.join(SCRATCH, 'rampart-pipeline-'));
  writeFileSync(
    path.join(cwd, 'rampart.yaml'),
    'exceptions:\n  - rules: [audit-pod-exec]\n    reason: old debugging window\n    expires: 2020-01-01\n',
  );
  let judge: Judge | undefined;
  await withCapturedIo({ cwd }, async (io) => {
    judge = (await auditJudge({ output: 'jsonl', keyEnv: 'UNSET', ledgerRecord: 'events' }, io)).judge;
    return 0;
  });
  const alerts: AuditAlert[] = [];
  const pipeline = new AuditPipeline({
    judge: judge as Judge,
    failOn: 'high',
    batchSize: 2,
    sinks: [{ write: (a) => void alerts.push(...a) }],
  });
  for (let i = 0; i < 5; i++) await pipeline.push(read(i), 'audit.log');
  await pipeline.flush();
  assert.deepEqual(
    alerts.map((a) => `${a.ruleId}${a.auditID ? ` ${a.auditID}` : ''}`),
    [
      'audit-secret-read e0',
      'audit-secret-read e1',
      'exception-expired',
      'audit-secret-read e2',
      'audit-secret-read e3',
      'audit-secret-read e4',
    ],
  );
  assert.deepEqual([pipeline.stats.events, pipeline.stats.alerts, pipeline.stats.failing], [5, 6, 5]);
});
