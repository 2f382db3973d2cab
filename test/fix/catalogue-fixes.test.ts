import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../support/run-cli.js';
import { scratch } from './support.js';

/*
 * The catalogue's fixes where a fixture pair cannot say it: a pod that is fixed in part (its
 * fixed twin would not pass), and an option that is not a quantity.
 */

interface JsonResult {
  ruleId: string;
  verdict: string;
  path?: string;
  message: string;
  fix?: { operations: { op: string; path: (string | number)[]; value?: unknown }[] };
}

async function results(dir: string): Promise<JsonResult[]> {
  const run = await runCli(['scan', dir, '-o', 'json'], { cwd: dir });
  return JSON.parse(run.stdout).results;
}

const MIXED = `apiVersion: v1
kind: Pod
metadata:
  name: mixed
spec:
  containers:
  - name: web
    image: registry.example/web:1.0
    securityContext:
      runAsUser: 0
  - name: sidecar
    image: registry.example/sidecar:1.0
`;

describe('pss-run-as-non-root fix', () => {
  test('with a container run as UID 0, the others get the field one by one and it keeps its finding', async () => {
    const dir = scratch({ 'pod.yaml': MIXED });
    const found = (await results(dir)).filter((r) => r.ruleId === 'pss-run-as-non-root');
    assert.deepEqual(
      found.map((r) => [r.path, r.fix?.operations]),
      [
        ['spec.containers[0].securityContext.runAsNonRoot', undefined],
        [
          'spec.containers[1].securityContext.runAsNonRoot',
          [{ op: 'set', path: ['spec', 'containers', 1, 'securityContext', 'runAsNonRoot'], value: true }],
        ],
      ],
    );
    assert.equal((await runCli(['fix', '--write', dir, '--rule', 'pss-run-as-non-root'])).code, 0);
    const text = readFileSync(path.join(dir, 'pod.yaml'), 'utf8');
    assert.equal(
      text,
      MIXED.replace(
        '    image: registry.example/sidecar:1.0\n',
        '    image: registry.example/sidecar:1.0\n    securityContext:\n      runAsNonRoot: true\n',
      ),
    );
    const left = (await results(dir)).filter((r) => r.ruleId === 'pss-run-as-non-root');
    assert.deepEqual(
      left.map((r) => [r.path, r.fix]),
      [['spec.containers[0].securityContext.runAsNonRoot', undefined]],
    );
  });
});

describe('resource request fixes', () => {
  test('fixValue from rampart.yaml is the value set; a value that is not a quantity is a configuration error naming the option', async () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: registry.example/c:1.0\n';
    const good = scratch({
      'pod.yaml': pod,
      'rampart.yaml': 'rules:\n  container-cpu-request:\n    options: {fixValue: 250m}\n',
    });
    const cpu = (await results(good)).find((r) => r.ruleId === 'container-cpu-request');
    assert.deepEqual(cpu?.fix?.operations, [
      { op: 'set', path: ['spec', 'containers', 0, 'resources', 'requests', 'cpu'], value: '250m' },
    ]);
    for (const bad of ['lots', '0', '-1', '1e3m']) {
      const dir = scratch({
        'pod.yaml': pod,
        'rampart.yaml': `rules:\n  container-memory-request:\n    options: {fixValue: "${bad}"}\n`,
      });
      // Checked against the rule's option schema before anything runs: exit 2, nothing scanned.
      const run = await runCli(['scan', dir, '-o', 'json'], { cwd: dir });
      assert.equal(run.code, 2, `${bad}: a configuration error is exit 2`);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /rampart\.yaml:3:15: rules\.container-memory-request\.options\.fixValue must be a positive Kubernetes quantity/,
      );
      if (bad === 'lots') assert.ok(!run.stderr.includes(bad), 'the value is not quoted back');
    }
  });
});
