import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { redact, redactedMessage } from '../../src/core/redact.js';
import { runCli } from '../support/run-cli.js';
import { MARKER, SECRET_AUDIT_LINES, SECRET_YAML_ERRORS } from './inputs.js';

/*
 * Secret values never leave: a credential-shaped marker planted in every field that reaches an
 * error — YAML tags, aliases, anchors, directives, keys and values around a syntax error, audit
 * log lines that are not JSON or not events, intended connections that are not JSON — appears in
 * no output format and not on stderr, while the error itself is still reported.
 */

const FORMATS = ['table', 'json', 'yaml', 'sarif', 'junit'];

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-redact-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function assertClean(what: string, run: { stdout: string; stderr: string }): void {
  assert.ok(!run.stdout.includes(MARKER), `${what}: stdout quotes the input\n${run.stdout.slice(0, 2000)}`);
  assert.ok(!run.stderr.includes(MARKER), `${what}: stderr quotes the input\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /internal error/, what);
}

describe('secret values never reach a message', () => {
  for (const [name, text] of Object.entries(SECRET_YAML_ERRORS)) {
    test(`YAML error (${name}): reported with file and line in every format, the name never quoted`, async () => {
      for (const format of FORMATS) {
        const run = await runCli(['scan', '-', '-o', format, '--stdin-name', 'secret.yaml'], { stdin: text });
        assert.equal(run.code, 2, `${name} ${format}: ${run.stdout}${run.stderr}`);
        assert.match(run.stdout, /not valid YAML/, `${name} ${format}`);
        assert.match(run.stdout, /secret\.yaml/, `${name} ${format}`);
        assertClean(`${name} -o ${format}`, run);
      }
      const dir = scratch({ 'secret.yaml': text });
      for (const argv of [
        ['fix', dir],
        ['netpol', 'list', dir],
        ['pss', dir],
        ['rbac', 'who-can', 'get', 'secrets', '-f', dir],
      ]) {
        const run = await runCli(argv);
        // rbac reports "nothing was analysed" (3) when its only input did not parse; the others 2
        assert.ok(run.code === 2 || (argv[0] === 'rbac' && run.code === 3), `${argv.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, /secret\.yaml:\d+:\d+: document 1 is not valid YAML/, argv.join(' '));
        assertClean(argv.join(' '), run);
      }
    });
  }

  test('audit log lines that are not JSON or not events: each named by line, none quoted', async () => {
    const dir = scratch({
      'audit.log': `${SECRET_AUDIT_LINES.join('\n')}\n`,
      'rbac.yaml':
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get]}]\n',
    });
    const log = path.join(dir, 'audit.log');
    for (const argv of [
      ['rbac', 'unused', '-f', path.join(dir, 'rbac.yaml'), '--audit-log', log],
      ['rbac', 'generate', '--audit-log', log, '--subject', 'user:u'],
    ]) {
      const run = await runCli(argv);
      for (let line = 1; line <= SECRET_AUDIT_LINES.length; line++)
        assert.match(run.stderr, new RegExp(`audit\\.log:${line}: `), `${argv[1]}: line ${line} reported`);
      assertClean(argv.join(' '), run);
    }
  });

  test('intended connections that are not JSON', async () => {
    const dir = scratch({
      'app.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: web}]}\n',
      'intended.json': `[{"src": "${MARKER}`,
    });
    const run = await runCli([
      'netpol',
      'generate',
      path.join(dir, 'app.yaml'),
      '--connections',
      path.join(dir, 'intended.json'),
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not valid JSON/);
    assertClean('netpol generate', run);
  });

  test('the redaction keeps the kind of problem and drops everything quoted', () => {
    assert.equal(redact(`unknown scalar tag !<!Tag${MARKER}>`), 'unknown scalar tag …');
    assert.equal(redact(`unidentified alias "${MARKER}"`), 'unidentified alias …');
    assert.equal(redact(`alias *${MARKER}, anchor &${MARKER}; tag !${MARKER}!x`), 'alias …, anchor …; tag …');
    assert.equal(
      redact(`Unexpected token 'p', "password=${MARKER}"... is not valid JSON`),
      'Unexpected token …, … is not valid JSON',
    );
    assert.equal(redact(`unterminated "${MARKER} and more`), 'unterminated …');
    assert.equal(redact('nesting exceeded maxDepth (256)'), 'nesting exceeded maxDepth (256)');
    assert.equal(
      redact(`Cannot read properties of undefined (reading '${MARKER}')`),
      'Cannot read properties of undefined (reading …)',
    );
    assert.equal(
      redact('end of the stream or a document separator is expected'),
      'end of the stream or a document separator is expected',
    );
    assert.equal(
      redactedMessage(new RangeError('Invalid string length')),
      'the input is too large or too deeply nested to process',
    );
    assert.equal(redactedMessage({ toString: () => MARKER }), 'an error');
    assert.equal(redactedMessage(new Error(`"${MARKER}"`), 'a syntax error'), 'a syntax error');
  });
});
