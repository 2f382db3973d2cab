import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ClusterError } from './api-client.js';
import type { Collection } from './collection.js';
import { isSnapshotFile, readSnapshot, writeSnapshot } from './snapshot.js';
import { collectionSource } from './source.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rampart-snapshot-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const collection: Collection = {
  context: 'prod-admin',
  cluster: 'prod',
  serverVersion: { gitVersion: 'v1.37.2', major: '1', minor: '37', platform: 'linux/amd64' },
  groupVersions: ['apps/v1', 'v1'],
  resources: [{ group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true }],
  undiscovered: [{ groupVersion: 'metrics.k8s.io/v1beta1', reason: 'HTTP 503 ServiceUnavailable' }],
  skipped: [
    {
      group: '',
      version: 'v1',
      resource: 'secrets',
      kind: 'Secret',
      reason: 'forbidden (403): the credentials may not list it',
    },
  ],
  objects: [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: {} },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, data: { token: 'c2VjcmV0' } },
  ],
};

test('a snapshot reads back as the collection it was written from, Secret values removed', async () => {
  const file = path.join(dir, 'cluster.json.gz');
  await writeSnapshot(collection, file, new Date('2026-12-01T00:00:00Z'));
  assert.ok(isSnapshotFile(file));
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  assert.ok(!text.includes('c2VjcmV0'));
  const doc = JSON.parse(text);
  assert.equal(doc.kind, 'ClusterSnapshot');
  assert.equal(doc.createdAt, '2026-12-01T00:00:00.000Z');
  const read = await readSnapshot(file);
  assert.deepEqual(read, {
    ...collection,
    objects: [collection.objects[0], { ...collection.objects[1], data: { token: '' } }],
  });
});

test('its source gives the objects with a cluster origin, and every skipped kind and group as a skip with a reason', async () => {
  const loaded = await collectionSource(collection).load();
  assert.ok(loaded.resources.every((r) => r.origin.kind === 'cluster' && r.origin.context === 'prod-admin'));
  // the objects, then the facts only a cluster has, as one more object rules read
  assert.deepEqual(
    loaded.resources.map((r) => `${r.object.kind}/${r.object.metadata?.name}`),
    ['Deployment/web', 'Secret/s', 'ClusterInfo/prod'],
  );
  assert.deepEqual(loaded.resources[2]?.object.serverVersion, collection.serverVersion);
  assert.deepEqual(
    loaded.problems.map((p) => [p.ruleId, p.verdict, p.skipReason, p.message]),
    [
      [
        'kind-skipped',
        'skip',
        'HTTP 503 ServiceUnavailable',
        'the resources of metrics.k8s.io/v1beta1 could not be discovered: HTTP 503 ServiceUnavailable',
      ],
      [
        'kind-skipped',
        'skip',
        'forbidden (403): the credentials may not list it',
        'secrets (Secret, v1) was not read: forbidden (403): the credentials may not list it',
      ],
    ],
  );
});

test('a file that is not a snapshot is refused without quoting it', async () => {
  const plain = path.join(dir, 'plain.yaml');
  writeFileSync(plain, 'apiVersion: v1\nkind: Secret\ndata: {password: aHVudGVyMg==}\n');
  assert.equal(isSnapshotFile(plain), false);
  const notJson = path.join(dir, 'not.json.gz');
  writeFileSync(notJson, gzipSync('password: aHVudGVyMg=='));
  const other = path.join(dir, 'other.json.gz');
  writeFileSync(other, gzipSync(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] })));
  const badItem = path.join(dir, 'bad.json.gz');
  writeFileSync(
    badItem,
    gzipSync(
      JSON.stringify({
        apiVersion: 'rampart.dev/v1alpha1',
        kind: 'ClusterSnapshot',
        items: [{ password: 'aHVudGVyMg==' }],
      }),
    ),
  );
  for (const [file, message] of [
    [plain, /not a gzipped snapshot/],
    [notJson, /not valid JSON/],
    [other, /not a Rampart cluster snapshot/],
    [badItem, /an item of the snapshot is not a Kubernetes object/],
  ] as const) {
    await assert.rejects(readSnapshot(file), (error: Error) => {
      assert.ok(error instanceof ClusterError);
      assert.match(error.message, message);
      assert.ok(!error.message.includes('aHVudGVyMg'));
      return true;
    });
  }
});
