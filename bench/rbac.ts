/**
 * RBAC analyzer benchmark: a synthetic cluster of 10,000 roles and 50,000 bindings on top of the
 * bootstrap policy (../shared/fixtures/rbac-bootstrap), measured stage by stage in one process:
 * loading the manifests (YAML parse, for scale), building the policy index, who-can queries
 * (median of several), the full escalation analysis (graph + shortest paths of every subject to
 * every target), and the three RBAC scan rules over every binding and workload. Prints a markdown table.
 * Run: node --import tsx bench/rbac.ts   Env: ROLES (10000), BINDINGS (50000), NAMESPACES (500), SEED (1).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildEscalationGraph,
  PathFinder,
  PolicyIndex,
  type Request,
  TARGETS,
  whoCan,
} from '../src/analyze/rbac/index.js';
import { evaluate } from '../src/core/engine.js';
import { Inventory } from '../src/core/inventory.js';
import type { KubeObject } from '../src/core/resource.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { loadInputs } from '../src/load/index.js';
import { rbacEscalationToClusterAdmin as escalationRule } from '../src/rules/rbac-escalation-to-cluster-admin/index.js';
import { rbacSecretsAccessPath as secretsRule } from '../src/rules/rbac-secrets-access-path/index.js';
import { rbacWorkloadPowerfulServiceAccount as workloadRule } from '../src/rules/rbac-workload-powerful-service-account/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BOOTSTRAP = path.resolve(ROOT, '../shared/fixtures/rbac-bootstrap');
const ROLES = Number(process.env.ROLES ?? 10_000);
const BINDINGS = Number(process.env.BINDINGS ?? 50_000);
const NAMESPACES = Number(process.env.NAMESPACES ?? 500);
let seed = Number(process.env.SEED ?? 1);

/** mulberry32: a small deterministic generator, so every run builds the same cluster. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

const RULE_POOL = [
  { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
  { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: ['update', 'patch'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['*'] },
  { apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: ['get', 'list'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['app-tls', 'db-password'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors', 'prometheusrules'], verbs: ['*'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
];
/** Rare, dangerous rules: enough to give the path search something to find. */
const DANGEROUS = [
  { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['edit'] },
  { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'], resourceNames: ['user-7', 'group-3'] },
];

/** Cluster-wide grants are mostly read-only in real clusters; namespaced ones write too. */
const READ_POOL = RULE_POOL.filter(
  (rule) => rule.verbs.every((verb) => ['get', 'list', 'watch'].includes(verb)) && !rule.resources.includes('secrets'),
);

function rules(pool = RULE_POOL): object[] {
  const count = 2 + Math.floor(random() * 5);
  const out = Array.from({ length: count }, () => pick(pool));
  if (random() < 0.01) out.push(pick(DANGEROUS));
  return out;
}

function subjects(namespace: string): object[] {
  return Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
    const r = random();
    if (r < 0.45)
      return { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `user-${Math.floor(random() * 5000)}` };
    if (r < 0.6)
      return { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `group-${Math.floor(random() * 500)}` };
    return { kind: 'ServiceAccount', name: `sa-${Math.floor(random() * 20)}`, namespace };
  });
}

function synthetic(): KubeObject[] {
  const rbac = 'rbac.authorization.k8s.io/v1';
  const out: KubeObject[] = [];
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `ns-${i}`);
  const clusterRoles = Math.round(ROLES * 0.2);
  for (let i = 0; i < clusterRoles; i++) {
    const labels: Record<string, string> =
      i % 100 === 0 ? { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } : { team: `t${i % 50}` };
    // the first half are the ones ClusterRoleBindings use
    out.push({
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: { name: `cr-${i}`, labels },
      rules: rules(i < clusterRoles / 2 ? READ_POOL : RULE_POOL),
    });
  }
  const roles = ROLES - clusterRoles;
  for (let i = 0; i < roles; i++) {
    out.push({
      apiVersion: rbac,
      kind: 'Role',
      metadata: { name: `role-${i}`, namespace: namespaces[i % NAMESPACES] },
      rules: rules(),
    });
  }
  const clusterBindings = Math.round(BINDINGS * 0.2);
  for (let i = 0; i < clusterBindings; i++) {
    out.push({
      apiVersion: rbac,
      kind: 'ClusterRoleBinding',
      metadata: { name: `crb-${i}` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: random() < 0.05 ? 'view' : `cr-${Math.floor((random() * clusterRoles) / 2)}`,
      },
      subjects: subjects(pick(namespaces)),
    });
  }
  for (let i = 0; i < BINDINGS - clusterBindings; i++) {
    const n = i % NAMESPACES;
    const namespace = namespaces[n] as string;
    const toRole = random() < 0.7;
    // Roles of namespace n are role-n, role-(n+NAMESPACES), …
    const role = `role-${n + NAMESPACES * Math.floor(random() * Math.floor(roles / NAMESPACES))}`;
    out.push({
      apiVersion: rbac,
      kind: 'RoleBinding',
      metadata: { name: `rb-${i}`, namespace },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: toRole ? 'Role' : 'ClusterRole',
        name: toRole ? role : pick(['edit', 'view', 'admin', `cr-${Math.floor(random() * clusterRoles)}`]),
      },
      subjects: subjects(namespace),
    });
  }
  for (let i = 0; i < NAMESPACES * 2; i++) {
    const namespace = namespaces[i % NAMESPACES] as string;
    out.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `app-${i}`, namespace },
      spec: {
        selector: { matchLabels: { app: `app-${i}` } },
        template: {
          metadata: { labels: { app: `app-${i}` } },
          spec: { serviceAccountName: `sa-${i % 20}`, containers: [{ name: 'app', image: 'app:1' }] },
        },
      },
    });
  }
  return out;
}

function ms(start: number): number {
  return performance.now() - start;
}
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const objects = synthetic();
const scratch = mkdtempSync(path.join(tmpdir(), 'rampart-rbac-bench-'));
const file = path.join(scratch, 'cluster.yaml');
// flow-style documents are YAML, and keep generation out of the measurement
writeFileSync(file, objects.map((o) => JSON.stringify(o)).join('\n---\n'));
const rows: [string, string, string][] = [];

let start = performance.now();
const loaded = await loadInputs([BOOTSTRAP, file]);
const loadMs = ms(start);
if (loaded.problems.length) throw new Error(loaded.problems[0]?.message);
rows.push([
  'load manifests (YAML parse, for scale)',
  `${(loadMs / 1000).toFixed(2)} s`,
  `${loaded.resources.length.toLocaleString('en')} objects`,
]);

start = performance.now();
const index = new PolicyIndex(new Inventory(loaded.resources));
const indexMs = ms(start);
rows.push([
  'index build',
  `${indexMs.toFixed(0)} ms`,
  `${index.roles.length.toLocaleString('en')} roles, ${index.bindings.length.toLocaleString('en')} bindings`,
]);

const r = (verb: string, resource: string, namespace = '', apiGroup = '', subresource = '', name = ''): Request => ({
  kind: 'resource',
  verb,
  apiGroup,
  resource,
  subresource,
  name,
  namespace,
});
const queries: [string, Request, boolean][] = [
  ['get secrets -n ns-17', r('get', 'secrets', 'ns-17'), false],
  ['create pods -n ns-3', r('create', 'pods', 'ns-3'), false],
  ['create deployments.apps -n ns-42', r('create', 'deployments', 'ns-42', 'apps'), false],
  ['get secrets app-tls -n ns-99', r('get', 'secrets', 'ns-99', '', '', 'app-tls'), false],
  ['create pods/exec -A', r('create', 'pods', '', '', 'exec'), true],
  ['list pods -A', r('list', 'pods'), true],
  ['escalate clusterroles', r('escalate', 'clusterroles', '', 'rbac.authorization.k8s.io'), false],
  ['get nodes/proxy', r('get', 'nodes', '', '', 'proxy'), false],
  ['get /healthz', { kind: 'nonResource', verb: 'get', path: '/healthz' }, false],
];
const timings: number[] = [];
const perQuery: string[] = [];
for (const [label, request, all] of queries) {
  const runs: number[] = [];
  let subjects = 0;
  for (let i = 0; i < 5; i++) {
    start = performance.now();
    subjects = whoCan(index, request, { allNamespaces: all }).subjects.length;
    runs.push(ms(start));
  }
  timings.push(median(runs));
  perQuery.push(`${label}: ${median(runs).toFixed(1)} ms (${subjects} subjects)`);
}
rows.push([
  'who-can query (median of 9 queries × 5 runs)',
  `${median(timings).toFixed(1)} ms`,
  `slowest ${Math.max(...timings).toFixed(1)} ms (-A)`,
]);

start = performance.now();
const escalation = buildEscalationGraph(index);
const graphMs = ms(start);
start = performance.now();
let paths = 0;
for (const target of [TARGETS.clusterAdmin, TARGETS.secrets, TARGETS.nodes]) {
  const finder = new PathFinder(escalation.graph, target);
  for (const subject of escalation.subjects) {
    const id =
      subject.kind === 'ServiceAccount'
        ? `ServiceAccount:${subject.namespace}/${subject.name}`
        : `${subject.kind}:${subject.name}`;
    if (finder.pathFrom(id)) paths++;
  }
}
const pathMs = ms(start);
rows.push([
  'full escalation analysis (graph + shortest paths, 3 targets)',
  `${((graphMs + pathMs) / 1000).toFixed(2)} s`,
  `graph ${(graphMs / 1000).toFixed(2)} s (${escalation.graph.nodes.size.toLocaleString('en')} nodes, ${escalation.graph.edgeCount.toLocaleString('en')} edges), paths ${pathMs.toFixed(0)} ms (${escalation.subjects.length.toLocaleString('en')} subjects, ${paths.toLocaleString('en')} paths)`,
]);

start = performance.now();
const evaluation = evaluate(new Inventory(loaded.resources), {
  rules: [escalationRule, secretsRule, workloadRule],
  settings: DEFAULT_SETTINGS,
});
const scanMs = ms(start);
const findings = evaluation.results.filter((res) => res.verdict === 'fail').length;
rows.push([
  'scan: the 3 RBAC rules on every binding and workload',
  `${(scanMs / 1000).toFixed(2)} s`,
  `${evaluation.results.length.toLocaleString('en')} verdicts, ${findings.toLocaleString('en')} findings (analysis included)`,
]);

const usage = process.memoryUsage();
rows.push([
  'memory',
  mb(process.resourceUsage().maxRSS * 1024),
  `peak RSS; heap now ${mb(usage.heapUsed)}, RSS now ${mb(usage.rss)}`,
]);
rmSync(scratch, { recursive: true, force: true });

console.log(
  `RBAC benchmark: ${ROLES.toLocaleString('en')} roles + ${BINDINGS.toLocaleString('en')} bindings over ${NAMESPACES} namespaces, plus the bootstrap policy; node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}\n`,
);
console.log('| stage | time | detail |\n|---|---|---|');
for (const [stage, time, detail] of rows) console.log(`| ${stage} | ${time} | ${detail} |`);
console.log(`\nwho-can queries: ${perQuery.join('; ')}`);
