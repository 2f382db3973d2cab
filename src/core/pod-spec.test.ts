import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { containersOf, podTemplate } from './pod-spec.js';

const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app' }, { name: 'db' }] } } },
});

describe('podTemplate', () => {
  test('finds the pod of a workload, with paths into the object', () => {
    const pod = podTemplate(deployment('a'));
    assert.deepEqual(pod?.specPath, ['spec', 'template', 'spec']);
    assert.deepEqual(pod?.metadataPath, ['spec', 'template', 'metadata']);
    assert.deepEqual(
      containersOf(pod as NonNullable<typeof pod>).map((c) => [c.name, c.path]),
      [
        ['app', ['spec', 'template', 'spec', 'containers', 0]],
        ['db', ['spec', 'template', 'spec', 'containers', 1]],
      ],
    );
    assert.equal(podTemplate(deployment('b'))?.specPath, pod?.specPath, 'pods of one kind share their paths');
  });

  test('kinds named like members of Object.prototype have no pod', () => {
    for (const kind of ['toString', '__proto__', 'constructor', 'hasOwnProperty'])
      assert.equal(podTemplate({ apiVersion: 'v1', kind }), undefined, kind);
  });
});
