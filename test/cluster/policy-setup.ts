/*
 * Puts a policy suite's world on the API server and takes it away again: CRDs, Namespaces (with
 * the suite's labels), params and stored objects, policies and bindings, and RBAC for the users the
 * cases impersonate (write access to everything, plus exactly the suite's authorizer grants).
 */
import type { KubeObject } from '../../src/core/resource.js';
import type { CaseResult } from '../../src/policy/suite/index.js';
import type { Grant } from '../../src/policy/suite/suite-model.js';
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

/** An object in an API version the server does not serve: it cannot be created there. */
export class NotServed extends Error {}

const discovery = new Map<string, Map<string, ApiResource>>();

async function resourceFor(ctx: OracleContext, apiVersion: string, kind: string): Promise<ApiResource> {
  for (let attempt = 0; attempt < 40; attempt++) {
    let kinds = discovery.get(apiVersion);
    if (!kinds) {
      const res = await ctx.cp.http.get<{ resources: { name: string; kind: string; namespaced: boolean }[] }>(
        apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`,
      );
      // A group version this release no longer serves (extensions/v1beta1) will not appear.
      if (res.status === 404 && !apiVersion.includes('.') && apiVersion.includes('/')) throw new NotServed(apiVersion);
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
  for (const written of [...objects].sort((a, b) => ORDER(a) - ORDER(b))) {
    if (written.kind === 'Namespace') {
      await createNamespaceObject(ctx, written, created);
      continue;
    }
    const object: KubeObject = { ...written, metadata: { ...written.metadata } };
    delete (object.metadata as Record<string, unknown>).resourceVersion;
    // MutatingAdmissionPolicy is v1 in 1.37 and its beta is no longer served; the shape is the same.
    if (object.kind.startsWith('MutatingAdmissionPolicy')) object.apiVersion = 'admissionregistration.k8s.io/v1';
    let path: string;
    try {
      path = await pathOf(ctx, object, false);
    } catch (error) {
      // Cases that send such an object get a 404 and are reported as not judged.
      if (error instanceof NotServed) continue;
      throw error;
    }
    const res = await ctx.cp.http.post(path, object);
    if (res.status === 422 && /AdmissionPolicy$/.test(object.kind)) {
      refused.set(`${object.kind}/${object.metadata?.name}`, statusMessage(res.body));
      continue;
    }
    if (res.status === 409) {
      // The cluster made it already (kube-root-ca.crt in every namespace): lend it the suite's content.
      await replace(ctx, await pathOf(ctx, object, true), object);
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

async function replace(ctx: OracleContext, path: string, body: KubeObject): Promise<void> {
  const current = await ctx.cp.http.get<KubeObject>(path);
  const resourceVersion = current.body.metadata?.resourceVersion;
  const res = await ctx.cp.http.put(path, { ...body, metadata: { ...body.metadata, resourceVersion } });
  if (res.status !== 200) throw new Error(`replacing ${path}: HTTP ${res.status}: ${statusMessage(res.body)}`);
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

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

async function make(
  ctx: OracleContext,
  path: string,
  object: Record<string, unknown>,
  created: Created[],
): Promise<void> {
  await ctx.cp.http.create(path, object);
  created.push({ path: `${path}/${(object.metadata as { name: string }).name}` });
}

/** The impersonated users may write anything, so that every request reaches admission. */
export async function grantWriter(ctx: OracleContext, created: Created[]): Promise<void> {
  await make(
    ctx,
    `${RBAC}/clusterroles`,
    {
      metadata: { name: 'rampart-replay-writer' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['create', 'update', 'delete', 'patch'] }],
    },
    created,
  );
  await make(
    ctx,
    `${RBAC}/clusterrolebindings`,
    {
      metadata: { name: 'rampart-replay-writer' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rampart-replay-writer' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }],
    },
    created,
  );
}

/** Exactly the suite's authorizer grants, as RBAC: `authorizer` checks answer as they do offline. */
export async function grantRbac(ctx: OracleContext, grants: readonly Grant[], created: Created[]): Promise<void> {
  for (const [i, grant] of grants.entries()) {
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
    await make(ctx, `${RBAC}/clusterroles`, { metadata: { name }, rules: [rule] }, created);
    const subject =
      grant.user && grant.user !== '*'
        ? { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: grant.user }
        : { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' };
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name };
    if (!grant.namespace || grant.namespace === '*') {
      await make(ctx, `${RBAC}/clusterrolebindings`, { metadata: { name }, roleRef, subjects: [subject] }, created);
      continue;
    }
    const ns = await ctx.cp.http.get(`/api/v1/namespaces/${grant.namespace}`);
    if (ns.status === 404) {
      await ctx.cp.http.create('/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: grant.namespace },
      });
      created.push({ path: `/api/v1/namespaces/${grant.namespace}`, namespace: true });
    }
    await make(
      ctx,
      `${RBAC}/namespaces/${grant.namespace}/rolebindings`,
      { metadata: { name }, roleRef, subjects: [subject] },
      created,
    );
  }
}

/**
 * Removes what a suite created, newest first: the policies first, then — once the server has
 * dropped them, so that they no longer judge the deletions — the rest; then waits for the
 * suite's namespaces to be gone.
 */
export async function cleanUp(ctx: OracleContext, created: Created[]): Promise<void> {
  const newestFirst = [...created].reverse();
  const isPolicy = (item: Created) => item.path.includes('/admissionregistration.k8s.io/');
  for (const item of newestFirst.filter(isPolicy)) await remove(ctx, item, Date.now());
  if (newestFirst.some(isPolicy)) await new Promise((resolve) => setTimeout(resolve, 2500));
  const deadline = Date.now() + 15_000;
  for (const item of newestFirst.filter((item) => !isPolicy(item))) await remove(ctx, item, deadline);
  for (const item of created) {
    if (!item.namespace) continue;
    const gone = Date.now() + 90_000;
    while ((await ctx.cp.http.get(item.path)).status !== 404) {
      if (Date.now() > gone) throw new Error(`namespace ${item.path} was not deleted within 90 s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Deletes (or unlabels) one item, retrying until `deadline` while a policy still refuses it. */
async function remove(ctx: OracleContext, item: Created, deadline: number): Promise<void> {
  for (;;) {
    const res = item.addedLabels
      ? await ctx.cp.http.request(
          'PATCH',
          item.path,
          {
            metadata: {
              labels: Object.fromEntries(
                item.addedLabels.filter((l) => l !== 'kubernetes.io/metadata.name').map((l) => [l, null]),
              ),
            },
          },
          { contentType: 'application/merge-patch+json' },
        )
      : await ctx.cp.http.delete(item.path);
    if (res.status === 200 || res.status === 202 || res.status === 404) return;
    if (Date.now() > deadline)
      throw new Error(`cleaning up ${item.path}: HTTP ${res.status}: ${statusMessage(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
