import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { stringify } from 'yaml';
import { ClusterError } from './api-client.js';
import { connect } from './kubeconfig.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rampart-kubeconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function kubeconfig(name: string, contexts: string[], current: string): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: contexts.map((c) => ({ name: c, cluster: { server: `https://${c}.example:6443` } })),
      users: contexts.map((c) => ({ name: c, user: { token: `token-${c}` } })),
      contexts: contexts.map((c) => ({ name: c, context: { cluster: c, user: c } })),
      'current-context': current,
    }),
  );
  return file;
}

const a = kubeconfig('a.yaml', ['dev'], 'dev');
const b = kubeconfig('b.yaml', ['prod', 'staging'], 'staging');

test('KUBECONFIG files are merged; the first current context wins; --context picks another', () => {
  const env = { KUBECONFIG: [a, path.join(dir, 'missing.yaml'), b].join(path.delimiter) };
  assert.deepEqual(pick(connect({ env, cwd: dir })), ['dev', 'https://dev.example:6443']);
  assert.deepEqual(pick(connect({ env, cwd: dir, context: 'prod' })), ['prod', 'https://prod.example:6443']);
});

test('--kubeconfig wins over KUBECONFIG; relative to the working directory', () => {
  const env = { KUBECONFIG: a };
  assert.deepEqual(pick(connect({ env, cwd: dir, kubeconfig: 'b.yaml' })), ['staging', 'https://staging.example:6443']);
});

test('what cannot be used is a ClusterError that names no credential', () => {
  const cases: [Parameters<typeof connect>[0], RegExp][] = [
    [{ env: {}, cwd: dir }, /no kubeconfig/],
    [{ env: {}, cwd: dir, kubeconfig: 'nope.yaml' }, /--kubeconfig nope.yaml: no such file/],
    [{ env: { KUBECONFIG: path.join(dir, 'nope') }, cwd: dir }, /none of the files in KUBECONFIG exists/],
    [{ env: {}, cwd: dir, kubeconfig: a, context: 'prod' }, /no context "prod"/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => connect(options),
      (error: Error) =>
        error instanceof ClusterError && message.test(error.message) && !error.message.includes('token-'),
    );
  }
});

function pick(connection: ReturnType<typeof connect>): [string, string] {
  return [connection.context, connection.server];
}
