/*
 * The API server judges Rampart's RBAC authorizer. A seeded world of Roles, ClusterRoles (with
 * aggregation, which the controller manager fills), bindings and subjects is applied; the
 * server's own RBAC objects (bootstrap roles included) are read back as `kubectl get -o yaml`
 * would give them; then
 *   - thousands of SubjectAccessReviews are compared with Rampart's authorizer — the functions
 *     `rampart rbac can` calls — and a sample of them with the `rbac can` command itself;
 *   - `rampart rbac who-can` is compared, for hundreds of requests, with the set of subjects the
 *     server allows (one SubjectAccessReview per candidate subject of the world).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { authorize, type Identity, PolicyIndex, type Request } from '../../src/analyze/rbac/index.js';
import { Inventory } from '../../src/core/inventory.js';
import { loadInputs } from '../../src/load/index.js';
import { mapLimit, statusMessage } from '../support/kube-http.js';
import { runCli } from '../support/run-cli.js';
import { createNamespace, type OracleContext, Random, Tally } from './oracle.js';
import { generateRbac, identity, RBAC_NAMESPACES, RESOURCES, request, SERVICE_ACCOUNTS } from './rbac-generator.js';

const SARS = Number(process.env.RAMPART_RBAC_SARS ?? 5000);
const CLI_SAMPLE = Number(process.env.RAMPART_RBAC_CLI_SAMPLE ?? 150);
const WHO_CAN = Number(process.env.RAMPART_RBAC_WHO_CAN ?? 200);

type Obj = Record<string, unknown>;
type Access = { user?: string; groups: string[]; request: Request };

const WIDGETS_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        subresources: { status: {} },
      },
    ],
  },
};

export async function rbacOracle(ctx: OracleContext): Promise<Tally[]> {
  const { cp } = ctx;
  const random = new Random(ctx.seed + 1);
  for (const namespace of RBAC_NAMESPACES) await createNamespace(cp, namespace);
  await cp.http.create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', WIDGETS_CRD);
  const world = generateRbac(random);
  for (const object of world) await cp.http.create(collectionPath(object), object);
  await waitForAggregation(ctx, world);

  const work = mkdtempSync(path.join(os.tmpdir(), 'rampart-rbac-oracle-'));
  try {
    const snapshot = path.join(work, 'snapshot.json');
    const items = await readBack(ctx);
    writeFileSync(snapshot, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...items, WIDGETS_CRD] }));
    const loaded = await loadInputs([snapshot], {});
    const index = new PolicyIndex(new Inventory(loaded.resources));
    ctx.log(`RBAC: ${world.length} generated objects, ${items.length} RBAC objects read back from the server`);

    const accesses: Access[] = Array.from({ length: SARS }, () => ({
      ...identity(random),
      request: toRequest(request(random)),
    }));
    const sar = await mapLimit(accesses, 12, (access) => subjectAccessReview(ctx, access));
    const can = new Tally('RBAC SubjectAccessReview vs authorizer');
    accesses.forEach((access, i) => {
      const mine = authorize(
        index,
        { ...(access.user !== undefined ? { name: access.user } : {}), groups: access.groups } as Identity,
        access.request,
      );
      can.record(
        describe(access),
        sar[i] === mine.allowed
          ? undefined
          : `server ${sar[i] ? 'allows' : 'denies'}, rampart ${mine.allowed ? 'allows' : 'denies'} (${mine.reason})`,
      );
    });

    const cliTally = await cliSample(ctx, snapshot, accesses, sar);
    const whoCan = await whoCanOracle(ctx, snapshot, items, random);
    return [can, cliTally, whoCan];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function collectionPath(object: Obj): string {
  const metadata = object.metadata as { namespace?: string };
  const plural = `${String(object.kind).toLowerCase()}s`;
  return metadata.namespace
    ? `/apis/rbac.authorization.k8s.io/v1/namespaces/${metadata.namespace}/${plural}`
    : `/apis/rbac.authorization.k8s.io/v1/${plural}`;
}

/** The aggregation controller fills aggregated roles moments after they and their sources exist. */
async function waitForAggregation(ctx: OracleContext, world: Obj[]): Promise<void> {
  const aggregated = world.filter((o) => o.aggregationRule).map((o) => (o.metadata as { name: string }).name);
  const deadline = Date.now() + 60_000;
  let last = '';
  for (;;) {
    const current = await Promise.all(
      aggregated.map((name) => ctx.cp.http.get(`/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`)),
    );
    const text = JSON.stringify(current.map((res) => (res.body as Obj).rules ?? []));
    // Two identical reads a second apart: the controller has caught up (nested aggregates included).
    if (text === last) return;
    if (Date.now() > deadline) throw new Error('aggregated ClusterRoles did not settle within 60 s');
    last = text;
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

async function readBack(ctx: OracleContext): Promise<Obj[]> {
  const items: Obj[] = [];
  for (const [kind, plural] of [
    ['ClusterRole', 'clusterroles'],
    ['ClusterRoleBinding', 'clusterrolebindings'],
    ['Role', 'roles'],
    ['RoleBinding', 'rolebindings'],
  ]) {
    const res = await ctx.cp.http.get<{ items: Obj[] }>(`/apis/rbac.authorization.k8s.io/v1/${plural}`);
    if (res.status !== 200) throw new Error(`list ${plural}: HTTP ${res.status}: ${statusMessage(res.body)}`);
    for (const item of res.body.items) items.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, ...item });
  }
  return items;
}

function toRequest(r: ReturnType<typeof request>): Request {
  if ('path' in r) return { kind: 'nonResource', verb: r.verb, path: r.path };
  return {
    kind: 'resource',
    verb: r.verb,
    apiGroup: r.group,
    resource: r.resource,
    subresource: r.subresource,
    name: r.name,
    namespace: r.namespace,
  };
}

async function subjectAccessReview(
  ctx: OracleContext,
  access: { user?: string; groups: string[]; request: Request },
): Promise<boolean> {
  const { request: req } = access;
  const spec: Obj = { groups: access.groups };
  if (access.user !== undefined) spec.user = access.user;
  if (req.kind === 'nonResource') spec.nonResourceAttributes = { path: req.path, verb: req.verb };
  else {
    spec.resourceAttributes = {
      verb: req.verb,
      group: req.apiGroup,
      resource: req.resource,
      subresource: req.subresource,
      name: req.name,
      namespace: req.namespace,
    };
  }
  const res = await ctx.cp.http.post<{ status?: { allowed?: boolean } }>(
    '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec,
    },
  );
  if (res.status !== 201) throw new Error(`SubjectAccessReview: HTTP ${res.status}: ${statusMessage(res.body)}`);
  return res.body.status?.allowed === true;
}

function describe(access: Access): string {
  const who = `${access.user ?? '(no user)'} [${access.groups.join(',')}]`;
  const r = access.request;
  if (r.kind === 'nonResource') return `${who} ${r.verb} ${r.path}`;
  const res = `${r.resource}${r.subresource ? `/${r.subresource}` : ''}${r.apiGroup ? `.${r.apiGroup}` : ''}`;
  return `${who} ${r.verb} ${res}${r.name ? ` ${r.name}` : ''} in ${r.namespace || '(cluster / all namespaces)'}`;
}

const CLUSTER_SCOPED = ['namespaces', 'nodes', 'clusterroles'];

/**
 * The CLI resolves a resource as kubectl does (`widgets` finds widgets.example.com), so only the
 * generator's real group/resource pairs mean the same request to both; the library path takes the rest.
 */
function cliNameable(r: Request): boolean {
  if (r.kind === 'nonResource') return true;
  const full = `${r.resource}${r.subresource ? `/${r.subresource}` : ''}`;
  return RESOURCES.some(([group, resource]) => group === r.apiGroup && resource === full);
}

/** The resource as the CLI reads it: resource[.group][/subresource], or a URL. */
function cliResource(r: Request): string {
  if (r.kind === 'nonResource') return r.path;
  return `${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''}${r.subresource ? `/${r.subresource}` : ''}`;
}

/** `rampart rbac can` itself, for a sample of the reviews whose subject the CLI can name. */
async function cliSample(ctx: OracleContext, snapshot: string, accesses: Access[], sar: boolean[]): Promise<Tally> {
  const tally = new Tally('RBAC `rbac can` (CLI) vs SubjectAccessReview');
  let taken = 0;
  for (let i = 0; i < accesses.length && taken < CLI_SAMPLE; i++) {
    const access = accesses[i] as Access;
    const r = access.request;
    // The CLI reads identities as subjects: a user (plus --group), or a ServiceAccount with its groups.
    if (access.user === undefined || access.user === 'system:anonymous' || access.groups.includes('system:masters'))
      continue;
    if (
      r.kind === 'resource' &&
      (r.verb === '*' || !cliNameable(r) || (r.namespace === '' && !CLUSTER_SCOPED.includes(r.resource)))
    )
      continue;
    taken++;
    const sa = access.user.startsWith('system:serviceaccount:');
    const subject = sa ? access.user : `user:${access.user}`;
    const groups = sa ? [] : access.groups.filter((g) => g !== 'system:authenticated').flatMap((g) => ['--group', g]);
    const args = ['rbac', 'can', subject, r.verb, cliResource(r)];
    if (r.kind === 'resource' && r.name) args.push(r.name);
    if (r.kind === 'resource' && r.namespace) args.push('-n', r.namespace);
    const run = await runCli([...args, ...groups, '-f', snapshot, '-o', 'json']);
    if (run.code !== 0 && run.code !== 1) {
      tally.record(describe(access), `rampart rbac can exited ${run.code}: ${run.stderr.trim()}`);
      continue;
    }
    const allowed = (JSON.parse(run.stdout) as { allowed: boolean }).allowed;
    tally.record(
      describe(access),
      allowed === sar[i] ? undefined : `server ${sar[i] ? 'allows' : 'denies'}, rampart rbac can says ${allowed}`,
    );
  }
  ctx.log(`RBAC: ${taken} reviews replayed through \`rampart rbac can\``);
  return tally;
}

interface Candidate {
  key: string;
  user?: string;
  groups: string[];
}

/** Every subject any binding names, plus system:masters and subjects no binding names. */
function candidates(items: Obj[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  const add = (key: string, candidate: Omit<Candidate, 'key'>) => byKey.set(key, { key, ...candidate });
  add('group:system:masters', { groups: ['system:masters'] });
  add('user:nobody', { user: 'nobody', groups: [] });
  for (const [namespace, name] of SERVICE_ACCOUNTS)
    add(`user:system:serviceaccount:${namespace}:${name}`, {
      user: `system:serviceaccount:${namespace}:${name}`,
      groups: [],
    });
  for (const item of items) {
    const bindingNamespace = (item.metadata as { namespace?: string }).namespace;
    for (const subject of (item.subjects as Obj[] | undefined) ?? []) {
      const key = subjectKey(subject, bindingNamespace);
      if (!key) continue;
      if (key.startsWith('group:')) add(key, { groups: [key.slice('group:'.length)] });
      else add(key, { user: key.slice('user:'.length), groups: [] });
    }
  }
  return [...byKey.values()];
}

function subjectKey(subject: Obj, bindingNamespace: string | undefined): string | undefined {
  const name = String(subject.name);
  if (subject.kind === 'User') return `user:${name}`;
  if (subject.kind === 'Group') return `group:${name}`;
  const namespace = (subject.namespace as string | undefined) || bindingNamespace;
  return namespace ? `user:system:serviceaccount:${namespace}:${name}` : undefined;
}

async function whoCanOracle(ctx: OracleContext, snapshot: string, items: Obj[], random: Random): Promise<Tally> {
  const tally = new Tally('RBAC `rbac who-can` (CLI) vs SubjectAccessReviews');
  const universe = candidates(items);
  let asked = 0;
  while (asked < WHO_CAN) {
    const req = toRequest(request(random));
    if (req.kind === 'resource' && (req.verb === '*' || !cliNameable(req) || req.namespace === '')) continue;
    asked++;
    const args = ['rbac', 'who-can', req.verb, cliResource(req)];
    if (req.kind === 'resource' && req.name) args.push(req.name);
    if (req.kind === 'resource') args.push('-n', req.namespace);
    const run = await runCli([...args, '-f', snapshot, '-o', 'json']);
    const label = `who-can ${args.slice(2).join(' ')}`;
    if (run.code !== 0) {
      tally.record(label, `rampart rbac who-can exited ${run.code}: ${run.stderr.trim()}`);
      continue;
    }
    const out = JSON.parse(run.stdout) as { subjects: { kind: string; name: string; namespace?: string }[] };
    const mine = new Set(
      out.subjects.map((s) => subjectKey(s as unknown as Obj, undefined)).filter((k): k is string => k !== undefined),
    );
    const allowed = await mapLimit(universe, 12, (c) => subjectAccessReview(ctx, { ...c, request: req }));
    const server = new Set(universe.filter((_, i) => allowed[i]).map((c) => c.key));
    const onlyServer = [...server].filter((k) => !mine.has(k));
    const onlyRampart = [...mine].filter((k) => !server.has(k) && universe.some((c) => c.key === k));
    const problem =
      onlyServer.length || onlyRampart.length
        ? `server only: [${onlyServer.join(', ')}]; rampart only: [${onlyRampart.join(', ')}]`
        : undefined;
    tally.record(label, problem);
  }
  ctx.log(`RBAC: who-can compared over ${universe.length} candidate subjects per request`);
  return tally;
}
