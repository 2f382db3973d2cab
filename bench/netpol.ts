/**
 * `node --import tsx bench/netpol.ts`: the NetworkPolicy analyzer on synthetic clusters.
 *   (a) 1,000 workloads and 300 policies: the full connectivity list (txt), wall time per phase
 *       (YAML parse, model, connectivity, formatting) and peak RSS, median of RUNS runs;
 *   (b) growth: workloads 250/500/1000/2000 x policies 75/150/300/600, connectivity + list time.
 * Every measurement runs in a fresh child process, so peak RSS is that configuration's own.
 * Env: RUNS (3), GROWTH=0 to skip (b). Prints markdown tables for docs/performance.md.
 *
 * The synthetic cluster: namespaces of 20 workloads (Deployments with named ports, four tiers),
 * Namespace objects with team/env labels, a default deny in each prod namespace (a third, the
 * staging ones, stay open, so the list is long), then a seeded mix of
 * policies: same-namespace tier rules on named ports, cross-namespace rules by namespace label
 * with endPort ranges, egress to databases, ipBlock ingress with except, internet egress minus
 * the metadata address, and monitoring scrapes by namespace name.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { analyze, buildModel, connLines } from '../src/analyze/netpol/index.js';
import { loadText } from '../src/load/index.js';
import { formatList } from '../src/report/index.js';

const TIERS = ['web', 'api', 'db', 'worker'] as const;

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function synthetic(workloads: number, policies: number): string {
  const random = rng(workloads * 7919 + policies);
  const namespaces = Math.max(2, Math.ceil(workloads / 20));
  const docs: string[] = [];
  for (let n = 0; n < namespaces; n++) {
    docs.push(
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${n}\n  labels: {team: t${n % 10}, env: ${n % 3 === 0 ? 'staging' : 'prod'}}`,
    );
  }
  for (let i = 0; i < workloads; i++) {
    const ns = `team-${i % namespaces}`;
    const tier = TIERS[i % TIERS.length] as string;
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: svc-${i}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: svc-${i}}}
  template:
    metadata: {labels: {app: svc-${i}, tier: ${tier}}}
    spec:
      containers:
      - name: main
        image: example/svc:1
        ports:
        - {name: http, containerPort: ${8080 + (i % 3)}}
        - {name: metrics, containerPort: 9100}
        - {name: pg, containerPort: 5432}`);
  }
  let made = 0;
  const policy = (ns: number, spec: string) => {
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p-${made}, namespace: team-${ns}}\nspec:\n${spec}`,
    );
    made++;
  };
  // prod namespaces deny by default; staging ones (every third) are left open, as in real clusters
  for (let n = 0; n < namespaces && made < policies; n++)
    if (n % 3 !== 0) policy(n, '  podSelector: {}\n  policyTypes: [Ingress, Egress]');
  while (made < policies) {
    const ns = Math.floor(random() * namespaces);
    const target =
      random() < 0.5
        ? `{matchLabels: {tier: ${TIERS[Math.floor(random() * 4)]}}}`
        : `{matchLabels: {app: svc-${Math.floor(random() * workloads)}}}`;
    const other = Math.floor(random() * namespaces);
    switch (made % 6) {
      case 0:
        policy(
          ns,
          `  podSelector: ${target}\n  ingress:\n  - from: [{podSelector: {matchLabels: {tier: web}}}]\n    ports: [{port: http}]`,
        );
        break;
      case 1:
        policy(
          ns,
          `  podSelector: ${target}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {env: prod}}, podSelector: {matchLabels: {tier: api}}}]\n    ports: [{port: 8080, endPort: 8090}]`,
        );
        break;
      case 2:
        policy(
          ns,
          `  podSelector: ${target}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: team-${other}}}, podSelector: {matchLabels: {tier: db}}}]\n    ports: [{port: pg}]`,
        );
        break;
      case 3:
        policy(
          ns,
          `  podSelector: ${target}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.${ns % 256}.0.0/16, except: [10.${ns % 256}.1.0/24]}}]\n    ports: [{port: 443}, {port: 53, protocol: UDP}]`,
        );
        break;
      case 4:
        policy(
          ns,
          `  podSelector: ${target}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]\n    ports: [{port: 443}]\n  - ports: [{port: 53, protocol: UDP}]`,
        );
        break;
      default:
        policy(
          ns,
          `  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: t${other % 10}}}}]\n    ports: [{port: metrics}]`,
        );
    }
  }
  return `${docs.join('\n---\n')}\n`;
}

interface Sample {
  workloads: number;
  policies: number;
  bytes: number;
  parseMs: number;
  modelMs: number;
  connectivityMs: number;
  listMs: number;
  lines: number;
  listBytes: number;
  outsideBlocks: number;
  peakRssMb: number;
}

/** One measurement, in this (child) process. */
function measureOne(workloads: number, policies: number): Sample {
  const text = synthetic(workloads, policies);
  let t = performance.now();
  const loaded = loadText({ text }, 'synthetic.yaml');
  const parseMs = performance.now() - t;
  t = performance.now();
  const model = buildModel(loaded.resources);
  const modelMs = performance.now() - t;
  if (model.workloads.length !== workloads || model.policies.length !== policies || model.problems.length) {
    throw new Error(
      `synthetic input is off: ${model.workloads.length} workloads, ${model.policies.length} policies, ${model.problems[0]?.message ?? ''}`,
    );
  }
  t = performance.now();
  const connectivity = analyze(model);
  const connectivityMs = performance.now() - t;
  t = performance.now();
  let lines = 0;
  let listBytes = 0;
  for (const chunk of formatList(connLines(connectivity), 'txt')) {
    listBytes += chunk.length;
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++;
  }
  const listMs = performance.now() - t;
  return {
    workloads,
    policies,
    bytes: text.length,
    parseMs,
    modelMs,
    connectivityMs,
    listMs,
    lines,
    listBytes,
    outsideBlocks: connectivity.srcBlocks.length + connectivity.dstBlocks.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function child(workloads: number, policies: number): Sample {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--one', String(workloads), String(policies)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (run.status !== 0) throw new Error(`bench child failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Sample;
}

function median(samples: Sample[]): Sample {
  const pick = (key: keyof Sample) => {
    const sorted = samples.map((s) => s[key] as number).sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] as number;
  };
  const base = samples[0] as Sample;
  return {
    ...base,
    parseMs: pick('parseMs'),
    modelMs: pick('modelMs'),
    connectivityMs: pick('connectivityMs'),
    listMs: pick('listMs'),
    peakRssMb: pick('peakRssMb'),
  };
}

if (process.argv[2] === '--one') {
  process.stdout.write(JSON.stringify(measureOne(Number(process.argv[3]), Number(process.argv[4]))));
} else {
  const runs = Number(process.env.RUNS ?? 3);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.error(
    `bench netpol: node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? '?'}), median of ${runs}`,
  );
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const s = child(1000, 300);
    console.error(
      `  1000 x 300 run ${i + 1}: analysis+list ${ms(s.connectivityMs + s.listMs)}, total ${ms(s.parseMs + s.modelMs + s.connectivityMs + s.listMs)}, ${s.peakRssMb.toFixed(0)} MB`,
    );
    samples.push(s);
  }
  const m = median(samples);
  const total = m.parseMs + m.modelMs + m.connectivityMs + m.listMs;
  const out = [
    `1,000 workloads, 300 policies (${(m.bytes / 1e6).toFixed(2)} MB of YAML; ${m.lines.toLocaleString('en-US')} allowed connections, ${(m.listBytes / 1e6).toFixed(1)} MB of txt; ${m.outsideBlocks} outside blocks):`,
    '',
    '| phase | wall time |',
    '|---|---:|',
    `| parse YAML (the floor) | ${ms(m.parseMs)} |`,
    `| model: workloads, namespaces, policies | ${ms(m.modelMs)} |`,
    `| connectivity (every pair, both directions, the outside) | ${ms(m.connectivityMs)} |`,
    `| format the full txt list | ${ms(m.listMs)} |`,
    `| **total** | **${ms(total)}** |`,
    `| peak RSS of the process | ${m.peakRssMb.toFixed(0)} MB |`,
  ];
  const worst = child(1000, 0);
  out.push(
    '',
    `Worst case for the list, 1,000 workloads and no policy (every pair allowed: ${worst.lines.toLocaleString('en-US')} lines, ${(worst.listBytes / 1e6).toFixed(0)} MB of txt): connectivity ${ms(worst.connectivityMs)}, list ${ms(worst.listMs)}, peak RSS ${worst.peakRssMb.toFixed(0)} MB.`,
  );
  if (process.env.GROWTH !== '0') {
    const policyCounts = [75, 150, 300, 600];
    out.push('', 'Growth: connectivity + txt list (model and parse excluded), and peak RSS, one run each:', '');
    out.push(
      `| workloads \\ policies | ${policyCounts.join(' | ')} |`,
      `|---|${policyCounts.map(() => '---:').join('|')}|`,
    );
    for (const w of [250, 500, 1000, 2000]) {
      const cells = policyCounts.map((p) => {
        const s = child(w, p);
        console.error(
          `  ${w} x ${p}: ${ms(s.connectivityMs + s.listMs)}, ${s.lines} lines, ${s.peakRssMb.toFixed(0)} MB`,
        );
        return `${ms(s.connectivityMs + s.listMs)}, ${s.peakRssMb.toFixed(0)} MB`;
      });
      out.push(`| ${w} | ${cells.join(' | ')} |`);
    }
  }
  console.log(out.join('\n'));
}
