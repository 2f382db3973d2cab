/*
 * The API server judges Rampart's CEL engine. Generated expressions become the validations of
 * ValidatingAdmissionPolicies bound with the Warn action, a few per policy (the server caps the
 * warning headers of one response at 4,096 characters). A dry-run ConfigMap create makes the server
 * evaluate one policy, and its warnings say which expressions were false and which failed; the
 * server refuses a policy whose expressions do not compile, naming them. Rampart's admission
 * evaluator runs the same policy over the same request. Each expression is one case: true, false,
 * error or refused must agree.
 *
 * Each expression is written `'#i#' != '' && (<expression>)`: the same value, but every warning
 * about it starts with its marker — `#i# false` (the static message) for false, the expression
 * text for an error.
 */
import type { KubeObject } from '../../src/core/resource.js';
import { loadText } from '../../src/load/index.js';
import { AdmissionEvaluator, readPolicySet } from '../../src/policy/admission-policy/index.js';
import { mapLimit, statusMessage } from '../support/kube-http.js';
import { generateExpressions } from './cel-generator.js';
import { createNamespace, type OracleContext, Random, Tally } from './oracle.js';

const COUNT = Number(process.env.RAMPART_CEL_EXPRESSIONS ?? 360);
const BATCH = 8;
const NAMESPACE = 'cel-oracle';
const BATCH_LABEL = 'rampart-test/cel-batch';
const VAP = '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies';
const VAPB = '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings';

type Obj = Record<string, unknown>;

/** `refused`: the expression does not compile, so the server refuses a policy holding it. */
type Outcome = 'true' | 'false' | 'error' | 'refused';

interface Batch {
  name: string;
  label: string;
  ids: number[];
  expressions: string[];
}

function probe(batch: Batch): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `probe-${batch.label}`,
      namespace: NAMESPACE,
      labels: { app: 'web', [BATCH_LABEL]: batch.label },
    },
    data: { k: 'v', n: '42', csv: 'a,b,c' },
  };
}

export async function celOracle(ctx: OracleContext): Promise<Tally[]> {
  const expressions = generateExpressions(new Random(ctx.seed + 2), COUNT);
  await createNamespace(ctx.cp, NAMESPACE);
  const batches: Batch[] = [];
  for (let start = 0; start < expressions.length; start += BATCH) {
    const label = String(start / BATCH);
    const slice = expressions.slice(start, start + BATCH);
    batches.push({ name: `cel-${label}.rampart.test`, label, ids: slice.map((_, i) => start + i), expressions: slice });
  }
  const tally = new Tally('CEL expressions (server vs engine)');
  try {
    const refused = await mapLimit(batches, 4, (batch) => createAccepted(ctx, batch));
    const server = await mapLimit(batches, 4, (batch, i) => serverOutcomes(ctx, batch, refused[i] as Set<number>));
    batches.forEach((batch, b) => {
      const mine = rampartOutcomes(batch);
      batch.ids.forEach((id, i) => {
        const s = (server[b] as Map<number, Outcome>).get(id) as Outcome;
        const r = mine[i] as Outcome;
        const expression = batch.expressions[i] as string;
        tally.record(`#${id} ${expression}`, s === r ? undefined : `server ${s}, rampart ${r}`);
      });
    });
  } finally {
    // Later suites must not meet these policies.
    for (const batch of batches) {
      await ctx.cp.http.delete(`${VAPB}/${batch.name}`);
      await ctx.cp.http.delete(`${VAP}/${batch.name}`);
    }
  }
  return [tally];
}

function policyFor(batch: Batch, keep: (id: number) => boolean): { policy: Obj; binding: Obj } {
  // A sentinel that is always false, first so that no truncation drops it: its warning proves
  // the server has loaded this policy.
  const validations = [{ expression: 'false', message: `sentinel ${batch.name}` }];
  batch.ids.forEach((id, i) => {
    if (keep(id))
      validations.push({ expression: `'#${id}#' != '' && (${batch.expressions[i]})`, message: `#${id}# false` });
  });
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: batch.name },
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
    metadata: { name: batch.name },
    spec: {
      policyName: batch.name,
      validationActions: ['Warn'],
      matchResources: { objectSelector: { matchLabels: { [BATCH_LABEL]: batch.label } } },
    },
  };
  return { policy, binding };
}

/**
 * Creates the batch's policy and binding. The server refuses a policy with any expression that
 * does not compile, naming each (`spec.validations[i].expression`): those are `refused`, and the
 * policy is created without them.
 */
async function createAccepted(ctx: OracleContext, batch: Batch): Promise<Set<number>> {
  const refused = new Set<number>();
  for (let attempt = 0; attempt <= BATCH; attempt++) {
    const kept = batch.ids.filter((id) => !refused.has(id));
    const { policy, binding } = policyFor(batch, (id) => !refused.has(id));
    const res = await ctx.cp.http.post(VAP, policy);
    if (res.status === 201) {
      await ctx.cp.http.create(VAPB, binding);
      return refused;
    }
    const message = statusMessage(res.body);
    const indices = [...message.matchAll(/spec\.validations\[(\d+)\]\.expression/g)].map((m) => Number(m[1]));
    if (res.status !== 422 || indices.length === 0)
      throw new Error(`creating ${batch.name}: HTTP ${res.status}: ${message}`);
    // Validation 0 is the sentinel; the rest follow the kept ids in order.
    for (const index of indices) refused.add(kept[index - 1] as number);
  }
  throw new Error(`creating ${batch.name}: still refused after removing the expressions the server named`);
}

async function serverOutcomes(ctx: OracleContext, batch: Batch, refused: Set<number>): Promise<Map<number, Outcome>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await ctx.cp.http.post(`/api/v1/namespaces/${NAMESPACE}/configmaps`, probe(batch), {
      query: { dryRun: 'All' },
    });
    if (res.status !== 201) throw new Error(`CEL probe ConfigMap: HTTP ${res.status}: ${statusMessage(res.body)}`);
    if (res.warnings.some((w) => w.endsWith(`sentinel ${batch.name}`))) {
      const out = new Map<number, Outcome>();
      for (const id of batch.ids) {
        const marker = `#${id}#`;
        const mine = res.warnings.filter((w) => w.includes(marker));
        out.set(
          id,
          refused.has(id)
            ? 'refused'
            : mine.length === 0
              ? 'true'
              : mine.some((w) => w.endsWith(`${marker} false`))
                ? 'false'
                : 'error',
        );
      }
      return out;
    }
    if (Date.now() > deadline) throw new Error(`the API server did not load policy ${batch.name} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The same policy over the same request, through Rampart's admission evaluator. */
function rampartOutcomes(batch: Batch): Outcome[] {
  const { policy, binding } = policyFor(batch, () => true);
  const namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NAMESPACE, labels: { 'kubernetes.io/metadata.name': NAMESPACE } },
  };
  const text = [policy, binding, namespace].map((o) => JSON.stringify(o)).join('\n---\n');
  const { set, problems } = readPolicySet(loadText({ text }, 'cel-oracle.yaml').resources);
  if (problems.length > 0)
    throw new Error(`rampart refused the CEL policy: ${problems.map((p) => p.message).join('; ')}`);
  const evaluator = new AdmissionEvaluator(set, { objects: [namespace] });
  const outcome = evaluator.admit(evaluator.attributes(probe(batch), { dryRun: true }));
  const refused = new Set(evaluator.compileProblems.map((p) => p.expression.field));
  return batch.ids.map((_, i) => {
    // Validation 0 is the sentinel.
    if (refused.has(`spec.validations[${i + 1}].expression`)) return 'refused';
    const failure = outcome.failures.find((f) => f.validation === i + 1);
    if (!failure) return 'true';
    return failure.cause === 'validation' ? 'false' : 'error';
  });
}
