import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from './support/run-cli.js';

test('webhook serve with a certificate or key it cannot read names the flag and the file (exit 2)', async () => {
  const cert = await runCli(['webhook', 'serve', '--cert', 'missing.crt', '--key', 'missing.key']);
  assert.equal(cert.code, 2);
  assert.match(cert.stderr, /cannot read --cert missing\.crt: no such file/);
  const key = await runCli(['webhook', 'serve', '--cert', 'package.json', '--key', 'missing.key']);
  assert.equal(key.code, 2);
  assert.match(key.stderr, /cannot read --key missing\.key: no such file/);
});
