/**
 * The restricted Pod Security Standard as 16 ValidatingAdmissionPolicies (bench/cel-restricted-policies.yaml),
 * admitted offline for SIZE pods: each pod is one CREATE request through every policy (matching,
 * variables, validations, messageExpressions of the failures), its conversion to CEL values
 * included. Reports policy evaluations per second and per-object latency (p50, p99, max), the
 * median of RUNS runs after a warm-up, peak RSS, and how often the verdicts agree with Rampart's
 * own restricted check. Two sets: the pods as generated, and the same pods hardened to pass.
 *
 *   node --import tsx bench/cel.ts [SIZE]          # SIZE defaults to 10,000; RUNS=5
 *
 * Pods are the pod templates of the Deployments ../shared/bench/peers/gen.mjs generates (two
 * containers, a third of them escalating privileges, one in eleven privileged sidecars), so most
 * are denied by several policies and pay for the denial path too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { podTemplate } from '../src/core/pod-spec.js';
import type { KubeObject } from '../src/core/resource.js';
import { loadInputs } from '../src/load/index.js';
import { AdmissionEvaluator, readPolicySet } from '../src/policy/admission-policy/index.js';
import { evaluatePod, LATEST_MINOR } from '../src/pss/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIZE = Number(process.argv[2] ?? process.env.SIZE ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 5);
const POLICIES = path.join(ROOT, 'bench/cel-restricted-policies.yaml');

const file = path.join(ROOT, '.bench', `deployments-${SIZE}.yaml`);
if (!existsSync(file)) {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync(process.execPath, [path.resolve(ROOT, '../shared/bench/peers/gen.mjs'), String(SIZE), file]);
}
const deployments = (await loadInputs([file])).resources.map((r) => r.object);
const pods: KubeObject[] = deployments.map((deployment) => {
  const template = deployment.spec as {
    template: { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...template.template.metadata,
      name: `${deployment.metadata?.name}-0`,
      namespace: deployment.metadata?.namespace,
    },
    spec: template.template.spec,
  };
});

const loaded = await loadInputs([POLICIES]);
const { set, problems } = readPolicySet(loaded.resources);
if (problems.length || loaded.problems.length) throw new Error('the benchmark policies do not load');
const compileStart = performance.now();
const evaluator = new AdmissionEvaluator(set);
const compileMs = performance.now() - compileStart;
if (evaluator.compileProblems.length) throw new Error('the benchmark policies do not compile');
const policies = evaluator.validating.length;

/** The same pods made compliant: the admission path of a cluster whose workloads pass (no messages to build). */
function hardened(pod: KubeObject): KubeObject {
  const copy = structuredClone(pod) as KubeObject & {
    spec: { securityContext?: object; containers: Record<string, unknown>[] };
  };
  copy.spec.securityContext = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
  for (const container of copy.spec.containers) {
    container.securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  }
  return copy;
}

/** One run over fresh copies, so each pod is converted to CEL values inside the measured time, as a new request would be. */
function run(set: readonly KubeObject[]): { totalMs: number; latencies: Float64Array; denied: number } {
  const fresh = set.map((pod) => structuredClone(pod));
  const latencies = new Float64Array(fresh.length);
  let denied = 0;
  const start = performance.now();
  for (let i = 0; i < fresh.length; i++) {
    const t0 = performance.now();
    const outcome = evaluator.admit(evaluator.attributes(fresh[i] as KubeObject));
    latencies[i] = performance.now() - t0;
    if (!outcome.allowed) denied++;
  }
  return { totalMs: performance.now() - start, latencies, denied };
}

const quantile = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] as number;

function measure(set: readonly KubeObject[]) {
  run(set); // warm-up: JIT, and the compiled plans' first use
  const runs = Array.from({ length: RUNS }, () => {
    const { totalMs, latencies, denied } = run(set);
    const sorted = latencies.slice().sort();
    return {
      totalMs,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      max: sorted[sorted.length - 1] as number,
      denied,
    };
  });
  return {
    totalMs: median(runs.map((r) => r.totalMs)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    max: median(runs.map((r) => r.max)),
    denied: runs[0]?.denied ?? 0,
  };
}

const compliant = pods.map(hardened);
const results = [measure(pods), measure(compliant)];

let agree = 0;
for (const pod of [...pods, ...compliant]) {
  const cel = evaluator.admit(evaluator.attributes(pod)).allowed;
  const native = evaluatePod(
    podTemplate(pod) as NonNullable<ReturnType<typeof podTemplate>>,
    'restricted',
    LATEST_MINOR,
  ).allowed;
  if (cel === native) agree++;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const row = (label: string, cell: (r: (typeof results)[number]) => string) =>
  console.log(`| ${label} | ${results.map(cell).join(' | ')} |`);
console.log(
  `| ${policies} CEL policies (restricted PSS) × ${fmt(pods.length)} pods, median of ${RUNS} runs | as generated | hardened |`,
);
console.log('|---|---:|---:|');
row(`admit every pod (all ${policies} policies each)`, (r) => `${fmt(r.totalMs)} ms`);
row('pods per second', (r) => fmt((pods.length * 1000) / r.totalMs));
row('policy evaluations per second', (r) => fmt((pods.length * policies * 1000) / r.totalMs));
row('per pod, p50', (r) => `${fmt(r.p50 * 1000, 1)} µs`);
row('per pod, p99 (target: under 1 ms)', (r) => `${fmt(r.p99 * 1000, 1)} µs`);
row('per pod, max', (r) => `${fmt(r.max, 2)} ms`);
row('pods denied', (r) => `${fmt(r.denied)} of ${fmt(pods.length)}`);
console.log(`\ncompiling the ${policies} policies (once): ${fmt(compileMs, 1)} ms`);
console.log(
  `verdicts equal to Rampart's restricted check (v1.${LATEST_MINOR}): ${fmt(agree)} of ${fmt(2 * pods.length)} pods`,
);
console.log(`peak RSS of the process: ${fmt(process.resourceUsage().maxRSS / 1024)} MB`);
