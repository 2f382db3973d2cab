import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { BOOTSTRAP, ROOT } from './rbac/support.js';
import { runCli } from './support/run-cli.js';

const INSECURE = path.join(ROOT, 'examples', 'insecure');
const longest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));

describe('tables fit the terminal', () => {
  test('scan: COLUMNS=80 fits 80 columns; without COLUMNS or a terminal the 120-column log layout stays', async () => {
    const narrow = await runCli(['scan', INSECURE, '--framework', 'cis'], { env: { COLUMNS: '80' } });
    assert.ok(longest(narrow.stdout) <= 80, `${longest(narrow.stdout)} columns`);
    const log = await runCli(['scan', INSECURE, '--framework', 'cis']);
    assert.ok(longest(log.stdout) > 80 && longest(log.stdout) <= 120, `${longest(log.stdout)} columns`);
    assert.equal(narrow.stdout.replace(/\s+/g, ''), log.stdout.replace(/\s+/g, ''), 'the same text, wrapped');
  });

  test('scan: a table written to a file keeps the log layout whatever the terminal', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-width-'));
    try {
      await runCli(['scan', INSECURE, '-o', 'table=out.txt'], { cwd: dir, env: { COLUMNS: '60' } });
      assert.ok(longest(readFileSync(path.join(dir, 'out.txt'), 'utf8')) > 60);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('rbac who-can: long rows wrap inside their columns at 80; one line per row without a width', async () => {
    const args = ['rbac', 'who-can', 'get', 'secrets', '-n', 'kube-system', '-f', BOOTSTRAP];
    const narrow = await runCli(args, { env: { COLUMNS: '80' } });
    assert.equal(narrow.code, 0, narrow.stderr);
    assert.ok(longest(narrow.stdout) <= 80, `${longest(narrow.stdout)} columns`);
    const wide = await runCli(args);
    assert.ok(longest(wide.stdout) > 80, 'the bootstrap grants are wider than 80 columns');
    const rows = (text: string) => text.split('\n').filter((line) => /^(User|Group|ServiceAccount) /.test(line)).length;
    assert.equal(rows(narrow.stdout), rows(wide.stdout), 'a row starts at column 0; continuations are indented');
  });

  test('rbac access: one distinct header per verb column; a narrow terminal gets one VERBS column', async () => {
    const args = ['rbac', 'access', 'group:system:masters', '-f', BOOTSTRAP];
    const wide = await runCli(args);
    assert.equal(wide.code, 0, wide.stderr);
    const header = (text: string) =>
      (text.split('\n').find((line) => line.startsWith('NAMESPACE')) ?? '').trim().split(/\s+/);
    const names = header(wide.stdout);
    assert.deepEqual(names, [
      'NAMESPACE',
      'RESOURCE',
      'GET',
      'LIST',
      'WATCH',
      'CREATE',
      'UPDATE',
      'PATCH',
      'DELETE',
      'DELCOLL',
      'OTHER',
    ]);
    assert.equal(new Set(names).size, names.length);
    const narrow = await runCli(args, { env: { COLUMNS: '80' } });
    assert.deepEqual(header(narrow.stdout), ['NAMESPACE', 'RESOURCE', 'VERBS']);
    const lines = narrow.stdout.split('\n');
    const from = lines.findIndex((line) => line.startsWith('NAMESPACE'));
    const table = lines.slice(from, lines.indexOf('', from)).join('\n');
    assert.ok(longest(table) <= 80, `${longest(table)} columns`);
    assert.match(narrow.stdout, /^\(all\) +selfsubjectreviews\.authentication\.k8s\.io +create$/m);
  });
});
