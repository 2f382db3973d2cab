import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { runCli } from '../support/run-cli.js';

/** Every folder a test makes lies here, removed when the file's tests end. */
const SCRATCH = mkdtempSync(path.join(tmpdir(), 'rampart-audit-cli-'));
after(() => rmSync(SCRATCH, { recursive: true, force: true }));

const KEY = `k1 ${'ab'.repeat(32)}`;

function event(verb: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Event',
    level: 'Metadata',
    auditID: `id-${Math.random().toString(16).slice(2)}`,
    stage: 'ResponseComplete',
    verb,
    user: { username: 'alice', groups: ['system:authenticated'] },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-12-07T10:00:00.000000Z',
    ...extra,
  };
}

const secretRead = event('get', {
  objectRef: { resource: 'secrets', namespace: 'shop', name: 'db', apiVersion: 'v1' },
});
const exec = event('create', {
  stage: 'ResponseStarted',
  responseStatus: { code: 101 },
  objectRef: { resource: 'pods', namespace: 'shop', name: 'web', subresource: 'exec', apiVersion: 'v1' },
});
const harmless = event('list', { objectRef: { resource: 'pods', namespace: 'shop', apiVersion: 'v1' } });
const lines = (...events: object[]) => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;

function dir(): string {
  return mkdtempSync(path.join(SCRATCH, 'rampart-audit-cli-'));
}

describe('rampart audit scan', () => {
  test('JSON lines: alerts located by file and line, exit 1 for a high alert', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'audit.log'), lines(harmless, secretRead, exec));
    const run = await runCli(['audit', 'scan', 'audit.log', '-o', 'jsonl'], { cwd });
    assert.equal(run.code, 1, run.stderr);
    const alerts = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      alerts.map((a) => [a.ruleId, a.severity, a.message, a.location]),
      [
        ['audit-secret-read', 'high', 'alice get secrets shop/db', { file: 'audit.log', line: 2 }],
        ['audit-pod-exec', 'medium', 'alice opened exec into pods shop/web', { file: 'audit.log', line: 3 }],
      ],
    );
    assert.equal(alerts[0].user, 'alice');
    assert.deepEqual(alerts[0].frameworks, { mitre: ['T1552.007'] });
    assert.equal(alerts[0].owner, 'security');
  });

  test('a rotated, gzipped backup and stdin; the JSON document ends with the counts', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'audit-2026-12-07T09-00-00.000.log.gz'), gzipSync(lines(secretRead)));
    const run = await runCli(
      ['audit', 'scan', 'audit-2026-12-07T09-00-00.000.log.gz', '-', '-o', 'json', '--fail-on', 'none'],
      {
        cwd,
        stdin: lines(harmless, exec),
      },
    );
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.deepEqual(
      doc.alerts.map((a: { location: { file: string; line: number } }) => a.location),
      [
        { file: 'audit-2026-12-07T09-00-00.000.log.gz', line: 1 },
        { file: '<stdin>', line: 2 },
      ],
    );
    assert.equal(doc.summary.events, 3);
    assert.deepEqual(doc.summary.severities, { critical: 0, high: 1, medium: 1, low: 0, info: 0 });
  });

  test('hostile lines are located and counted, never a crash or a pass: exit 2', async () => {
    const cwd = dir();
    const secret = 'hunter2-not-to-be-printed';
    writeFileSync(
      path.join(cwd, 'audit.log'),
      `${lines(harmless)}{"verb": "get", "password": "${secret}"\n[1,2\n\u0000\u0001\n${lines(secretRead)}`,
    );
    const run = await runCli(['audit', 'scan', 'audit.log'], { cwd });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /audit\.log:2: not valid JSON/);
    assert.match(run.stderr, /audit\.log:4: not valid JSON/);
    assert.match(run.stderr, /3 unreadable; 1 alert \(high 1\)/);
    assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret));
    assert.match(run.stdout, /audit-secret-read {2}alice get secrets shop\/db {2}\(audit\.log:5\)/);
  });

  test('an empty log is nothing scanned (3); a missing file a usage error (2)', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'empty.log'), '');
    assert.equal((await runCli(['audit', 'scan', 'empty.log'], { cwd })).code, 3);
    const missing = await runCli(['audit', 'scan', 'nope.log'], { cwd });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read audit log nope\.log: no such file/);
  });

  test('allow-lists and exceptions in rampart.yaml; opt-in rules enabled there', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'audit.log'), lines(secretRead, exec));
    writeFileSync(
      path.join(cwd, 'rampart.yaml'),
      [
        'rules:',
        '  audit-secret-read:',
        '    options:',
        '      allowUsers: ["ali*"]',
        '  audit-user-not-allowed:',
        '    enabled: true',
        '    options:',
        '      allowUsers: ["bob"]',
        'exceptions:',
        '  - rules: [audit-pod-exec]',
        '    match: { namespace: shop }',
        '    reason: the shop team debugs in place until 2027',
        '',
      ].join('\n'),
    );
    const run = await runCli(['audit', 'scan', 'audit.log', '-o', 'jsonl'], { cwd });
    const alerts = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      alerts.map((a) => [a.ruleId, a.suppressed?.reason ?? '']),
      [
        ['audit-user-not-allowed', ''],
        // the exec's ResponseStarted event is not a request's final word for this rule
        ['audit-pod-exec', 'the shop team debugs in place until 2027'],
      ],
    );
    const bad = await runCli(['audit', 'scan', 'audit.log', '--config', 'nope.yaml'], { cwd });
    assert.equal(bad.code, 2);
  });

  test('alerts are POSTed to the alert webhook; a webhook that fails is said and fails the run', async () => {
    const bodies: unknown[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', () => {
        bodies.push(JSON.parse(body));
        response.writeHead(request.url === '/broken' ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const cwd = dir();
      writeFileSync(path.join(cwd, 'audit.log'), lines(secretRead));
      const ok = await runCli(['audit', 'scan', 'audit.log', '--alert-webhook', `http://127.0.0.1:${port}/hook`], {
        cwd,
      });
      assert.equal(ok.code, 1);
      assert.equal((bodies[0] as { alerts: { ruleId: string }[] }).alerts[0]?.ruleId, 'audit-secret-read');
      const broken = await runCli(
        ['audit', 'scan', 'audit.log', '--alert-webhook', `http://127.0.0.1:${port}/broken`],
        { cwd },
      );
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /the alert webhook did not take 1 alert\(s\): HTTP 500/);
    } finally {
      server.close();
    }
  });
});

describe('rampart audit scan --ledger, audit verify', () => {
  test('verify on a folder that is not a ledger, or with a public key that is not one, says so (exit 2)', async () => {
    const cwd = dir();
    const empty = await runCli(['audit', 'verify', '.'], { cwd });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /cannot verify ledger \.: it has no \S+ \(not a ledger folder\?\); pass the public key/);
    writeFileSync(path.join(cwd, 'key.pub'), 'not a key\n');
    const bad = await runCli(['audit', 'verify', '.', '--public-key', 'key.pub'], { cwd });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /the --public-key file is not a PEM public key/);
    assert.doesNotMatch(empty.stderr + bad.stderr, /DECODER|routines/);
  });

  test('events go into the ledger; verify finds it intact, then finds an edit', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'audit.log'), lines(harmless, secretRead, exec));
    const env = { RAMPART_LEDGER_KEY: KEY };
    const scan = await runCli(['audit', 'scan', 'audit.log', '--ledger', 'ledger', '-o', 'jsonl'], { cwd, env });
    assert.equal(scan.code, 1, scan.stderr);
    const shown = await runCli(['audit', 'show', 'ledger'], { cwd, env });
    assert.deepEqual(
      shown.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((e) => [e.index, e.type, e.event.auditID]),
      [harmless, secretRead, exec].map((e, i) => [i, 'event', e.auditID]),
    );
    const intact = await runCli(['audit', 'verify', 'ledger'], { cwd, env });
    assert.equal(intact.code, 0, intact.stdout);
    assert.match(intact.stdout, /^ledger: 3 entries, 3 decrypted; checkpoint of .* covers 3\n(?:.*\n)*intact\n$/);
    const entries = path.join(cwd, 'ledger', 'entries');
    const data = readFileSync(entries);
    writeFileSync(entries, data.subarray(0, data.length - 1));
    const torn = await runCli(['audit', 'verify', 'ledger', '-o', 'json'], { cwd, env });
    assert.equal(torn.code, 1);
    assert.match(JSON.parse(torn.stdout).problems[0], /torn record/);
  });

  test('--ledger-record alerts keeps the alerts only, with a key from a file; rotation by a new line', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'audit.log'), lines(harmless, secretRead, exec));
    writeFileSync(path.join(cwd, 'keys'), `${KEY}\n`);
    const flags = ['--ledger', 'ledger', '--ledger-record', 'alerts', '--key-file', 'keys', '-o', 'jsonl'];
    assert.equal((await runCli(['audit', 'scan', 'audit.log', ...flags], { cwd })).code, 1);
    writeFileSync(path.join(cwd, 'keys'), `${KEY}\nk2 ${'cd'.repeat(32)}\n`);
    assert.equal((await runCli(['audit', 'scan', 'audit.log', ...flags], { cwd })).code, 1);
    const shown = await runCli(['audit', 'show', 'ledger', '--key-file', 'keys'], { cwd });
    assert.deepEqual(
      shown.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((e) => [e.type, e.alert.ruleId]),
      [
        ['alert', 'audit-secret-read'],
        ['alert', 'audit-pod-exec'],
        ['alert', 'audit-secret-read'],
        ['alert', 'audit-pod-exec'],
      ],
    );
    const verify = await runCli(['audit', 'verify', 'ledger', '--key-file', 'keys', '-o', 'json'], { cwd });
    assert.deepEqual([verify.code, JSON.parse(verify.stdout).decrypted], [0, 4]);
    const wrong = await runCli(['audit', 'verify', 'ledger', '-o', 'json'], {
      cwd,
      env: { RAMPART_LEDGER_KEY: `k1 ${'00'.repeat(32)}` },
    });
    assert.equal(wrong.code, 1);
    assert.deepEqual(JSON.parse(wrong.stdout).problems, [
      'key k1 is not the key the ledger was written with: its entries cannot be read with it',
    ]);
  });

  test('a ledger without a key is a usage error that says how to give one', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'audit.log'), lines(harmless));
    const run = await runCli(['audit', 'scan', 'audit.log', '--ledger', 'ledger'], { cwd });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /the ledger needs an encryption key: --key-file FILE or \$RAMPART_LEDGER_KEY/);
  });
});
