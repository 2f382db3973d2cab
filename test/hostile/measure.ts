/**
 * Times the hostile inputs of issue 16 against the built CLI (`npm run build` first) and prints
 * wall time, CPU time (user + system: the box is shared, so wall time is noisy), peak RSS, exit
 * code and output size per case, with `/usr/bin/time -v`:
 *
 *   node --import tsx test/hostile/measure.ts [case-substring…]
 *
 * Not a test: the numbers go into docs/security.md. Each case is killed after `--timeout` seconds
 * (default 120).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  configMapLongKey,
  configMapLongValue,
  deploymentsWithDistinctPolicies,
  deploymentsWithoutPolicies,
  largeStream,
  podWithContainers,
} from './inputs.js';

interface Case {
  name: string;
  file: () => string;
  args: (file: string) => string[];
}

const CASES: Case[] = [
  {
    name: 'scan pod with 20,000 containers',
    file: () => podWithContainers(20_000),
    args: (f) => ['scan', f, '-o', 'json'],
  },
  { name: 'fix pod with 10,000 containers', file: () => podWithContainers(10_000), args: (f) => ['fix', f] },
  { name: 'scan 1 MB upper-case ConfigMap key', file: () => configMapLongKey(1 << 20), args: (f) => ['scan', f] },
  { name: 'fix 1 MB upper-case ConfigMap key', file: () => configMapLongKey(1 << 20), args: (f) => ['fix', f] },
  {
    name: 'scan 1 MB ConfigMap value "a.a.a…" with eyJ',
    file: () => configMapLongValue(1 << 20, 'a.').replace('"', '"eyJ '),
    args: (f) => ['scan', f],
  },
  {
    name: 'netpol list 2,000 Deployments without policies (json)',
    file: () => deploymentsWithoutPolicies(2_000),
    args: (f) => ['netpol', 'list', f, '-o', 'json'],
  },
  {
    name: 'netpol list 19 MB of Deployments',
    file: () => deploymentsWithoutPolicies(58_000, 400),
    args: (f) => ['netpol', 'list', f],
  },
  {
    name: 'netpol list 1,500 distinct policies',
    file: () => deploymentsWithDistinctPolicies(1_500),
    args: (f) => ['netpol', 'list', f],
  },
  { name: 'scan 47 MB stream', file: () => largeStream(47 * 1024 * 1024), args: (f) => ['scan', f, '-o', 'json'] },
];

const timeoutSeconds = Number(process.env.TIMEOUT ?? 120);
const filter = process.argv.slice(2);
const bin = path.resolve(import.meta.dirname, '../../bin/rampart.js');
const dir = mkdtempSync(path.join(tmpdir(), 'rampart-measure-'));
try {
  for (const c of CASES) {
    if (filter.length && !filter.some((f) => c.name.includes(f))) continue;
    const file = path.join(dir, 'input.yaml');
    writeFileSync(file, c.file());
    const out = path.join(dir, 'stdout');
    const time = path.join(dir, 'time');
    spawnSync(
      'sh',
      [
        '-c',
        `o="$1"; t="$2"; shift 2; /usr/bin/time -v -o "$t" timeout ${timeoutSeconds} "$@" > "$o" 2>/dev/null`,
        'sh',
        out,
        time,
        process.execPath,
        bin,
        ...c.args(file),
      ],
      { stdio: 'inherit' },
    );
    const report = readFileSync(time, 'utf8');
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/.exec(report)?.[1];
    const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1] ?? 0);
    const status = /Exit status: (\d+)/.exec(report)?.[1];
    const cpu = ['User', 'System'].reduce(
      (sum, what) => sum + Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(report)?.[1] ?? 0),
      0,
    );
    console.log(
      `${c.name}: input ${mib(statSync(file).size)}, ${wall} wall, ${cpu.toFixed(2)} s CPU, peak RSS ${mib(rss * 1024)}, exit ${status === '124' ? 'TIMEOUT' : status}, stdout ${mib(statSync(out).size)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
