/**
 * `npm run bench`: on generated Deployments (../shared/bench/peers/gen.mjs), measure in one run
 *   (a) the floor: parsing the file alone with js-yaml,
 *   (b) `rampart scan -o json`: wall time and peak RSS,
 *   (c) the peer @monokle/validation (../shared/bench/peers) on the same file,
 *   (d) `rampart --version`,
 * each the median of RUNS runs, and print the ratios as a markdown table for docs/performance.md.
 * Env: SIZE (10000), RUNS (3), SKIP_PEER=1 to leave the peer out, PEER_DIR as the peer harness uses.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
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
  if (HAS_TIME) {
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'))?.[1];
    rssMb = kb ? Number(kb) / 1024 : undefined;
  }
  const stdout = readFileSync(outFile, 'utf8');
  rmSync(scratch, { recursive: true, force: true });
  return { wallS, rssMb, stdout };
}

function quote(arg: string): string {
  return /^[\w./=:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

function repeat(
  label: string,
  command: string,
  args: string[],
  runs = RUNS,
): { wallS: number; rssMb?: number; last: string } {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = measure(command, args);
    console.error(`  ${label} run ${i + 1}: ${run.wallS.toFixed(2)} s, ${run.rssMb?.toFixed(0) ?? '?'} MB`);
    results.push(run);
  }
  const rss = results.map((r) => r.rssMb).filter((v): v is number => v !== undefined);
  return {
    wallS: median(results.map((r) => r.wallS)),
    ...(rss.length ? { rssMb: median(rss) } : {}),
    last: results.at(-1)?.stdout ?? '',
  };
}

mkdirSync(CACHE, { recursive: true });
const file = path.join(CACHE, `deployments-${SIZE}.yaml`);
if (!existsSync(file)) execFileSync(process.execPath, [path.join(PEERS, 'gen.mjs'), String(SIZE), file]);
const bin = path.join(ROOT, 'bin/rampart.js');
if (!existsSync(path.join(ROOT, 'dist/cli/main.js'))) throw new Error('run `npm run build` first');
const tsx = ['--import', 'tsx'];

console.error(
  `bench: ${SIZE} Deployments (${(readFileSync(file).length / 1e6).toFixed(1)} MB), median of ${RUNS}, node ${process.version}, ${cpus().length} cpus`,
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
const version = repeat('rampart --version', process.execPath, [bin, '--version'], 5);

let peer: { wallS: number; rssMb?: number; last: string } | undefined;
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
const s = (v: number) => `${v.toFixed(2)} s`;
const row = (label: string, run: { wallS: number; rssMb?: number; doc: Doc }) =>
  `| ${label} (${run.doc.summary.resources} resources, ${run.doc.summary.verdicts.fail} findings) | ${s(run.wallS)} | ${mb(run.rssMb)} | ${(run.wallS / floor.wallS).toFixed(2)}x floor |`;
const lines = [
  `| measurement | wall time | peak RSS | ratio |`,
  `|---|---:|---:|---:|`,
  `| (a) floor: node + read + js-yaml loadAll (${floorParse.documents} docs; parse alone ${floorParse.parseMs} ms) | ${s(floor.wallS)} | ${mb(floor.rssMb)} | 1.00x |`,
  row('(b) `rampart scan -o json --framework pss-restricted`: the 19 PSS rules', pssOnly),
  row('(b) `rampart scan -o json`: default catalogue', rampart),
  row('(b) `rampart scan -o json` with every rule on (opt-in rules enabled)', allRules),
];
if (peer) {
  const problems = /problems=(\d+)/.exec(peer.last)?.[1] ?? '?';
  lines.push(
    `| (c) peer @monokle/validation 0.33.0, pss+practices (${problems} problems) | ${s(peer.wallS)} | ${mb(peer.rssMb)} | ${(peer.wallS / rampart.wallS).toFixed(1)}x the default scan, ${(peer.wallS / pssOnly.wallS).toFixed(1)}x the PSS-only scan |`,
  );
}
lines.push(`| (d) \`rampart --version\` | ${s(version.wallS)} | ${mb(version.rssMb)} | |`);
console.log(lines.join('\n'));
