/**
 * `npm run bench`: on generated Deployments (../shared/bench/peers/gen.mjs), measure in one run
 *   (a) the floor: parsing the file alone with js-yaml,
 *   (b) `rampart scan -o json`: wall time and peak RSS,
 *   (c) the peer @monokle/validation (../shared/bench/peers) on the same file,
 *   (d) `rampart --version`,
 * each the median of RUNS runs, and print the ratios as a markdown table for docs/performance.md,
 * with the CPU time (user + system, every thread) beside the wall time, and the machine's load
 * average before and after: on a shared machine wall times move with the load, CPU times less.
 * Env: SIZE (10000), RUNS (3), SKIP_PEER=1 to leave the peer out, PEER_DIR as the peer harness uses,
 * BASELINE=<dir> to add the default scan of another built checkout (a commit before a change),
 * INSTRUCTIONS=1 to count the instructions of the floor and of the default scan once each (with
 * `perf stat -e instructions` where the CPU exposes the counter, else valgrind's callgrind, which
 * takes minutes): a figure that does not move with the load.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const PEERS = path.resolve(ROOT, process.env.RAMPART_PEERS_DIR ?? '../shared/bench/peers');
const SIZE = Number(process.env.SIZE ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 3);
const CACHE = path.join(ROOT, '.bench');
const HAS_TIME = existsSync('/usr/bin/time');

interface Run {
  wallS: number;
  rssMb: number | undefined;
  cpuS: number | undefined;
  stdout: string;
}

/** Runs a command under GNU time (when present) and returns wall seconds, peak RSS and stdout. */
function measure(command: string, args: string[]): Run {
  const scratch = mkdtempSync(path.join(tmpdir(), 'rampart-bench-'));
  const timeFile = path.join(scratch, 'time');
  const outFile = path.join(scratch, 'out');
  const start = performance.now();
  const shell = `${HAS_TIME ? `/usr/bin/time -v -o ${timeFile} ` : ''}${[command, ...args].map(quote).join(' ')} > ${outFile}`;
  const result = spawnSync('bash', ['-c', shell], { stdio: ['ignore', 'ignore', 'inherit'] });
  const wallS = (performance.now() - start) / 1000;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  let rssMb: number | undefined;
  let cpuS: number | undefined;
  if (HAS_TIME) {
    const report = readFileSync(timeFile, 'utf8');
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1];
    rssMb = kb ? Number(kb) / 1024 : undefined;
    const user = /User time \(seconds\): ([\d.]+)/.exec(report)?.[1];
    const system = /System time \(seconds\): ([\d.]+)/.exec(report)?.[1];
    cpuS = user && system ? Number(user) + Number(system) : undefined;
  }
  const stdout = readFileSync(outFile, 'utf8');
  rmSync(scratch, { recursive: true, force: true });
  return { wallS, rssMb, cpuS, stdout };
}

function quote(arg: string): string {
  return /^[\w./=:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

interface Repeated {
  wallS: number;
  rssMb?: number;
  cpuS?: number;
  last: string;
}

function repeat(label: string, command: string, args: string[], runs = RUNS): Repeated {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = measure(command, args);
    console.error(
      `  ${label} run ${i + 1}: ${run.wallS.toFixed(2)} s, CPU ${run.cpuS?.toFixed(2) ?? '?'} s, ${run.rssMb?.toFixed(0) ?? '?'} MB`,
    );
    results.push(run);
  }
  const rss = results.map((r) => r.rssMb).filter((v): v is number => v !== undefined);
  const cpu = results.map((r) => r.cpuS).filter((v): v is number => v !== undefined);
  return {
    wallS: median(results.map((r) => r.wallS)),
    ...(rss.length ? { rssMb: median(rss) } : {}),
    ...(cpu.length ? { cpuS: median(cpu) } : {}),
    last: results.at(-1)?.stdout ?? '',
  };
}

/**
 * Instructions one run executes, all threads: `perf stat` where the CPU exposes the counter (not in
 * most virtual machines), else callgrind's count (valgrind runs the threads one at a time, ~50x
 * slower). Repeatable within a percent or two whatever the load, unlike times.
 */
function instructions(command: string, args: string[]): { count: number; tool: string } | undefined {
  const perf = spawnSync('perf', ['stat', '-x', ',', '-e', 'instructions', command, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const counted = /^(\d+),+instructions/m.exec(perf.stderr ?? '')?.[1];
  if (counted) return { count: Number(counted), tool: 'perf stat -e instructions' };
  const scratch = mkdtempSync(path.join(tmpdir(), 'rampart-bench-'));
  const valgrind = spawnSync(
    'valgrind',
    ['--tool=callgrind', `--callgrind-out-file=${path.join(scratch, 'callgrind.out')}`, command, ...args],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  rmSync(scratch, { recursive: true, force: true });
  const refs = /I\s+refs:\s+([\d,]+)/.exec(valgrind.stderr ?? '')?.[1];
  return refs ? { count: Number(refs.replace(/,/g, '')), tool: 'valgrind --tool=callgrind' } : undefined;
}

mkdirSync(CACHE, { recursive: true });
const file = path.join(CACHE, `deployments-${SIZE}.yaml`);
if (!existsSync(file)) execFileSync(process.execPath, [path.join(PEERS, 'gen.mjs'), String(SIZE), file]);
const bin = path.join(ROOT, 'bin/rampart.js');
if (!existsSync(path.join(ROOT, 'dist/cli/main.js'))) throw new Error('run `npm run build` first');
const tsx = ['--import', 'tsx'];

const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');
const loadBefore = load();
console.error(
  `bench: ${SIZE} Deployments (${(readFileSync(file).length / 1e6).toFixed(1)} MB), median of ${RUNS}, node ${process.version}, ${cpus().length} cpus, load average ${loadBefore}`,
);
const floor = repeat('floor (js-yaml)', process.execPath, [...tsx, path.join(ROOT, 'bench/floor.ts'), file]);
const floorParse = JSON.parse(floor.last.trim()) as { documents: number; parseMs: number };
// Every rule on: the opt-in ones enabled, the configurable ones configured.
const allRulesConfig = path.join(CACHE, 'all-rules.yaml');
writeFileSync(
  allRulesConfig,
  `rules:
  container-cpu-limit: on
  container-ephemeral-storage-limit: on
  image-digest-pinning: on
  pod-runtime-class-untrusted: {enabled: true, options: {untrustedNamespaces: ["ns-1", "ns-2"]}}
  image-allowed-registries: {options: {registries: ["registry.example.com/"]}}
`,
);
type Doc = { summary: { resources: number; verdicts: Record<string, number> } };
const scanRun = (label: string, extra: string[]) => {
  const run = repeat(label, process.execPath, [bin, 'scan', file, '-o', 'json', ...extra]);
  return { ...run, doc: JSON.parse(run.last) as Doc, last: '' };
};
const pssOnly = scanRun('rampart scan, PSS rules only', ['--framework', 'pss-restricted']);
const rampart = scanRun('rampart scan, default catalogue', []);
const allRules = scanRun('rampart scan, every rule on', ['--config', allRulesConfig]);
const baselineDir = process.env.BASELINE ? path.resolve(process.env.BASELINE) : undefined;
const baseline = baselineDir
  ? (() => {
      const run = repeat('baseline checkout, default catalogue', process.execPath, [
        path.join(baselineDir, 'bin/rampart.js'),
        'scan',
        file,
        '-o',
        'json',
      ]);
      return { ...run, doc: JSON.parse(run.last) as Doc, last: '' };
    })()
  : undefined;
const version = repeat('rampart --version', process.execPath, [bin, '--version'], 5);

let peer: Repeated | undefined;
if (process.env.SKIP_PEER !== '1') {
  execFileSync('bash', [path.join(PEERS, 'setup.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  peer = repeat('peer @monokle/validation', process.execPath, [
    path.join(PEERS, 'monokle.mjs'),
    file,
    '--plugins',
    'pss,practices',
  ]);
}

const mb = (v?: number) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MB`);
const s = (v?: number) => (v === undefined ? 'n/a' : `${v.toFixed(2)} s`);
const cpuRatio = (run: Repeated) =>
  run.cpuS !== undefined && floor.cpuS !== undefined ? ` (CPU ${(run.cpuS / floor.cpuS).toFixed(2)}x)` : '';
const row = (label: string, run: Repeated & { doc: Doc }) =>
  `| ${label} (${run.doc.summary.resources} resources, ${run.doc.summary.verdicts.fail} findings) | ${s(run.wallS)} | ${s(run.cpuS)} | ${mb(run.rssMb)} | ${(run.wallS / floor.wallS).toFixed(2)}x floor${cpuRatio(run)} |`;
const lines = [
  `| measurement | wall time | CPU time | peak RSS | ratio |`,
  `|---|---:|---:|---:|---:|`,
  `| (a) floor: node + read + js-yaml loadAll (${floorParse.documents} docs; parse alone ${floorParse.parseMs} ms) | ${s(floor.wallS)} | ${s(floor.cpuS)} | ${mb(floor.rssMb)} | 1.00x |`,
  row('(b) `rampart scan -o json --framework pss-restricted`: the 19 PSS rules', pssOnly),
  row('(b) `rampart scan -o json`: default catalogue', rampart),
  row('(b) `rampart scan -o json` with every rule on (opt-in rules enabled)', allRules),
];
if (baseline) lines.push(row(`(b) the same scan by the checkout in \`${process.env.BASELINE}\` (BASELINE)`, baseline));
if (peer) {
  const problems = /problems=(\d+)/.exec(peer.last)?.[1] ?? '?';
  lines.push(
    `| (c) peer @monokle/validation 0.33.0, pss+practices (${problems} problems) | ${s(peer.wallS)} | ${s(peer.cpuS)} | ${mb(peer.rssMb)} | ${(peer.wallS / rampart.wallS).toFixed(1)}x the default scan, ${(peer.wallS / pssOnly.wallS).toFixed(1)}x the PSS-only scan |`,
  );
}
lines.push(`| (d) \`rampart --version\` | ${s(version.wallS)} | ${s(version.cpuS)} | ${mb(version.rssMb)} | |`);
if (process.env.INSTRUCTIONS === '1') {
  console.error('  counting instructions (floor, then the default scan): this takes minutes under valgrind');
  const floorCount = instructions(process.execPath, [...tsx, path.join(ROOT, 'bench/floor.ts'), file]);
  const scanCount = instructions(process.execPath, [
    bin,
    'scan',
    file,
    '-o',
    `json=${path.join(CACHE, 'instructions.json')}`,
  ]);
  if (floorCount && scanCount) {
    const g = (n: number) => `${(n / 1e9).toFixed(2)} G`;
    lines.push(
      '',
      `| instructions (${scanCount.tool}, one run each) | floor | default scan | ratio |`,
      '|---|---:|---:|---:|',
      `| all threads | ${g(floorCount.count)} | ${g(scanCount.count)} | ${(scanCount.count / floorCount.count).toFixed(2)}x |`,
    );
  } else console.error('  no instruction counter: perf stat -e instructions is not supported and valgrind is missing');
}
lines.push('', `Load average (1, 5, 15 min) before: ${loadBefore}; after: ${load()}.`);
console.log(lines.join('\n'));
