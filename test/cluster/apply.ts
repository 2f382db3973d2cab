/*
 * kubectl apply, as far as the cluster tests need it: every object of some manifest files created
 * in the test control plane, CustomResourceDefinitions first (then waited for), Namespaces and
 * ServiceAccounts next, admission webhook configurations last (their services never answer), and
 * objects without a namespace put in `default`, as kubectl does.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { ApiClient } from '../../src/cluster/api-client.js';
import { discover, type ServedResource } from '../../src/cluster/discovery.js';
import type { KubeObject } from '../../src/core/resource.js';
import { loadInputs } from '../../src/load/index.js';
import { type KubeHttp, statusMessage } from '../support/kube-http.js';

const FIRST = ['CustomResourceDefinition', 'Namespace', 'ServiceAccount'];
const LAST = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];

function rank(kind: string): number {
  const first = FIRST.indexOf(kind);
  if (first !== -1) return first;
  return LAST.includes(kind) ? 100 : 50;
}

/** Every object of the files, created; returns them in the order they were created. */
export async function applyFiles(http: KubeHttp, kubeconfig: string, paths: readonly string[]): Promise<KubeObject[]> {
  const loaded = await loadInputs(paths);
  const objects = loaded.resources.map((r) => r.object).sort((a, b) => rank(a.kind) - rank(b.kind));
  const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
  for (const crd of crds) await create(http, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  const served = await servedAfterCrds(kubeconfig, crds.length);
  for (const object of objects) {
    if (object.kind === 'CustomResourceDefinition') continue;
    const type = served.get(`${groupOf(object.apiVersion)}/${object.kind}`);
    if (!type) throw new Error(`${object.apiVersion} ${object.kind} is not served by the test control plane`);
    const namespace = type.namespaced ? (object.metadata?.namespace ?? 'default') : undefined;
    const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
    await create(http, `${base}${namespace ? `/namespaces/${namespace}` : ''}/${type.resource}`, object);
  }
  return objects;
}

async function create(http: KubeHttp, path: string, object: KubeObject): Promise<void> {
  const res = await http.post(path, object);
  if (res.status === 201 || res.status === 200 || res.status === 409) return;
  throw new Error(`creating ${object.kind} ${object.metadata?.name}: HTTP ${res.status}: ${statusMessage(res.body)}`);
}

/** Discovery, polled until the new CRDs' kinds are served (establishing a CRD takes a moment). */
async function servedAfterCrds(kubeconfig: string, crds: number): Promise<Map<string, ServedResource>> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  const client = new ApiClient(config, config.getCurrentCluster()?.server ?? '');
  for (let attempt = 0; ; attempt++) {
    const { resources } = await discover(client, 4);
    const map = new Map(resources.map((r) => [`${r.group}/${r.kind}`, r]));
    const custom = resources.filter((r) => r.group.includes('.') && !r.group.endsWith('k8s.io')).length;
    if (custom >= crds || attempt >= 30) return map;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
