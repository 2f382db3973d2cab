/**
 * The hostile CEL inputs of issue 16, each evaluated in its own process under `/usr/bin/time -v`:
 * wall time, peak RSS, and what the engine answered (a value, or the error's kind and message).
 * Every case must end in under 2 s and 300 MB; the table says which do not.
 *
 *   node --import tsx bench/cel-hostile.ts [CASE…]         # all cases by default
 *   CEL_ROOT=/path/to/other/checkout node --import tsx bench/cel-hostile.ts   # measure another tree
 *   TIMEOUT=60 …                                           # seconds before a case is stopped
 *
 * The same inputs are regression cases in test/cel/hostile.test.ts, asserted on the engine's
 * answers and costs rather than on time.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = process.env.CEL_ROOT ?? path.resolve(import.meta.dirname, '..');
const TIMEOUT = Number(process.env.TIMEOUT ?? 60);
const TIME_LIMIT_MS = 2000;
const MEMORY_LIMIT_MB = 300;

interface Case {
  note: string;
  expression: string;
  object: () => unknown;
}

const list = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

const CASES: Record<string, Case> = {
  'replace-3000': {
    note: 'a 3,000-character string replaced into itself at every position (9M-character result)',
    expression: "object.s.replace('', object.s).size()",
    object: () => ({ s: 'a'.repeat(3000) }),
  },
  'replace-100000': {
    note: 'the same with 100,000 characters (a 10G-character result)',
    expression: "object.s.replace('', object.s).size()",
    object: () => ({ s: 'a'.repeat(100_000) }),
  },
  'findall-20000': {
    note: "findAll('a*b|a') over 20,000 a's, quadratic when each search restarts",
    expression: "object.s.findAll('a*b|a').size()",
    object: () => ({ s: 'a'.repeat(20_000) }),
  },
  'findall-200000': {
    note: "the same over 200,000 a's",
    expression: "object.s.findAll('a*b|a').size()",
    object: () => ({ s: 'a'.repeat(200_000) }),
  },
  'pattern-100000': {
    note: 'a 100,000-character pattern taken from the object',
    expression: "'x'.matches(object.p)",
    object: () => ({ p: 'a'.repeat(100_000) }),
  },
  'patterns-distinct': {
    note: '500 distinct 1,000-character patterns from the object, each compiled',
    expression: "object.ps.all(p, !'x'.matches(p))",
    object: () => ({ ps: Array.from({ length: 500 }, (_, i) => `${i}${'[a-z]'.repeat(200)}`) }),
  },
  'sets-intersects': {
    note: 'sets.intersects over two disjoint lists of 10,000 strings',
    expression: 'sets.intersects(object.a, object.b)',
    object: () => ({ a: list(10_000, 'a'), b: list(10_000, 'b') }),
  },
  'quantity-exponent': {
    note: "quantity('1E999999999').add(quantity('1'))",
    expression: "quantity(object.q).add(quantity('1')).isGreaterThan(quantity('1'))",
    object: () => ({ q: '1E999999999' }),
  },
  'quantity-compare': {
    note: "quantity('1E999999999') compared with 1",
    expression: "quantity(object.q).isGreaterThan(quantity('1'))",
    object: () => ({ q: '1E999999999' }),
  },
  'member-3000': {
    note: 'has() over a 3,000-deep member selection',
    expression: `has(object${'.a'.repeat(3000)})`,
    object: () => ({}),
  },
  'double-digits': {
    note: 'double() of 100,000 digits and a letter (quadratic backtracking of the old pattern)',
    expression: 'double(object.d) > 0.0',
    object: () => ({ d: `${'1'.repeat(100_000)}x` }),
  },
  'url-query': {
    note: 'url().getQuery() of 100,000 repetitions of one key',
    expression: "size(url(object.u).getQuery()['a']) > 0",
    object: () => ({ u: `https://h/?${'a=1&'.repeat(100_000)}` }),
  },
  'format-precision': {
    note: "'%.200e'.format([1.5]) (JavaScript's toExponential limit)",
    expression: "'%.200e'.format([1.5])",
    object: () => ({}),
  },
};

async function child(name: string): Promise<void> {
  const spec = CASES[name]!;
  const cel = await import(path.join(ROOT, 'src/policy/cel/index.ts'));
  const engine = cel.createCelEngine({ variables: { object: 'dyn' } });
  const object = spec.object();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const compiled = engine.compile(spec.expression);
  let answer: string;
  if (!compiled.ok) answer = `compile error (${compiled.error.kind}): ${compiled.error.message}`;
  else {
    const result = compiled.program.evaluate({ object: cel.toCelValue(object) }, cel.newCostBudget());
    answer = result.ok
      ? `${String(cel.toJs(result.value)).slice(0, 40)} (cost ${result.cost})`
      : `${result.error.kind} error: ${result.error.message}`;
  }
  const used = process.cpuUsage(cpu);
  const ms = Math.round(performance.now() - started);
  const cpuMs = Math.round((used.user + used.system) / 1000);
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, answer: answer.slice(0, 150) })}\n`);
}

function measure(name: string): { wall: number; rssMB: number; ms: number; cpuMs: number; answer: string } {
  const script = path.resolve(import.meta.filename);
  const run = spawnSync(
    'timeout',
    [String(TIMEOUT), '/usr/bin/time', '-v', process.execPath, '--import', 'tsx', script, '--child', name],
    { encoding: 'utf8', cwd: path.resolve(import.meta.dirname, '..') },
  );
  const timing = parseTime(run.stderr);
  const stopped = { ...timing, ms: Number.NaN, cpuMs: Number.NaN };
  if (run.status === 124) return { ...stopped, wall: TIMEOUT * 1000, answer: `stopped after ${TIMEOUT} s` };
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line)
    return { ...stopped, answer: `crashed: ${run.stderr.split('\n').find((l) => /Error/.test(l)) ?? run.status}` };
  const { ms, cpuMs, answer } = JSON.parse(line);
  return { ...timing, ms, cpuMs, answer };
}

function parseTime(text: string): { wall: number; rssMB: number } {
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(text);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : Number.NaN;
  return { wall: Math.round(seconds * 1000), rssMB: rss ? Math.round(Number(rss[1]) / 1024) : Number.NaN };
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1]!);
else {
  const names = args.length ? args : Object.keys(CASES);
  console.log(`CEL hostile inputs, evaluated by ${ROOT}`);
  // CPU time is what the evaluation spent; wall time also counts waiting on a busy machine.
  console.log('case               evaluation: wall     cpu   process: wall  peak RSS       answer');
  for (const name of names) {
    const { wall, rssMB, ms, cpuMs, answer } = measure(name);
    const over = ms > TIME_LIMIT_MS || !(ms >= 0) || rssMB > MEMORY_LIMIT_MB ? ' OVER' : '     ';
    const row = [
      name.padEnd(18),
      `${String(ms).padStart(9)} ms`,
      `${String(cpuMs).padStart(5)} ms`,
      `${String(wall).padStart(10)} ms`,
      `${String(rssMB).padStart(6)} MB${over}`,
      answer,
    ];
    console.log(row.join('  '));
  }
}
