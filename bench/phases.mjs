/**
 * Where a default scan of the generated Deployments spends its CPU, phase by phase:
 * `npm run build && node bench/phases.mjs [SIZE]` (plain node, no TypeScript loader, so that
 * importing the modules costs what it costs the CLI).
 *
 * One cold pass, as `rampart scan -o json` runs (import the modules, load, evaluate, summarize,
 * write the JSON to a file), then RUNS warm passes of evaluate and of the JSON writer over the
 * same inventory. Each phase reports the CPU of the main thread (from /proc on Linux: what the
 * wall time cannot go below) and of every thread (the main thread, plus V8's background
 * compilation and garbage collection helpers). CPU times move much less than wall times with
 * the load of a shared machine. DIST=<dir> measures another build (the `dist` of another
 * checkout: phases its scan service does not report are then timed as one).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIZE = Number(process.argv[2] ?? process.env.SIZE ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 5);
const DIST = path.resolve(process.env.DIST ?? path.join(ROOT, 'dist'));
const file = path.join(ROOT, '.bench', `deployments-${SIZE}.yaml`);
if (!existsSync(file)) {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync(process.execPath, [path.resolve(ROOT, '../shared/bench/peers/gen.mjs'), String(SIZE), file]);
}
if (!existsSync(path.join(DIST, 'cli/main.js'))) throw new Error(`no build in ${DIST}: run \`npm run build\` first`);

const MAIN_STAT = `/proc/self/task/${process.pid}/stat`;
const HAS_PROC = existsSync(MAIN_STAT);

/** CPU milliseconds of the main thread (utime + stime of its /proc entry, in 10 ms ticks), else of the process. */
function mainCpu() {
  if (!HAS_PROC) return allCpu();
  const fields = (readFileSync(MAIN_STAT, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function allCpu() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const rows = [];
let last = { main: mainCpu(), all: allCpu() };
function mark(phase) {
  const now = { main: mainCpu(), all: allCpu() };
  rows.push({ phase, main: now.main - last.main, all: now.all - last.all });
  last = now;
}

const from = (module) => import(path.join(DIST, module));
const { createScanner, fileSource } = await from('scan/index.js');
const { reportContext } = await from('cli/scan-output.js');
const { jsonChunks } = await from('report/json.js');
const { evaluate } = await from('core/engine.js');
mark('import the modules');

const marksBefore = rows.length;
const scanner = await createScanner({ keepPasses: false, timer: mark });
const outcome = await scanner.scan(fileSource([file]));
mark(rows.length === marksBefore ? 'load, evaluate and summarize' : 'summarize');

const out = path.join(ROOT, '.bench', 'phases.json');
const context = { ...reportContext(outcome, { env: {}, cwd: ROOT }, {}), color: false };
const write = () => {
  const fd = openSync(out, 'w');
  for (const piece of jsonChunks(outcome.results, context)) writeSync(fd, piece);
  closeSync(fd);
};
write();
mark('write the JSON');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function warm(run) {
  const main = [];
  const all = [];
  for (let i = 0; i < RUNS; i++) {
    const before = { main: mainCpu(), all: allCpu() };
    run();
    main.push(mainCpu() - before.main);
    all.push(allCpu() - before.all);
  }
  return { main: median(main), all: median(all) };
}

const evaluated = warm(() =>
  evaluate(outcome.inventory, { rules: outcome.evaluation.rules, settings: outcome.settings, keepPasses: false }),
);
const written = warm(write);

const ms = (v) => `${v.toFixed(0)} ms`;
const total = rows.reduce((sum, row) => ({ main: sum.main + row.main, all: sum.all + row.all }), { main: 0, all: 0 });
const built = process.env.DIST ?? 'dist';
console.log(
  `| phase (${built}; ${outcome.inventory.size} resources, ${outcome.results.length} results) | main thread CPU | all threads CPU |`,
);
console.log('|---|---:|---:|');
for (const row of rows) console.log(`| ${row.phase} | ${ms(row.main)} | ${ms(row.all)} |`);
console.log(`| **cold pass, total** | **${ms(total.main)}** | **${ms(total.all)}** |`);
console.log(`| evaluate again, warm (median of ${RUNS}) | ${ms(evaluated.main)} | ${ms(evaluated.all)} |`);
console.log(`| write the JSON again, warm (median of ${RUNS}) | ${ms(written.main)} | ${ms(written.all)} |`);
if (!HAS_PROC) console.log('\n(no /proc here: the main thread column is the whole process)');
