/*
 * Puts a policy suite's world on the API server and takes it away again: CRDs, Namespaces (with
 * the suite's labels), params and stored objects, policies and bindings, and RBAC for the users the
 * cases impersonate (write access to everything, plus exactly the suite's authorizer grants).
 */
import type { KubeObject } from '../../src/core/resource.js';
import type { CaseResult, Suite } from '../../src/policy/suite/index.js';
import { statusMessage } from '../support/kube-http.js';
import type { OracleContext } from './oracle.js';

export interface Created {
  path: string;
  /** A namespace that existed before: only these labels were added, and are removed again. */
  addedLabels?: string[];
  namespace?: boolean;
}

interface ApiResource {
  name: string;
  namespaced: boolean;
}

const discovery = new Map<string, Map<string, ApiResource>>();

async function resourceFor(ctx: OracleContext, apiVersion: string, kind: string): Promise<ApiResource> {
  for (let attempt = 0; attempt < 40; attempt++) {
    let kinds = discovery.get(apiVersion);
    if (!kinds) {
      const res = await ctx.cp.http.get<{ resources: { name: string; kind: string; namespaced: boolean }[] }>(
        apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`,
      );
      if (res.status === 200) {
        kinds = new Map(
          res.body.resources
            .filter((r) => !r.name.includes('/'))
            .map((r) => [r.kind, { name: r.name, namespaced: r.namespaced }]),
        );
        discovery.set(apiVersion, kinds);
      }
    }
    const found = kinds?.get(kind);
    if (found) return found;
    // A CRD the suite just created takes a moment to be served.
    discovery.delete(apiVersion);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API server serves no ${kind} in ${apiVersion}`);
}

export async function pathOf(ctx: OracleContext, object: KubeObject, withName: boolean): Promise<string> {
  const { name: plural, namespaced } = await resourceFor(ctx, object.apiVersion, object.kind);
  const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  const ns = namespaced ? `/namespaces/${object.metadata?.namespace ?? 'default'}` : '';
  return `${base}${ns}/${plural}${withName ? `/${object.metadata?.name}` : ''}`;
}

const ORDER = (o: KubeObject) =>
  o.kind === 'CustomResourceDefinition' ? 0 : o.kind === 'Namespace' ? 1 : o.kind.endsWith('Binding') ? 3 : 2;

/** Policies the server refused at creation (it compiles their expressions then), with its message. */
export type Refusals = Map<string, string>;

/**
 * Creates the objects (and any namespace they or the cases use), recording what to remove. A
 * policy the server refuses is recorded in `refused` rather than failing the suite.
 */
export async function createObjects(
  ctx: OracleContext,
  objects: KubeObject[],
  cases: readonly CaseResult[],
  created: Created[],
  refused: Refusals = new Map(),
): Promise<void> {
  const namespaces = new Set<string>();
  for (const o of objects)
    if (o.kind !== 'Namespace' && typeof o.metadata?.namespace === 'string') namespaces.add(o.metadata.namespace);
  for (const c of cases)
    if (c.attributes.resource.namespaced && c.attributes.namespace) namespaces.add(c.attributes.namespace);
  const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => String(o.metadata?.name)));
  for (const name of namespaces) {
    if (declared.has(name)) continue;
    const res = await ctx.cp.http.get(`/api/v1/namespaces/${name}`);
    if (res.status === 404) {
      await ctx.cp.http.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      created.push({ path: `/api/v1/namespaces/${name}`, namespace: true });
    }
  }
  for (const object of [...objects].sort((a, b) => ORDER(a) - ORDER(b))) {
    if (object.kind === 'Namespace') {
      await createNamespaceObject(ctx, object, created);
      continue;
    }
    const body = { ...object, metadata: { ...object.metadata } };
    delete (body.metadata as Record<string, unknown>).resourceVersion;
    const res = await ctx.cp.http.post(await pathOf(ctx, object, false), body);
    if (res.status === 422 && /AdmissionPolicy$/.test(object.kind)) {
      refused.set(`${object.kind}/${object.metadata?.name}`, statusMessage(res.body));
      continue;
    }
    if (res.status !== 201 && res.status !== 200) {
      throw new Error(
        `creating ${object.kind} ${object.metadata?.name}: HTTP ${res.status}: ${statusMessage(res.body)}`,
      );
    }
    created.push({ path: await pathOf(ctx, object, true) });
    if (object.kind === 'CustomResourceDefinition') await waitEstablished(ctx, String(object.metadata?.name));
  }
}

async function createNamespaceObject(ctx: OracleContext, object: KubeObject, created: Created[]): Promise<void> {
  const name = String(object.metadata?.name);
  const labels = (object.metadata?.labels ?? {}) as Record<string, string>;
  const existing = await ctx.cp.http.get(`/api/v1/namespaces/${name}`);
  if (existing.status === 404) {
    await ctx.cp.http.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
    created.push({ path: `/api/v1/namespaces/${name}`, namespace: true });
    return;
  }
  // `default` and friends cannot be recreated: lend them the suite's labels for the suite's time.
  const res = await ctx.cp.http.request(
    'PATCH',
    `/api/v1/namespaces/${name}`,
    { metadata: { labels } },
    { contentType: 'application/merge-patch+json' },
  );
  if (res.status !== 200)
    throw new Error(`labelling namespace ${name}: HTTP ${res.status}: ${statusMessage(res.body)}`);
  created.push({ path: `/api/v1/namespaces/${name}`, addedLabels: Object.keys(labels) });
}

async function waitEstablished(ctx: OracleContext, name: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const res = await ctx.cp.http.get<{ status?: { conditions?: { type: string; status: string }[] } }>(
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
    );
    if (res.body.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`CRD ${name} was not established within 30 s`);
}

/**
 * The impersonated users may write anything (so the request reaches admission), and hold the
 * suite's authorizer grants — nothing else, so `authorizer` checks answer as offline.
 */
export async function grantRbac(ctx: OracleContext, suite: Suite, created: Created[]): Promise<void> {
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  const make = async (path: string, object: Record<string, unknown>) => {
    await ctx.cp.http.create(path, object);
    created.push({ path: `${path}/${(object.metadata as { name: string }).name}` });
  };
  await make(`${rbac}/clusterroles`, {
    metadata: { name: 'rampart-replay-writer' },
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['create', 'update', 'delete', 'patch'] }],
  });
  await make(`${rbac}/clusterrolebindings`, {
    metadata: { name: 'rampart-replay-writer' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rampart-replay-writer' },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }],
  });
  for (const [i, grant] of suite.grants.entries()) {
    const name = `rampart-replay-grant-${i}`;
    const rule = grant.path
      ? { nonResourceURLs: [grant.path], verbs: [grant.verb ?? '*'] }
      : {
          apiGroups: [grant.group ?? '*'],
          resources: [
            `${grant.resource ?? '*'}${grant.subresource && grant.subresource !== '*' ? `/${grant.subresource}` : ''}`,
          ],
          verbs: [grant.verb ?? '*'],
          ...(grant.name && grant.name !== '*' ? { resourceNames: [grant.name] } : {}),
        };
    await make(`${rbac}/clusterroles`, { metadata: { name }, rules: [rule] });
    const subject =
      grant.user && grant.user !== '*'
        ? { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: grant.user }
        : { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' };
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name };
    if (!grant.namespace || grant.namespace === '*') {
      await make(`${rbac}/clusterrolebindings`, { metadata: { name }, roleRef, subjects: [subject] });
    } else {
      const ns = await ctx.cp.http.get(`/api/v1/namespaces/${grant.namespace}`);
      if (ns.status === 404) {
        await ctx.cp.http.create('/api/v1/namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: grant.namespace },
        });
        created.push({ path: `/api/v1/namespaces/${grant.namespace}`, namespace: true });
      }
      await make(`${rbac}/namespaces/${grant.namespace}/rolebindings`, {
        metadata: { name },
        roleRef,
        subjects: [subject],
      });
    }
  }
}

/** Removes what a suite created, newest first, and waits for its namespaces to be gone. */
export async function cleanUp(ctx: OracleContext, created: Created[]): Promise<void> {
  for (const item of [...created].reverse()) {
    if (item.addedLabels) {
      const labels = Object.fromEntries(
        item.addedLabels.filter((l) => l !== 'kubernetes.io/metadata.name').map((l) => [l, null]),
      );
      await ctx.cp.http.request(
        'PATCH',
        item.path,
        { metadata: { labels } },
        { contentType: 'application/merge-patch+json' },
      );
      continue;
    }
    const res = await ctx.cp.http.delete(item.path);
    if (res.status !== 200 && res.status !== 202 && res.status !== 404) {
      throw new Error(`deleting ${item.path}: HTTP ${res.status}: ${statusMessage(res.body)}`);
    }
  }
  for (const item of created) {
    if (!item.namespace) continue;
    const deadline = Date.now() + 90_000;
    while ((await ctx.cp.http.get(item.path)).status !== 404) {
      if (Date.now() > deadline) throw new Error(`namespace ${item.path} was not deleted within 90 s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
