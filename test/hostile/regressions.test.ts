import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchesSelector } from '../../src/core/inventory.js';
import { fixText } from '../../src/fix/index.js';
import { runCli } from '../support/run-cli.js';
import {
  configMapLongKey,
  configMapLongValue,
  PROTOTYPE_NAMES,
  podWithContainers,
  prototypeNamedObjects,
  WRONG_TYPES,
} from './inputs.js';

/*
 * The reproductions of issue 16, at sizes that keep `npm test` fast; each once hung Rampart,
 * crashed it or passed silently. A hang fails by the test's timeout (a guard, not a benchmark:
 * the scaling suite measures how time grows). Larger sizes: test/hostile/measure.ts.
 */

const GUARD = { timeout: 60_000 };

describe('hostile input: each reproduction ends with a correct result', () => {
  test(
    'a pod with 3,000 containers: 100 findings per rule located at their containers, one result counts the rest',
    GUARD,
    async () => {
      const run = await runCli(['scan', '-', '-o', 'json', '--stdin-name', 'pod.yaml'], {
        stdin: podWithContainers(3_000),
      });
      assert.equal(run.code, 1, run.stderr);
      const privileged = JSON.parse(run.stdout).results.filter(
        (r: { ruleId: string }) => r.ruleId === 'pss-privileged',
      );
      assert.equal(privileged.length, 101);
      assert.deepEqual(privileged[99].location, { file: 'pod.yaml', line: 8 + 4 * 99 + 3, column: 7 });
      const rest = privileged[100];
      assert.equal(rest.verdict, 'fail');
      assert.equal(rest.severity, privileged[0].severity);
      assert.match(rest.message, /^2900 more findings of this rule on this resource not listed: at most 100 per rule/);
      assert.deepEqual(rest.location, { file: 'pod.yaml', line: 1, column: 1 });
      const table = await runCli(['scan', '-'], { stdin: podWithContainers(3_000) });
      assert.equal(table.code, 1, table.stderr);
    },
  );

  test('the result that counts the unlisted findings is suppressed with them', GUARD, async () => {
    const stdin = podWithContainers(300).replace(
      '  namespace: shop\n',
      '  namespace: shop\n  annotations:\n    rampart.dev/ignore: "pss-privileged -- test"\n',
    );
    const run = await runCli(['scan', '-', '-o', 'json'], { stdin });
    assert.equal(run.code, 0, run.stderr); // suppressed, the rest does not fail the scan
    const privileged = JSON.parse(run.stdout).results.filter((r: { ruleId: string }) => r.ruleId === 'pss-privileged');
    assert.equal(privileged.length, 101);
    assert.ok(privileged.every((r: { suppressed?: unknown }) => r.suppressed));
  });

  test('fix on 2,000 containers: every container fixed', GUARD, async () => {
    const run = await runCli(['fix', '-', '--rule', 'container-read-only-root-filesystem'], {
      stdin: podWithContainers(2_000),
    });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout.match(/^\+ {6}readOnlyRootFilesystem: true$/gm)?.length, 2_000);
  });

  test('fixes inside a list item that an earlier fix made null are judged on the whole document', () => {
    const text = '{"kind": "Pod", "spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b"}]}}\n';
    const result = fixText(text, [
      {
        document: 0,
        fixes: [
          { operations: [{ op: 'set', path: ['spec', 'containers', 0], value: null }] },
          { operations: [{ op: 'remove', path: ['spec', 'containers', 0, 'image'] }] },
          { operations: [{ op: 'set', path: ['spec', 'containers', 1, 'image'], value: 'y' }] },
        ],
      },
    ]);
    assert.ok('text' in result, JSON.stringify(result));
    assert.deepEqual(
      result.statuses[0]?.map((s) => s.status),
      ['applied', 'unchanged', 'applied'],
    );
    assert.deepEqual(JSON.parse(result.text).spec.containers, [null, { name: 'b', image: 'y' }]);
  });

  test('a 1 MB upper-case ConfigMap key, and 1 MB values built to make patterns restart', GUARD, async () => {
    for (const text of [
      configMapLongKey(1 << 20),
      configMapLongKey(1 << 20, 'aA'),
      configMapLongValue(1 << 20, 'a.').replace('"', '"eyJ '),
      configMapLongValue(1 << 20, 'eyJ-'),
      configMapLongValue(1 << 20, '${'),
      configMapLongValue(1 << 20, '{{'),
    ]) {
      for (const argv of [
        ['scan', '-'],
        ['fix', '-'],
      ]) {
        const run = await runCli(argv, { stdin: text });
        assert.ok(run.code === 0 || run.code === 1, `${argv[0]}: ${run.stderr}`);
      }
    }
  });

  for (const name of PROTOTYPE_NAMES) {
    test(`"${name}" as kind, name, namespace, key and label reaches no internal error`, async () => {
      for (const argv of [
        ['scan', '-', '-o', 'json'],
        ['fix', '-'],
        ['pss', '-'],
        ['netpol', 'list', '-'],
        ['netpol', 'gaps', '-'],
        ['rbac', 'paths', '-f', '-'],
        ['rbac', 'workloads', '-f', '-'],
        ['rbac', 'who-can', 'get', 'pods', '-f', '-'],
      ]) {
        const run = await runCli(argv, { stdin: prototypeNamedObjects(name) });
        assert.ok(run.code >= 0 && run.code <= 3, `${argv.join(' ')}: exit ${run.code}`);
        assert.doesNotMatch(
          run.stdout + run.stderr,
          /internal error|failed on this resource|\[object Object\]/,
          argv.join(' '),
        );
      }
    });
  }

  test('a label named __proto__ is a label: a selector on it matches', async () => {
    // own keys, as the YAML loader and JSON.parse make them, never the prototype
    const labels = JSON.parse('{"app": "web", "__proto__": "x"}') as Record<string, string>;
    assert.equal(matchesSelector(JSON.parse('{"matchLabels": {"__proto__": "x"}}'), labels), true);
    assert.equal(matchesSelector(JSON.parse('{"matchLabels": {"__proto__": "x"}}'), { app: 'web' }), false);
    assert.equal(
      matchesSelector({ matchExpressions: [{ key: '__proto__', operator: 'Exists' }] }, { app: 'web' }),
      false,
    );
    // the API server refuses `__proto__` as a label key, so a NetworkPolicy selecting on it is an
    // input error (exit 2) and left out: the workload stays unisolated, and nothing breaks
    const text = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web, __proto__: x}}\n    spec: {containers: [{name: web, image: web}]}',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {__proto__: x}}\n  ingress: []',
    ].join('\n---\n');
    const run = await runCli(['netpol', 'list', '-'], { stdin: text });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /NetworkPolicy shop\/p: a label key is not a valid label name/);
    assert.match(run.stdout, /=> shop\/web\[Deployment\] : All Connections/);
  });

  test('fields of the wrong type: the object is skipped with the field named, never passed in silence', async () => {
    for (const [name, text] of Object.entries(WRONG_TYPES)) {
      // no pod template (each rule skips it); RBAC objects and NetworkPolicies: their analyzers check types
      if (
        [
          'specString',
          'templateList',
          'secretData',
          'rulesString',
          'verbsNumber',
          'subjectsString',
          'policyIngressString',
        ].includes(name)
      )
        continue;
      const run = await runCli(['scan', '-', '-o', 'json'], { stdin: text });
      const results = JSON.parse(run.stdout).results as { ruleId: string; verdict: string; message: string }[];
      const invalid = results.find((r) => r.ruleId === 'invalid-object');
      assert.ok(invalid, `${name}: ${JSON.stringify(results.map((r) => r.ruleId))}`);
      assert.equal(invalid.verdict, 'skip');
      assert.match(
        invalid.message,
        / is not (a list|a mapping|a string|an integer|true or false), so the API server would refuse this object; it was not checked$/,
      );
      assert.equal(run.code, 3, `${name}: nothing else was scanned`);
    }
  });
});
