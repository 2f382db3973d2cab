import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadText } from '../load/index.js';
import { parseBaseline } from './baseline.js';
import { UsageError } from './errors.js';
import { EXIT } from './exit-code.js';
import { createScanner } from './scanner.js';
import { resourceSource } from './source.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  hostPID: true
  containers:
  - name: web
    image: nginx:1.27
    securityContext: {privileged: true}
`;

/** What a cluster scan or an admission request hands the service: resources already in memory. */
const inMemory = (text: string) => resourceSource(loadText({ text }, 'cluster://shop').resources);

function config(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-scan-'));
  writeFileSync(path.join(dir, 'rampart.yaml'), text);
  return dir;
}

describe('the scan service', () => {
  test('resources from memory, the same verdicts as from files, each result holding its resource', async () => {
    const scanner = await createScanner({ only: ['pss-privileged', 'pss-host-namespaces'] });
    const outcome = await scanner.scan(inMemory(POD));
    const fails = outcome.results.filter((r) => r.verdict === 'fail');
    assert.deepEqual(
      fails.map((r) => [r.ruleId, r.path]),
      [
        ['pss-host-namespaces', 'spec.hostPID'],
        ['pss-privileged', 'spec.containers[0].securityContext.privileged'],
      ],
    );
    assert.ok(fails.every((r) => r.subject === outcome.resources[0]));
    assert.doesNotMatch(JSON.stringify(outcome.results), /nginx/, 'the object never serializes with its results');
    assert.equal(outcome.exitCode, EXIT.findings);
  });

  test('flags win over rampart.yaml, which wins over the command default; exceptions apply', async () => {
    const cwd = config(`failOn: critical
pss: {level: baseline}
exceptions:
  - rules: [pss-privileged]
    match: {namespace: shop}
    reason: the node agent needs it
`);
    const fromConfig = await createScanner({ configFile: { cwd }, defaultFailOn: 'info' });
    assert.equal(fromConfig.failOn, 'critical');
    assert.equal(fromConfig.settings.pss.level, 'baseline');
    const outcome = await fromConfig.scan(inMemory(POD));
    const privileged = outcome.results.find((r) => r.ruleId === 'pss-privileged');
    assert.equal(privileged?.suppressed?.reason, 'the node agent needs it');
    assert.equal(outcome.exitCode, EXIT.clean, 'the only critical finding is accepted');
    const overridden = await createScanner({
      configFile: { cwd },
      overrides: { failOn: 'high', pss: { level: 'restricted' } },
    });
    assert.equal(overridden.failOn, 'high');
    assert.equal(overridden.settings.pss.level, 'restricted');
    assert.equal((await overridden.scan(inMemory(POD))).exitCode, EXIT.findings);
  });

  test('a selection with a misspelt rule id is refused before anything runs', async () => {
    await assert.rejects(createScanner({ only: ['pss-privilegd'] }), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, 'unknown rule "pss-privilegd"; did you mean "pss-privileged"?');
      return true;
    });
  });

  test('nothing scanned: no objects at all, or nothing the selected rules judge', async () => {
    const empty = await (await createScanner()).scan(resourceSource([]));
    assert.equal(empty.exitCode, EXIT.nothingScanned);
    const scanner = await createScanner({ only: ['pss-privileged'], nothingReason: 'no Pods or workloads' });
    const configMap = await scanner.scan(inMemory('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'));
    assert.equal(configMap.exitCode, EXIT.nothingScanned);
    assert.equal(configMap.nothingScanned, 'no Pods or workloads');
  });

  test('a baseline leaves out the findings it has, by rule, resource and path', async () => {
    const scanner = await createScanner({ only: ['pss-privileged', 'pss-host-namespaces'] });
    const first = await scanner.scan(inMemory(POD));
    const document = {
      schemaVersion: 1,
      results: first.results
        .filter((r) => r.ruleId === 'pss-privileged')
        .map((r) => ({ ruleId: r.ruleId, verdict: r.verdict, resource: r.resource, path: r.path })),
    };
    const baseline = parseBaseline(JSON.stringify(document), 'previous.json');
    const next = await (await createScanner({ only: ['pss-privileged', 'pss-host-namespaces'], baseline })).scan(
      inMemory(`# a comment moves every line\n${POD}`),
    );
    assert.deepEqual(
      next.results.filter((r) => r.verdict === 'fail').map((r) => r.ruleId),
      ['pss-host-namespaces'],
    );
    assert.deepEqual(next.baseline, { file: 'previous.json', known: 1 });
  });
});
