/*
 * Every `rampart policy test` suite of the repository, replayed against the API server: the
 * suite's CRDs, Namespaces, params and policies are created; its authorizer grants become RBAC;
 * each case is sent as the suite's user (impersonated), with dryRun=All, and the server's answer —
 * allowed or denied, message, code and reason, warnings, audit annotations (from the audit log),
 * the mutated object — is compared with Rampart's for the same request. Cases are compared with
 * Rampart's answers, not with the suites' expectations (the must-fail suites replay too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KubeObject } from '../../src/core/resource.js';
import { loadInputs } from '../../src/load/index.js';
import { type AdmissionAttributes, denialMessage } from '../../src/policy/admission-policy/index.js';
import { type CaseResult, runSuite, type Suite } from '../../src/policy/suite/index.js';
import { statusMessage } from '../support/kube-http.js';
import { type OracleContext, Tally } from './oracle.js';
import { compareAnswer, compareMutation, type ServerAnswer } from './policy-compare.js';
import { type Created, cleanUp, createObjects, grantRbac, grantWriter, type Refusals } from './policy-setup.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const SUITE_ROOTS = ['test/policy/suites', 'test/policy/must-fail', 'examples'];
const POLICY_KINDS = new Set([
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
]);

type Obj = Record<string, unknown>;

export function findSuites(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'suite.yaml') out.push(full);
    }
  };
  for (const root of SUITE_ROOTS) {
    const dir = path.join(REPO, root);
    if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) walk(dir);
  }
  return out.sort();
}

export async function policyOracle(ctx: OracleContext): Promise<Tally[]> {
  const tally = new Tally('admission policy suites (replayed)');
  // RAMPART_POLICY_SUITES=json-patch,apply replays the suites whose folder contains one of the words.
  const only = process.env.RAMPART_POLICY_SUITES?.split(',').filter(Boolean);
  const suites = findSuites().filter(
    (file) => !only || only.some((word) => path.relative(REPO, path.dirname(file)).includes(word)),
  );
  if (suites.length === 0)
    throw new Error(`no suite.yaml found under ${SUITE_ROOTS.join(', ')}${only ? ` matching ${only.join(', ')}` : ''}`);
  const writer: Created[] = [];
  await grantWriter(ctx, writer);
  for (const file of suites) {
    try {
      await replaySuite(ctx, file, tally);
    } catch (error) {
      // A suite the server cannot even set up (a policy it refuses) is one disagreement; go on.
      const label = path.relative(REPO, path.dirname(file));
      tally.record(`${label}: setting up`, error instanceof Error ? error.message : String(error));
    }
  }
  await cleanUp(ctx, writer);
  ctx.log(`policy: ${suites.length} suites replayed`);
  return [tally];
}

async function replaySuite(ctx: OracleContext, file: string, tally: Tally): Promise<void> {
  const label = path.relative(REPO, path.dirname(file));
  const run = await runSuite(file, { forceDryRun: true });
  if ('errors' in run) throw new Error(`${label}: rampart cannot run the suite: ${run.errors.join('; ')}`);
  const { suite, cases } = run.result;
  const objects = await suiteObjects(suite);
  const policies = objects.filter((o) => POLICY_KINDS.has(o.kind));
  const others = objects.filter((o) => !POLICY_KINDS.has(o.kind) && !isCaseObject(o, cases));
  const { stored, clashing } = storedObjects(cases);
  const created: Created[] = [];
  try {
    // Everything but the policies first: old objects and params must exist before policies judge them.
    await createObjects(ctx, [...others, ...stored], cases, created);
    await grantRbac(ctx, suite.grants, created);
    const baselines = new Map<CaseResult, unknown>();
    for (const c of cases) baselines.set(c, (await send(ctx, c)).object);
    const refused: Refusals = new Map();
    await createObjects(ctx, policies, cases, created, refused);
    judgeRefusals(label, policies, refused, run.result.notes, tally);
    const refusedNames = new Set(
      [...refused.keys()].map((key) =>
        key
          .replace(/^Validating/, 'validating/')
          .replace(/^Mutating/, 'mutating/')
          .replace(/AdmissionPolicy\//, ''),
      ),
    );
    const policyNames = new Set(
      policies.filter((p) => !p.kind.endsWith('Binding')).map((p) => String(p.metadata?.name)),
    );
    let pending = cases;
    // The policy informers pick new policies up within a second or two: retry what disagrees.
    for (let attempt = 0; attempt < 4 && pending.length > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, attempt === 0 ? 1500 : 2500));
      const answers = new Map<CaseResult, ServerAnswer>();
      for (const c of pending) answers.set(c, await send(ctx, c));
      await attachAuditAnnotations(ctx, answers);
      const next: CaseResult[] = [];
      for (const c of pending) {
        const answer = answers.get(c) as ServerAnswer;
        if (clashing.has(c)) {
          tally.notJudged.push({
            case: `${label}: ${c.name}`,
            detail: 'needs a stored object that another case of the suite stores differently',
          });
          continue;
        }
        const exercised = [...c.outcome.matched].find((m) => refusedNames.has(m));
        if (exercised) {
          tally.notJudged.push({
            case: `${label}: ${c.name}`,
            detail: `exercises a policy the API server refuses at creation (${exercised}); offline, Rampart applies failurePolicy to it at admission`,
          });
          continue;
        }
        const outside = notFromPolicy(answer);
        if (outside) {
          tally.notJudged.push({ case: `${label}: ${c.name}`, detail: outside });
          continue;
        }
        const problems = judge(c, answer, baselines.get(c), policyNames);
        if (problems.length > 0 && attempt < 3) next.push(c);
        else
          tally.record(
            `${label}: ${c.name}`,
            problems.length ? problems.join('\n    ') : undefined,
            explain(c, answer, problems),
          );
      }
      pending = next;
    }
  } finally {
    await cleanUp(ctx, created);
  }
}

/**
 * The API server compiles a policy's expressions when it is created and refuses it, naming each
 * field that does not compile. Rampart must find exactly those fields uncompilable (it reports
 * them as errors in a scan, and notes them in a suite).
 */
function judgeRefusals(label: string, policies: KubeObject[], refused: Refusals, notes: string[], tally: Tally): void {
  for (const policy of policies) {
    if (!/AdmissionPolicy$/.test(policy.kind)) continue;
    const name = String(policy.metadata?.name);
    const message = refused.get(`${policy.kind}/${name}`);
    const server = new Set(
      [...(message ?? '').matchAll(/(spec\.[A-Za-z]+\[\d+\]\.[A-Za-z]+)/g)].map((m) => m[1] as string),
    );
    const mine = new Set(
      notes
        .filter((n) => n.startsWith(`${name}: `) && n.includes(' does not compile'))
        .map((n) => n.slice(name.length + 2).split(' ')[0] as string),
    );
    const same = server.size === mine.size && [...server].every((f) => mine.has(f));
    if (server.size === 0 && mine.size === 0) continue;
    tally.record(
      `${label}: ${policy.kind} ${name} compiles`,
      same
        ? undefined
        : `server refuses [${[...server].join(', ')}]${message ? ` (${message.slice(0, 300)})` : ''}; rampart finds [${[...mine].join(', ')}] uncompilable`,
    );
  }
}

const PARAM_ORDER = {
  id: 'param-order',
  reason:
    'a binding whose paramRef selects several params is evaluated once per param, and the server reports the ' +
    "first denial in its informer's order (unspecified); Rampart takes params in name order. The server's denial is " +
    'one of the denials Rampart found',
};

const POLICY_ORDER = {
  id: 'mutating-policy-order',
  reason:
    'several MutatingAdmissionPolicies change one request, and what each sees depends on the order they run in: ' +
    "the server's is its informer's (unspecified), Rampart's is name order (docs/policy.md, Order)",
};

/** Disagreements that are only wording or order (docs/conformance.md lists them). */
function explain(c: CaseResult, answer: ServerAnswer, problems: string[]) {
  if (problems.length !== 1) return undefined;
  if (problems[0]?.startsWith('mutated objects differ')) {
    const mutating = [...c.outcome.matched].filter((m) => m.startsWith('mutating/'));
    return mutating.length >= 2 ? POLICY_ORDER : undefined;
  }
  if (!problems[0]?.startsWith('denial messages differ')) return undefined;
  const prefix = c.outcome.status?.message.slice(0, c.outcome.status.message.indexOf(': ') + 2) ?? '';
  const denials = c.outcome.failures
    .filter((f) => f.actions.includes('Deny'))
    .map((f) => `${prefix}${denialMessage(f)}`);
  return denials.includes(answer.message) ? PARAM_ORDER : undefined;
}

/** A refusal by something other than an admission policy (validation, RBAC, a conflict) judges nothing. */
function notFromPolicy(answer: ServerAnswer): string | undefined {
  if (answer.status >= 200 && answer.status < 300) return undefined;
  if (/(Validating|Mutating)AdmissionPolicy '|^policy '[^']*' with binding '/.test(answer.message)) return undefined;
  return `HTTP ${answer.status}: ${answer.message.slice(0, 200)}`;
}

function judge(c: CaseResult, answer: ServerAnswer, baseline: unknown, policies: ReadonlySet<string>): string[] {
  const problems = compareAnswer(answer, c.outcome, policies);
  const allowed = answer.status >= 200 && answer.status < 300;
  if (allowed && c.outcome.allowed && c.attributes.operation !== 'DELETE') {
    const mutation = compareMutation(c.attributes.object, c.outcome.object, baseline, answer.object);
    if (mutation) problems.push(mutation);
  }
  return problems;
}

async function suiteObjects(suite: Suite): Promise<KubeObject[]> {
  const dir = path.dirname(suite.file);
  const files = [...suite.policies, ...suite.params, ...suite.resources].map((f) => path.resolve(dir, f));
  const loaded = await loadInputs(files);
  return loaded.resources.map((r) => r.object);
}

function keyOf(object: KubeObject, namespace?: string): string {
  return `${object.kind}/${object.metadata?.namespace ?? namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** Objects a case writes or deletes are sent by the case itself (or stored as its old object). */
function isCaseObject(object: KubeObject, cases: readonly CaseResult[]): boolean {
  const key = keyOf(object, 'default');
  return cases.some((c) =>
    [c.attributes.object, c.attributes.oldObject].some((o) => o && keyOf(o, c.attributes.namespace) === key),
  );
}

/**
 * The objects UPDATE and DELETE cases need stored: each case's old object, under the name the
 * request is sent to (a suite may pair an object with an old object of another name; a server
 * cannot). Two cases that need different stored contents under one name: the later is not replayed.
 */
function storedObjects(cases: readonly CaseResult[]): { stored: KubeObject[]; clashing: Set<CaseResult> } {
  const out = new Map<string, KubeObject>();
  const clashing = new Set<CaseResult>();
  for (const c of cases) {
    const a = c.attributes;
    const old = a.oldObject;
    if (!old) continue;
    const metadata = { ...old.metadata, name: a.name, ...(a.resource.namespaced ? { namespace: a.namespace } : {}) };
    const stored = { ...old, metadata };
    const key = keyOf(stored);
    const existing = out.get(key);
    if (existing && JSON.stringify(existing) !== JSON.stringify(stored)) clashing.add(c);
    else out.set(key, stored);
  }
  return { stored: [...out.values()], clashing };
}

export function urlFor(a: AdmissionAttributes, withName: boolean): string {
  const { group, version, resource } = a.resource;
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const ns = a.resource.namespaced && a.namespace ? `/namespaces/${a.namespace}` : '';
  const name = withName ? `/${a.name}` : '';
  return `${base}${ns}/${resource}${name}${a.subResource ? `/${a.subResource}` : ''}`;
}

/** Sends a case as its user, with dryRun=All, and reads what the server answered. */
async function send(ctx: OracleContext, c: CaseResult): Promise<ServerAnswer> {
  const a = c.attributes;
  const groups = a.userInfo.groups.filter((g) => g !== 'system:authenticated');
  const options = {
    query: { dryRun: 'All', fieldValidation: 'Strict' },
    headers: {
      'Impersonate-User': a.userInfo.username,
      ...(groups.length ? { 'Impersonate-Group': [...groups] } : {}),
    },
  };
  const withNamespace = (object: KubeObject | null) =>
    object && a.resource.namespaced ? { ...object, metadata: { ...object.metadata, namespace: a.namespace } } : object;
  const sendOnce = async () =>
    a.operation === 'CREATE'
      ? await ctx.cp.http.post(urlFor(a, a.subResource !== ''), withNamespace(a.object), options)
      : a.operation === 'UPDATE'
        ? await ctx.cp.http.put(urlFor(a, true), withNamespace(a.object), options)
        : await ctx.cp.http.request(
            'DELETE',
            urlFor(a, true),
            { apiVersion: 'v1', kind: 'DeleteOptions', dryRun: ['All'] },
            options,
          );
  let res = await sendOnce();
  // A CRD just established may not be served for a few moments more (503).
  for (let retry = 0; res.status === 503 && retry < 20; retry++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    res = await sendOnce();
  }
  const body = res.body as Obj | undefined;
  return {
    status: res.status,
    message: statusMessage(body),
    reason: typeof body?.reason === 'string' ? body.reason : '',
    warnings: res.warnings,
    object: body,
    auditAnnotations: res.auditId ? { __auditId: res.auditId } : undefined,
  };
}

/** Reads the audit log for the requests just sent and replaces each answer's id with its annotations. */
async function attachAuditAnnotations(ctx: OracleContext, answers: Map<CaseResult, ServerAnswer>): Promise<void> {
  // The log backend writes each event as the request completes; give the last one a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const byId = new Map<string, Record<string, string>>();
  for (const line of readFileSync(ctx.cp.auditLog, 'utf8').split('\n')) {
    if (!line) continue;
    const event = JSON.parse(line) as { auditID: string; stage: string; annotations?: Record<string, string> };
    if (event.stage === 'ResponseComplete') byId.set(event.auditID, event.annotations ?? {});
  }
  for (const answer of answers.values()) {
    const id = answer.auditAnnotations?.__auditId;
    answer.auditAnnotations = id ? byId.get(id) : undefined;
  }
}
