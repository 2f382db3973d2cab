/**
 * `npm run bench:cluster` (not a test): the cluster scan at scale, against the test control plane.
 *   1. starts a control plane (no controller manager: Deployments stay objects, no Pods appear) and
 *      creates COUNT objects (default 20,000: per namespace, Deployments, Services, ConfigMaps and
 *      ServiceAccounts in equal parts), and writes the same objects to files;
 *   2. measures wall time, CPU time and peak RSS (GNU time) of `rampart scan <files> -o json`,
 *      `rampart cluster scan -o json`, `rampart cluster snapshot` and `rampart scan <snapshot> -o json`;
 *   3. writes a snapshot of BIG generated objects (default 100,000) and measures its scan.
 * Prints a markdown table for docs/performance.md. Needs the built CLI (npm run build) and the
 * control-plane binaries (npm run control-plane). Env: COUNT, BIG, NAMESPACES (40).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { writeSnapshot } from '../src/cluster/snapshot.js';
import type { KubeObject } from '../src/core/resource.js';
import { ensureControlPlane, startControlPlane } from '../test/support/control-plane/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin', 'rampart.js');
const COUNT = Number(process.env.COUNT ?? 20_000);
const BIG = Number(process.env.BIG ?? 100_000);
const NAMESPACES = Number(process.env.NAMESPACES ?? 40);

interface Run {
  wallS: number;
  cpuS: number;
  rssMb: number;
}

function measure(args: string[]): Run {
  const scratch = mkdtempSync(path.join(tmpdir(), 'rampart-bench-'));
  const timeFile = path.join(scratch, 'time');
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-v', '-o', timeFile, process.execPath, CLI, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const wallS = (performance.now() - started) / 1000;
  if (result.status !== 0 && result.status !== 1) throw new Error(`rampart ${args.join(' ')} exited ${result.status}`);
  const report = readFileSync(timeFile, 'utf8');
  rmSync(scratch, { recursive: true, force: true });
  const number = (pattern: RegExp) => Number(pattern.exec(report)?.[1] ?? Number.NaN);
  return {
    wallS,
    cpuS: number(/User time \(seconds\): ([\d.]+)/) + number(/System time \(seconds\): ([\d.]+)/),
    rssMb: number(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
  };
}

/** One namespace's share of the objects: a realistic web Deployment with its Service, ConfigMap and ServiceAccount. */
function objectsOf(namespace: string, count: number): KubeObject[] {
  const out: KubeObject[] = [];
  for (let i = 0; out.length < count; i++) {
    const name = `app-${i}`;
    const labels = { app: name, tier: i % 2 ? 'web' : 'worker' };
    out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
    out.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace },
      data: { LOG_LEVEL: 'info', PORT: '8080' },
    });
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels },
      spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    });
    out.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name: 'app',
                image: `registry.example.com/team/${name}:1.${i % 10}.0`,
                ports: [{ containerPort: 8080 }],
                envFrom: [{ configMapRef: { name } }],
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                securityContext: i % 3 ? { runAsNonRoot: true, allowPrivilegeEscalation: false } : { privileged: true },
                readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              },
            ],
          },
        },
      },
    });
  }
  return out.slice(0, count);
}

const PATHS: Record<string, string> = {
  ServiceAccount: 'serviceaccounts',
  ConfigMap: 'configmaps',
  Service: 'services',
  Deployment: 'deployments',
};

async function main(): Promise<void> {
  if (!existsSync(CLI) || !existsSync(path.join(ROOT, 'dist'))) throw new Error('run npm run build first');
  const work = mkdtempSync(path.join(tmpdir(), 'rampart-bench-cluster-'));
  const build = await ensureControlPlane({ log: () => {} });
  const cp = await startControlPlane({ binDir: build.binDir, controllerManager: false });
  const rows: string[] = [];
  const load = [loadavg()[0]];
  try {
    const perNamespace = Math.ceil(COUNT / NAMESPACES);
    const files = path.join(work, 'files');
    mkdirSync(files);
    const started = performance.now();
    let created = 0;
    for (let n = 0; n < NAMESPACES && created < COUNT; n++) {
      const namespace = `team-${n}`;
      const objects = objectsOf(namespace, Math.min(perNamespace, COUNT - created));
      const nsObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } };
      writeFileSync(
        path.join(files, `${namespace}.yaml`),
        [nsObject, ...objects].map((o) => stringify(o)).join('---\n'),
      );
      await cp.http.create('/api/v1/namespaces', nsObject);
      let next = 0;
      const worker = async () => {
        while (next < objects.length) {
          const object = objects[next++] as KubeObject;
          const base = object.kind === 'Deployment' ? '/apis/apps/v1' : '/api/v1';
          await cp.http.create(`${base}/namespaces/${namespace}/${PATHS[object.kind]}`, object);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      created += objects.length;
    }
    const createS = (performance.now() - started) / 1000;
    process.stderr.write(`created ${created} objects in ${NAMESPACES} namespaces in ${createS.toFixed(1)} s\n`);
    const kubeconfig = cp.admin.kubeconfig;
    const snapshot = path.join(work, 'cluster.json.gz');
    const row = (what: string, run: Run) =>
      rows.push(`| ${what} | ${run.wallS.toFixed(1)} s | ${run.cpuS.toFixed(1)} s | ${run.rssMb.toFixed(0)} MB |`);
    row(`\`rampart scan\` of the same objects as ${NAMESPACES} files`, measure(['scan', files, '-o', 'json']));
    row(
      `\`rampart cluster scan -o json\` (${created} objects)`,
      measure(['cluster', 'scan', '--kubeconfig', kubeconfig, '-o', 'json']),
    );
    row(
      '`rampart cluster snapshot` (list and write)',
      measure(['cluster', 'snapshot', '--kubeconfig', kubeconfig, '-o', snapshot]),
    );
    row('`rampart scan cluster.json.gz -o json`', measure(['scan', snapshot, '-o', 'json']));
  } finally {
    await cp.stop();
  }
  const big = path.join(work, 'big.json.gz');
  const objects: KubeObject[] = [];
  for (let n = 0; objects.length < BIG; n++)
    objects.push(...objectsOf(`team-${n}`, Math.min(2_000, BIG - objects.length)));
  await writeSnapshot(
    {
      context: 'generated',
      cluster: 'generated',
      serverVersion: { gitVersion: 'v1.37.2', major: '1', minor: '37' },
      groupVersions: ['apps/v1', 'v1'],
      resources: [],
      undiscovered: [],
      skipped: [],
      objects,
    },
    big,
  );
  rows.push(
    `| \`rampart scan\` of a generated snapshot of ${BIG} objects | ${(() => {
      const run = measure(['scan', big, '-o', 'json']);
      return `${run.wallS.toFixed(1)} s | ${run.cpuS.toFixed(1)} s | ${run.rssMb.toFixed(0)} MB`;
    })()} |`,
  );
  load.push(loadavg()[0]);
  rmSync(work, { recursive: true, force: true });
  console.log('| what | wall | CPU | peak RSS |\n|---|---:|---:|---:|');
  for (const line of rows) console.log(line);
  console.log(`\nload average ${load.map((l) => (l ?? 0).toFixed(1)).join(' → ')}`);
}

await main();
