/*
 * A list whose continue token outlives etcd's compaction gets `410 Gone` from the API server, and
 * the collector starts that kind's list again. The API server here compacts every second and reads
 * lists from etcd (no watch cache, which would serve the old revision); the
 * test pauses after the first page of ConfigMaps and writes meanwhile, so the real server expires
 * the token. Run by `npm run test:cluster`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiClient, type ApiResponse } from '../../src/cluster/api-client.js';
import { collect } from '../../src/cluster/collect.js';
import type { Discovery } from '../../src/cluster/discovery.js';
import { type ControlPlane, startControlPlane } from '../support/control-plane/index.js';

const binDir = process.env.RAMPART_CONTROL_PLANE_BIN;
if (!binDir) throw new Error('RAMPART_CONTROL_PLANE_BIN is not set: run these tests with npm run test:cluster');

let cp: ControlPlane;
before(async () => {
  cp = await startControlPlane({
    binDir,
    controllerManager: false,
    apiserverFlags: ['--etcd-compaction-interval=1s', '--watch-cache=false'],
  });
});
after(async () => {
  await cp?.stop();
});

/** A client that, once, after the first page of ConfigMaps, writes more and waits past two compactions. */
class PausingClient extends ApiClient {
  paused = false;
  statuses: number[] = [];

  override async get(apiPath: string, query: Record<string, string> = {}): Promise<ApiResponse> {
    const response = await super.get(apiPath, query);
    if (apiPath.endsWith('/configmaps')) {
      this.statuses.push(response.status);
      if (!this.paused && query.continue === undefined) {
        this.paused = true;
        for (let i = 0; i < 5; i++) await configMap(`late-${i}`);
        await new Promise((resolve) => setTimeout(resolve, 4_000));
      }
    }
    return response;
  }
}

async function configMap(name: string): Promise<void> {
  await cp.http.create('/api/v1/namespaces/default/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data: { a: '1' },
  });
}

test('a continue token that expired (410) starts the list again, and the kind is read whole', async () => {
  for (let i = 0; i < 30; i++) await configMap(`early-${i}`);
  const config = new KubeConfig();
  config.loadFromFile(cp.admin.kubeconfig);
  const client = new PausingClient(config, cp.server);
  const discovery: Discovery = {
    serverVersion: { gitVersion: '', major: '', minor: '' },
    groupVersions: ['v1'],
    undiscovered: [],
    resources: [{ group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true }],
  };
  const { objects, skipped } = await collect(client, discovery, { pageSize: 10 });
  assert.deepEqual(skipped, []);
  assert.ok(client.statuses.includes(410), `the server expired the token (statuses ${client.statuses.join(' ')})`);
  const names = objects.filter((o) => o.metadata?.namespace === 'default').map((o) => o.metadata?.name);
  assert.equal(names.filter((n) => n?.startsWith('early-')).length, 30);
  assert.equal(names.filter((n) => n?.startsWith('late-')).length, 5, 'the fresh list has what was written meanwhile');
  assert.equal(new Set(names).size, names.length, 'no object twice');
});
