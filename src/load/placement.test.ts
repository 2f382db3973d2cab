import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { formatRef, resourceRef } from '../core/resource.js';
import { SYSTEM_RESULT_IDS } from '../core/result.js';
import { loadInputs } from './index.js';

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-placement-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const object = (apiVersion: string, kind: string, name: string, namespace?: string, extra = '') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}${extra}`;

const refs = (loaded: { resources: readonly { object: Parameters<typeof resourceRef>[0] }[] }) =>
  loaded.resources.map((r) => formatRef(resourceRef(r.object)));

describe('placing objects as kubectl apply places them', () => {
  const manifests = [
    object('apps/v1', 'Deployment', 'web'),
    object('v1', 'Service', 'web', 'shop'),
    object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader', 'shop'),
    object('v1', 'Namespace', 'shop'),
    object(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      'gates.example.com',
      undefined,
      'spec:\n  group: example.com\n  scope: Cluster\n  names: {kind: Gate, plural: gates}\n',
    ),
    object('example.com/v1', 'Gate', 'front'),
    object('other.example/v1', 'Widget', 'w'),
  ].join('---\n');

  test('--namespace gives namespaced objects without one their namespace; cluster-scoped ones never have one', async () => {
    const dir = workdir({ 'all.yaml': manifests });
    const loaded = await loadInputs([dir], { namespace: 'shop' });
    assert.deepEqual(refs(loaded), [
      'Deployment/shop/web',
      'Service/shop/web',
      'ClusterRole/reader',
      'Namespace/shop',
      'CustomResourceDefinition/gates.example.com',
      'Gate/front',
      'Widget/shop/w',
    ]);
    assert.deepEqual(loaded.problems, []);
    const deployment = loaded.resources[0];
    assert.ok(deployment?.origin.kind === 'file');
    assert.equal(deployment.origin.locate(['metadata', 'namespace']).line, 3, 'located at metadata');
  });

  test('without --namespace nothing is invented; a cluster-scoped object still drops its namespace', async () => {
    const loaded = await loadInputs([workdir({ 'all.yaml': manifests })]);
    assert.deepEqual(refs(loaded).slice(0, 3), ['Deployment/web', 'Service/shop/web', 'ClusterRole/reader']);
  });

  test('an object of another namespace is an input error at its metadata.namespace, as kubectl refuses it', async () => {
    const dir = workdir({ 'a.yaml': object('v1', 'ConfigMap', 'settings', 'billing') });
    const loaded = await loadInputs([dir], { namespace: 'shop' });
    assert.deepEqual(refs(loaded), ['ConfigMap/billing/settings']);
    assert.deepEqual(
      loaded.problems.map((p) => [p.ruleId, p.verdict, p.path, p.location?.line, p.location?.column]),
      [[SYSTEM_RESULT_IDS.inputError, 'error', 'metadata.namespace', 5, 3]],
    );
    assert.match(loaded.problems[0]?.message ?? '', /metadata\.namespace is billing but --namespace is shop/);
    const kept = await loadInputs([dir], { namespace: 'shop', otherNamespaces: 'keep' });
    assert.deepEqual(kept.problems, []);
  });

  test('the same object twice: the last definition is kept, with one warning that names the earlier one', async () => {
    const dir = workdir({
      'a.yaml': object('apps/v1', 'Deployment', 'web', 'shop', 'spec: {replicas: 1}\n'),
      'b.yaml': `${object('v1', 'Service', 'web', 'shop')}---\n${object('apps/v1', 'Deployment', 'web', 'shop', 'spec: {replicas: 3}\n')}`,
    });
    const loaded = await loadInputs([dir]);
    assert.deepEqual(refs(loaded), ['Service/shop/web', 'Deployment/shop/web']);
    assert.deepEqual(loaded.resources[1]?.object.spec, { replicas: 3 });
    assert.equal(loaded.problems.length, 1);
    const [warning] = loaded.problems;
    assert.equal(warning?.ruleId, SYSTEM_RESULT_IDS.duplicateObject);
    assert.equal(warning?.verdict, 'warn');
    assert.deepEqual(warning?.location, { file: path.join(dir, 'b.yaml'), line: 7, column: 1 });
    assert.equal(
      warning?.message,
      `Deployment/shop/web is also defined at ${path.join(dir, 'a.yaml')}:1; kubectl apply leaves the last definition, this one, and only this one was scanned`,
    );
  });

  test('identity: API group, kind, namespace as placed, name; a file named twice is one definition', async () => {
    const dir = workdir({
      'a.yaml': [
        object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader', 'shop'),
        object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'),
        object('apps/v1', 'Deployment', 'web'),
        object('apps/v1', 'Deployment', 'web', 'default'),
        object('example.com/v1', 'Deployment', 'web'),
        'apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: job-\n',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: job-\n',
      ].join('---\n'),
    });
    const loaded = await loadInputs([dir, path.join(dir, 'a.yaml')]);
    assert.deepEqual(refs(loaded), [
      'ClusterRole/reader',
      'Deployment/web',
      'Deployment/default/web',
      'Deployment/web',
      'Pod/job-*',
      'Pod/job-*',
    ]);
    assert.deepEqual(
      loaded.problems.map((p) => [p.ruleId, p.location?.line]),
      [[SYSTEM_RESULT_IDS.duplicateObject, 7]],
      'the two ClusterRoles are one object; the file read twice adds no warning',
    );
    const placed = await loadInputs([dir], { namespace: 'default' });
    assert.deepEqual(
      placed.problems.map((p) => p.message.split(' is also')[0]),
      ['ClusterRole/reader', 'Deployment/default/web'],
      'with --namespace default the namespace-less Deployment is the same object as the one in default',
    );
  });
});
