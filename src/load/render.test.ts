import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { formatRef, resourceRef } from '../core/resource.js';
import { SYSTEM_RESULT_IDS } from '../core/result.js';
import { loadInputs } from './index.js';
import { renderDirectory } from './render.js';

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-render-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
  'values.yaml': 'image: web:1\n',
  'templates/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: {{ .Values.replicas }}\n',
};

/**
 * Stand-ins for helm and kustomize: small executables on a PATH of their own. They test Rampart's
 * side (finding the tool, the arguments, bounded output, timeouts, failures), not the tools; the
 * real kubectl kustomize is tested below when it is installed.
 */
function fakeTool(name: string, script: string): string {
  const bin = mkdtempSync(path.join(tmpdir(), 'rampart-bin-'));
  const file = path.join(bin, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return bin;
}

const RENDERED = `---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: release-name-web
spec:
  template:
    spec:
      hostPID: true
`;

describe('Helm charts and kustomizations', () => {
  test('a chart without helm on PATH is one input error that says how to render it, not a parse error per template', async () => {
    const dir = workdir(CHART);
    const loaded = await loadInputs([dir], { path: '' });
    assert.deepEqual(
      loaded.problems.map((p) => [p.ruleId, p.verdict, p.location?.file]),
      [[SYSTEM_RESULT_IDS.inputError, 'error', dir]],
    );
    assert.equal(
      loaded.problems[0]?.message,
      `${dir} is a Helm chart, and helm is not on PATH to render it: run helm template ${dir} | rampart scan --stdin-name ${dir} -`,
    );
  });

  test('a chart found below a scanned directory is rendered (or reported) as a whole; the files beside it are read', async () => {
    const chart = Object.fromEntries(Object.entries(CHART).map(([name, text]) => [`charts/shop/${name}`, text]));
    const dir = workdir({ ...chart, 'app/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n' });
    const args = path.join(dir, 'args.txt');
    const bin = fakeTool('helm', `printf '%s\\n' "$@" > '${args}'\ncat <<'EOF'\n${RENDERED}EOF`);
    const loaded = await loadInputs([dir], { path: bin, namespace: 'shop' });
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(
      loaded.resources.map((r) => formatRef(resourceRef(r.object))),
      ['Pod/shop/p', 'Deployment/shop/release-name-web'],
    );
    assert.deepEqual(readFileSync(args, 'utf8').split('\n'), [
      'template',
      '--namespace',
      'shop',
      '--',
      path.join(dir, 'charts/shop'),
      '',
    ]);
    const origin = loaded.resources[1]?.origin;
    assert.ok(origin?.kind === 'file');
    assert.equal(origin.file, path.join(dir, 'charts/shop'));
    assert.equal(origin.template, 'shop/templates/deployment.yaml');
    assert.deepEqual(origin.locate(['spec', 'template', 'spec', 'hostPID']), { line: 10, column: 7 });
  });

  test('a kustomization named on the command line is built with kustomize, else kubectl kustomize', async () => {
    const dir = workdir({ 'kustomization.yaml': 'resources: [pod.yaml]\n', 'pod.yaml': 'kind: Pod\n' });
    const none = await loadInputs([dir], { path: '' });
    assert.match(none.problems[0]?.message ?? '', /is a kustomization, and neither kustomize nor kubectl is on PATH/);
    const output = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: built\n  namespace: shop\n';
    const kubectl = fakeTool('kubectl', `[ "$1" = kustomize ] || exit 9\nprintf '${output.replaceAll('\n', '\\n')}'`);
    const built = await loadInputs([dir], { path: kubectl });
    assert.deepEqual(
      built.resources.map((r) => formatRef(resourceRef(r.object))),
      ['Pod/shop/built'],
    );
    // below a scanned directory a kustomization's files are plain manifests, read as they are
    const parent = workdir({ 'base/kustomization.yaml': 'resources: [pod.yaml]\n', 'base/pod.yaml': output });
    const nested = await loadInputs([parent], { path: '' });
    assert.deepEqual(
      nested.resources.map((r) => formatRef(resourceRef(r.object))),
      ['Pod/shop/built'],
    );
    assert.deepEqual(
      nested.problems.map((p) => p.ruleId),
      [SYSTEM_RESULT_IDS.notAResource],
    );
  });

  test('failures are input errors that quote nothing from the chart; output and time are bounded', async () => {
    const dir = workdir(CHART);
    const failing = fakeTool(
      'helm',
      `echo 'Error: template: shop/templates/x.yaml:3: function "s3cr3t" not defined' >&2\nexit 1`,
    );
    const failed = await loadInputs([dir], { path: failing });
    assert.equal(failed.problems[0]?.verdict, 'error');
    assert.match(failed.problems[0]?.message ?? '', /could not be rendered: helm template failed: template: /);
    assert.doesNotMatch(failed.problems[0]?.message ?? '', /s3cr3t/);

    const flood = fakeTool('helm', 'yes "apiVersion: v1" | head -c 200000');
    const big = await renderDirectory(dir, 'helm', { path: flood, maxSize: 1000 });
    assert.deepEqual(big, {
      error: 'could not be rendered: helm template printed more than the file size limit (--max-file-size)',
    });

    const slow = fakeTool('helm', 'sleep 5');
    const late = await renderDirectory(dir, 'helm', { path: slow, maxSize: 1000, timeoutMs: 100 });
    assert.deepEqual(late, { error: 'could not be rendered: helm template did not finish within 0.1 s' });
  });

  const kubectl = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((d) => path.join(d, 'kubectl'))
    .find((f) => {
      try {
        return readFileSync(f).length > 0;
      } catch {
        return false;
      }
    });
  test('the real kubectl kustomize, when installed', { skip: kubectl ? false : 'kubectl is not on PATH' }, async () => {
    const dir = workdir({
      'kustomization.yaml': 'namespace: shop\nresources: [pod.yaml]\n',
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: true\n',
    });
    const loaded = await loadInputs([dir], { path: path.dirname(kubectl as string) });
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(
      loaded.resources.map((r) => formatRef(resourceRef(r.object))),
      ['Pod/shop/web'],
    );
  });
});
