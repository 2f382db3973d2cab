/**
 * `npm run test:np-guard`: compares `rampart netpol list --per-pair` byte for byte with np-guard's
 * netpol-analyzer (`netpolicy list --dirpath`), the reference for the list format and for the
 * grouping of pods into workloads, on
 *   - the upstream netpol e2e cases (test/netpol/e2e: the 9-pod topology plus each case's policies),
 *   - Rampart's own cases (test/netpol/np-guard/cases: pods that share an owner, host networking),
 *   - the real-world corpus (../shared/corpus/real-world, each file alone),
 *   - np-guard's own test manifests (the `tests/` folder of the module, read where Go keeps it).
 * np-guard is built once, pinned, from the Go module proxy into ~/.cache/rampart/peers (override
 * with NP_GUARD_BIN). An input where the lists differ is explained only when taking out a
 * documented difference (np-guard/differences.ts, docs/netpol.md) makes them agree; any other
 * difference fails the run. Prints `N agree, M differ`; exit 1 when M > 0, 2 when the peer
 * cannot be had. `--verbose` names every explained input; other arguments narrow the run to the
 * inputs whose name holds one of them.
 */

import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildModel, type IntendedPeer, parseIntended } from '../../src/analyze/netpol/index.js';
import type { KubeObject } from '../../src/core/resource.js';
import { loadInputs, loadText, MANIFEST_EXTENSIONS } from '../../src/load/index.js';
import { runCli } from '../support/run-cli.js';
import { DIFFERENCES, type Difference } from './np-guard/differences.js';

const MODULE = 'github.com/np-guard/netpol-analyzer';
const VERSION = 'v1.4.4';
const HERE = path.dirname(new URL(import.meta.url).pathname);
const CORPUS = path.join(HERE, '../../../shared/corpus/real-world');
const FORMATS = ['txt', 'csv', 'md', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface Input {
  name: string;
  dir: string;
}

interface Run {
  np: SpawnSyncReturns<string>;
  rampart: { code: number; stdout: string; stderr: string };
}

const go = (args: string[], cwd: string, goflags = '') =>
  spawnSync(process.env.GO ?? 'go', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} ${goflags}`.trim() },
    maxBuffer: 64 << 20,
  });

/** The module's folder in Go's cache, and the binary, built once per version. */
function peer(): { dir: string; bin: string } {
  const download = go(['mod', 'download', '-json', `${MODULE}@${VERSION}`], os.tmpdir());
  if (download.error) fail(`needs Go to build the peer: ${download.error.message}`);
  if (download.status !== 0) fail(`go mod download ${MODULE}@${VERSION} failed: ${download.stdout}${download.stderr}`);
  const dir = JSON.parse(download.stdout).Dir as string;
  const bin =
    process.env.NP_GUARD_BIN ??
    path.join(os.homedir(), '.cache/rampart/peers', `netpol-analyzer-${VERSION}`, 'netpolicy');
  if (!existsSync(bin)) {
    mkdirSync(path.dirname(bin), { recursive: true });
    process.stderr.write(`building ${MODULE}/cmd/netpolicy@${VERSION} into ${bin} (minutes, once per machine)\n`);
    // `go install pkg@version` asks the proxy for the version list, which it may refuse: build in
    // the module's own folder instead, against its go.sum, into a side file renamed when complete
    const partial = `${bin}.partial-${process.pid}`;
    const build = go(['build', '-trimpath', '-o', partial, './cmd/netpolicy'], dir, '-mod=readonly -buildvcs=false');
    if (build.status !== 0) fail(`go build failed: ${build.stderr}`);
    renameSync(partial, bin);
  }
  return { dir, bin };
}

function fail(message: string): never {
  process.stderr.write(`np-guard-diff: ${message}\n`);
  process.exit(2);
}

/** Each upstream e2e case: the topology and the case's policies (its TruthTable left out). */
async function e2eInputs(scratch: string): Promise<Input[]> {
  const root = path.join(HERE, 'e2e');
  const topology = readFileSync(path.join(root, 'topology.yaml'), 'utf8');
  const out: Input[] = [];
  for (const file of readdirSync(path.join(root, 'cases')).sort()) {
    const loaded = await loadInputs([path.join(root, 'cases', file)]);
    const policies = loaded.resources.map((r) => r.object).filter((o) => o.kind !== 'TruthTable');
    const dir = path.join(scratch, 'e2e', file.replace(/\.yaml$/, ''));
    mkdirSync(dir, { recursive: true });
    // read in name order: a case's objects come last, so an updated Pod or Namespace replaces the topology's
    writeFileSync(path.join(dir, '0-topology.yaml'), topology);
    writeFileSync(path.join(dir, '1-case.yaml'), stream(policies));
    out.push({ name: `e2e/${path.basename(dir)}`, dir });
  }
  return out;
}

function corpusInputs(scratch: string): Input[] {
  if (!existsSync(CORPUS)) return [];
  const out: Input[] = [];
  for (const project of readdirSync(CORPUS).sort()) {
    const folder = path.join(CORPUS, project);
    if (!statSync(folder).isDirectory()) continue;
    for (const file of readdirSync(folder).filter((f) => /\.ya?ml$/.test(f))) {
      const dir = path.join(scratch, 'real-world', project);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, file), readFileSync(path.join(folder, file)));
      out.push({ name: `real-world/${project}/${file}`, dir });
    }
  }
  return out;
}

function folders(root: string, prefix: string): Input[] {
  return readdirSync(root)
    .filter((d) => statSync(path.join(root, d)).isDirectory())
    .sort()
    .map((d) => ({ name: `${prefix}/${d}`, dir: path.join(root, d) }));
}

/**
 * The objects of a folder as written, in the order Rampart reads its files (sorted, recursively),
 * before any placement: a rewrite must keep what both tools would read, second definitions included.
 */
function rawObjects(dir: string): { objects: KubeObject[]; loader: string[] } {
  const objects: KubeObject[] = [];
  const loader: string[] = [];
  const walk = (folder: string) => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
        const loaded = loadText({ text: readFileSync(full, 'utf8') }, full);
        for (const r of loaded.resources) objects.push(r.object);
        for (const problem of loaded.problems) loader.push(problem.message);
      }
    }
  };
  walk(dir);
  return { objects, loader };
}

/**
 * Objects as a YAML stream of JSON documents: every string quoted, so `y` stays a string in Go.
 * The comment first, or np-guard takes a file that starts with `{` for one JSON document.
 */
function stream(objects: readonly KubeObject[]): string {
  return `# rewritten by np-guard-diff\n${objects.map((o) => JSON.stringify(o)).join('\n---\n')}\n`;
}

async function run(bin: string, dir: string, format: Format): Promise<Run> {
  const np = spawnSync(bin, ['list', '--dirpath', dir, '-q', '-o', format], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    timeout: 300_000,
  });
  const rampart = await runCli(['netpol', 'list', '--per-pair', dir, '-o', format]);
  return { np, rampart };
}

/** np-guard's JSON has no final newline; the documents, not the bytes, are compared. */
function same(format: Format, np: string, rampart: string): boolean {
  if (format !== 'json') return np === rampart;
  try {
    return JSON.stringify(JSON.parse(np)) === JSON.stringify(JSON.parse(rampart));
  } catch {
    return false;
  }
}

/**
 * Both tools agree: np-guard refused the input (an invalid policy, say) and Rampart exits 2, or
 * np-guard accepted it and the lists are the same. Rampart also exits 2 on a file it cannot
 * parse that np-guard skips with a log line; the list is what is compared then.
 */
function agrees(result: Run, format: Format): boolean {
  if (result.np.status !== 0) return result.rampart.code === 2;
  // with no workloads Rampart prints nothing and exits 3 (nothing to analyse); np-guard an empty list
  if (result.rampart.code === 3 && result.rampart.stdout === '') return result.np.stdout === EMPTY[format];
  return same(format, result.np.stdout, result.rampart.stdout);
}

/** np-guard's empty list in each format. */
const EMPTY: Record<Format, string> = {
  txt: '',
  csv: 'src,dst,conn\n',
  md: '| src | dst | conn |\n|-----|-----|------|\n',
  json: '[]',
};

interface Verdict {
  name: string;
  agree: boolean;
  /** Differences that had to be taken out for the lists to agree. */
  explainedBy: string[];
  detail?: string;
}

/**
 * np-guard has no grouped form: the default list is checked against `--per-pair` instead. Each
 * group line stands for the pairs of its members (read as `netpol generate --connections`
 * reads it); together they must be exactly the per-pair lines.
 */
async function groupedExpands(dir: string, perPair: string): Promise<boolean> {
  const grouped = await runCli(['netpol', 'list', dir]);
  const model = buildModel((await loadInputs([dir])).resources);
  const { intended, errors } = parseIntended(grouped.stdout, model);
  if (errors.length > 0) return false;
  const name = (peer: IntendedPeer) => (peer.kind === 'workload' ? peer.workload.id : peer.addresses.toRanges());
  const expanded = intended.map((c) => `${name(c.src)} => ${name(c.dst)} : ${c.conn.toString()}`);
  const lines = perPair.split('\n').filter((l) => l !== '');
  const same = JSON.stringify(expanded.sort()) === JSON.stringify(lines.sort());
  if (same) groupedChecked++;
  return same;
}

let groupedChecked = 0;

async function compare(bin: string, input: Input, scratch: string): Promise<Verdict> {
  const raw = await run(bin, input.dir, 'txt');
  if (raw.rampart.code !== 3 && !(await groupedExpands(input.dir, raw.rampart.stdout)))
    return { name: input.name, agree: false, explainedBy: [], detail: 'the grouped list is not the --per-pair list' };
  if (agrees(raw, 'txt')) {
    for (const format of FORMATS.slice(1)) {
      const other = await run(bin, input.dir, format);
      if (!agrees(other, format))
        return { name: input.name, agree: false, explainedBy: [], detail: `-o ${format} differs` };
    }
    return { name: input.name, agree: true, explainedBy: [] };
  }
  const { objects, loader } = rawObjects(input.dir);
  const candidates = DIFFERENCES.filter((d) => d.applies(objects, loader));
  const dir = path.join(scratch, 'neutralised', input.name);
  const attempt = async (differences: readonly Difference[]) => {
    let rewritten = objects;
    for (const d of differences) if (d.neutralise) rewritten = d.neutralise(rewritten);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'input.yaml'), stream(rewritten));
    const result = await run(bin, dir, 'txt');
    return { result, ok: agrees(result, 'txt') };
  };
  const all = await attempt(candidates);
  if (!all.ok) return { name: input.name, agree: false, explainedBy: [], detail: diffOf(raw, all.result) };
  if (candidates.length === 0)
    return {
      name: input.name,
      agree: false,
      explainedBy: [],
      detail: 'the lists differ, and agree once the input is rewritten unchanged: the tools read it differently',
    };
  // keep only the differences the agreement needs (one in how a file is read is the rewrite itself)
  let needed = [...candidates];
  for (const d of candidates.filter((c) => c.neutralise)) {
    const without = needed.filter((x) => x !== d);
    if ((await attempt(without)).ok) needed = without;
  }
  // a difference in how a file is read is needed only if rewriting what was read changes an output
  if (needed.some((d) => !d.neutralise)) {
    const { result } = await attempt([]);
    const unchanged = (a: Run, b: Run) =>
      a.np.status === b.np.status &&
      a.np.stdout === b.np.stdout &&
      a.rampart.code === b.rampart.code &&
      a.rampart.stdout === b.rampart.stdout;
    if (unchanged(result, raw)) needed = needed.filter((d) => d.neutralise);
  }
  if (needed.length === 0)
    return {
      name: input.name,
      agree: false,
      explainedBy: [],
      detail: 'the lists agree only once the input is rewritten',
    };
  return { name: input.name, agree: true, explainedBy: needed.map((d) => d.id) };
}

function diffOf(raw: Run, neutralised: Run): string {
  if (neutralised.np.status !== 0)
    return `np-guard exit ${neutralised.np.status}: ${neutralised.np.stderr.trim().split('\n')[0]}; rampart exit ${neutralised.rampart.code}`;
  const np = new Set(neutralised.np.stdout.split('\n'));
  const ours = new Set(neutralised.rampart.stdout.split('\n'));
  const lines = [
    ...[...np].filter((l) => l && !ours.has(l)).map((l) => `  np-guard only: ${l}`),
    ...[...ours].filter((l) => l && !np.has(l)).map((l) => `  rampart only:  ${l}`),
  ];
  const more = lines.length > 12 ? `\n  … ${lines.length - 12} more` : '';
  return `${raw.np.status === 0 ? '' : 'np-guard refused the raw input; '}after taking out the documented differences:\n${lines.slice(0, 12).join('\n')}${more}`;
}

async function main(): Promise<number> {
  const verbose = process.argv.includes('--verbose');
  const { dir: moduleDir, bin } = peer();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'np-guard-diff-'));
  try {
    // other arguments narrow the run to inputs whose name holds one of them, while working on one
    const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
    const inputs = [
      ...(await e2eInputs(scratch)),
      ...folders(path.join(HERE, 'np-guard', 'cases'), 'rampart'),
      ...corpusInputs(scratch),
      ...folders(path.join(moduleDir, 'tests'), 'np-guard'),
    ].filter((input) => only.length === 0 || only.some((term) => input.name.includes(term)));
    const verdicts: Verdict[] = [];
    for (const input of inputs) verdicts.push(await compare(bin, input, scratch));
    const explained = new Map<string, string[]>();
    for (const v of verdicts) {
      for (const id of v.explainedBy) explained.set(id, [...(explained.get(id) ?? []), v.name]);
    }
    for (const d of DIFFERENCES) {
      const names = explained.get(d.id) ?? [];
      if (names.length === 0) continue;
      console.log(`explained by ${d.id} (${names.length}): ${d.why}`);
      console.log(
        `  ${names.length > 8 && !verbose ? `${names.slice(0, 8).join(', ')}, … (--verbose lists all)` : names.join(', ')}`,
      );
    }
    const differ = verdicts.filter((v) => !v.agree);
    for (const v of differ) console.log(`DIFFER ${v.name}\n${v.detail ?? ''}`);
    const plain = verdicts.filter((v) => v.agree && v.explainedBy.length === 0).length;
    console.log(
      `np-guard ${MODULE}@${VERSION}: ${plain} inputs identical in txt, csv, md and json, ${verdicts.length - plain - differ.length} agree once a documented difference is taken out; ${groupedChecked} grouped lists expand to their --per-pair list`,
    );
    console.log(`${verdicts.length - differ.length} agree, ${differ.length} differ`);
    return differ.length === 0 ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main();
