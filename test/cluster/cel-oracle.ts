/*
 * The API server judges Rampart's CEL engine. Generated expressions become the validations of
 * ValidatingAdmissionPolicies bound with the Warn action; a dry-run ConfigMap create makes the
 * server evaluate them all, and its warnings say which were false and which failed. Rampart's
 * admission evaluator runs the same policies over the same request. Each expression is one case:
 * true, false or error must agree.
 *
 * Each expression carries a `// #i#` comment, so the server's warning names it whatever the
 * outcome: `#i# false` (the static message) for false, the expression text for an error.
 */

import { loadText } from '../../src/load/index.js';
import { AdmissionEvaluator, readPolicySet } from '../../src/policy/admission-policy/index.js';
import { statusMessage } from '../support/kube-http.js';
import { generateExpressions } from './cel-generator.js';
import { createNamespace, type OracleContext, Random, Tally } from './oracle.js';

const COUNT = Number(process.env.RAMPART_CEL_EXPRESSIONS ?? 360);
const BATCH = 60;
const NAMESPACE = 'cel-oracle';

type Obj = Record<string, unknown>;
type Outcome = 'true' | 'false' | 'error';

const CONFIG_MAP = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'probe', namespace: NAMESPACE, labels: { app: 'web' } },
  data: { k: 'v', n: '42', csv: 'a,b,c' },
};

export async function celOracle(ctx: OracleContext): Promise<Tally[]> {
  const expressions = generateExpressions(new Random(ctx.seed + 2), COUNT);
  await createNamespace(ctx.cp, NAMESPACE, { 'rampart-test/cel': 'true' });
  const tally = new Tally('CEL expressions (server vs engine)');
  for (let start = 0; start < expressions.length; start += BATCH) {
    const batch = expressions.slice(start, start + BATCH);
    const name = `cel-${start / BATCH}.rampart.test`;
    const { policy, binding } = policyFor(name, batch, start);
    await ctx.cp.http.create('/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies', policy);
    await ctx.cp.http.create('/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings', binding);
    const server = await serverOutcomes(ctx, name, batch, start);
    const rampart = rampartOutcomes(policy, binding, batch);
    batch.forEach((expression, i) => {
      const s = server[i] as Outcome;
      const r = rampart[i] as Outcome;
      tally.record(`#${start + i} ${expression}`, s === r ? undefined : `server ${s}, rampart ${r}`);
    });
    // Later batches must not see this batch's policy.
    await ctx.cp.http.delete(`/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/${name}`);
    await ctx.cp.http.delete(`/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${name}`);
  }
  return [tally];
}

function policyFor(name: string, batch: string[], start: number): { policy: Obj; binding: Obj } {
  const validations = batch.map((expression, i) => ({
    expression: `${expression} // #${start + i}#`,
    message: `#${start + i}# false`,
  }));
  // A sentinel that is always false: its warning proves the server has loaded this policy.
  validations.push({ expression: 'false', message: `sentinel ${name}` });
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }],
      },
      validations,
    },
  };
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: {
      policyName: name,
      validationActions: ['Warn'],
      matchResources: { namespaceSelector: { matchLabels: { 'rampart-test/cel': 'true' } } },
    },
  };
  return { policy, binding };
}

async function serverOutcomes(ctx: OracleContext, name: string, batch: string[], start: number): Promise<Outcome[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await ctx.cp.http.post(`/api/v1/namespaces/${NAMESPACE}/configmaps`, CONFIG_MAP, {
      query: { dryRun: 'All' },
    });
    if (res.status !== 201) throw new Error(`CEL probe ConfigMap: HTTP ${res.status}: ${statusMessage(res.body)}`);
    if (res.warnings.some((w) => w.endsWith(`sentinel ${name}`))) return classify(res.warnings, batch, start);
    if (Date.now() > deadline) throw new Error(`the API server did not load policy ${name} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function classify(warnings: string[], batch: string[], start: number): Outcome[] {
  return batch.map((_, i) => {
    const id = `#${start + i}#`;
    const mine = warnings.filter((w) => w.includes(id));
    if (mine.length === 0) return 'true';
    return mine.some((w) => w.endsWith(`${id} false`)) ? 'false' : 'error';
  });
}

function rampartOutcomes(policy: Obj, binding: Obj, batch: string[]): Outcome[] {
  const namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NAMESPACE, labels: { 'rampart-test/cel': 'true', 'kubernetes.io/metadata.name': NAMESPACE } },
  };
  const loaded = loadText(
    { text: [policy, binding, namespace].map((o) => JSON.stringify(o)).join('\n---\n') },
    'cel-oracle.yaml',
  );
  const { set, problems } = readPolicySet(loaded.resources);
  if (problems.length > 0)
    throw new Error(`rampart refused the CEL policy: ${problems.map((p) => p.message).join('; ')}`);
  const evaluator = new AdmissionEvaluator(set, { objects: [namespace] });
  const outcome = evaluator.admit(evaluator.attributes(CONFIG_MAP, { dryRun: true }));
  return batch.map((_, i) => {
    const failure = outcome.failures.find((f) => f.validation === i);
    if (!failure) return 'true';
    return failure.cause === 'validation' ? 'false' : 'error';
  });
}
