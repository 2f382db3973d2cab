/*
 * The API server judges `rampart pss`: every pod of the upstream corpus at its level and version,
 * and thousands of generated pods, are created with server-side dry-run in a namespace that
 * enforces that level and version. The PodSecurity plugin's answer (admitted, or forbidden with
 * the violated checks' reasons) must be exactly Rampart's: `rampart pss` gives the verdict and the
 * violated checks, the PSS library it runs gives upstream's wording, and the server's message must be
 * that wording, check for check.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { podTemplate } from '../../src/core/pod-spec.js';
import type { KubeObject } from '../../src/core/resource.js';
import { evaluatePod, type PssLevel, parsePssVersion } from '../../src/pss/index.js';
import { mapLimit, statusMessage } from '../support/kube-http.js';
import { runCli } from '../support/run-cli.js';
import { createNamespace, type OracleContext, Random, Tally } from './oracle.js';
import { flatten } from './policy-compare.js';
import { generatePods } from './pss-generator.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const CORPUS = process.env.RAMPART_PSS_CORPUS ?? path.resolve(REPO, '../shared/conformance/pss');
const GENERATED = Number(process.env.RAMPART_PSS_GENERATED ?? 2400);

type Obj = Record<string, unknown>;

interface PssCase {
  name: string;
  /** Where it came from, for the report. */
  label: string;
  pod: Obj;
  level: 'baseline' | 'restricted';
  version: string;
}

interface Verdict {
  allowed: boolean;
  /** The forbidden message after `violates PodSecurity "…": `; empty when allowed. */
  reasons: string;
}

export async function pssOracle(ctx: OracleContext): Promise<Tally[]> {
  const corpus = readCorpus();
  const generated = generatePods(new Random(ctx.seed), GENERATED).map(
    (g, i): PssCase => ({ name: `gen-${i}`, label: `generated #${i} at ${g.level}:${g.version}`, ...g }),
  );
  ctx.log(`PSS: ${corpus.length} corpus pods, ${generated.length} generated pods`);
  return [await judge(ctx, 'PSS corpus', corpus, 'pss-c'), await judge(ctx, 'PSS generated', generated, 'pss-g')];
}

function readCorpus(): PssCase[] {
  const cases: PssCase[] = [];
  for (const level of ['baseline', 'restricted'] as const) {
    const levelDir = path.join(CORPUS, level);
    let versions: string[];
    try {
      versions = readdirSync(levelDir).filter((v) => /^v1\.\d+$/.test(v));
    } catch {
      throw new Error(`PSS corpus not found at ${levelDir} (set RAMPART_PSS_CORPUS; see README "Conformance")`);
    }
    for (const version of versions) {
      for (const expected of ['pass', 'fail']) {
        const dir = path.join(levelDir, version, expected);
        let files: string[] = [];
        try {
          files = readdirSync(dir)
            .filter((f) => f.endsWith('.yaml'))
            .sort();
        } catch {
          continue;
        }
        for (const file of files) {
          const pod = load(readFileSync(path.join(dir, file), 'utf8')) as Obj;
          const name = `c-${cases.length}`;
          cases.push({ name, label: `${level}/${version}/${expected}/${file}`, pod, level, version });
        }
      }
    }
  }
  if (cases.length === 0) throw new Error(`PSS corpus at ${CORPUS} holds no pods`);
  return cases;
}

async function judge(ctx: OracleContext, title: string, cases: PssCase[], prefix: string): Promise<Tally> {
  const tally = new Tally(title);
  const groups = new Map<string, PssCase[]>();
  for (const c of cases) {
    const key = `${c.level}|${c.version}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'rampart-pss-oracle-'));
  try {
    for (const [key, group] of groups) {
      const [level, version] = key.split('|') as [string, string];
      const namespace = `${prefix}-${level}-${version.replace('.', '-')}`;
      await createNamespace(ctx.cp, namespace, {
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': version,
      });
      const objects = group.map((c) => withName(c.pod, c.name, namespace));
      const [server, rampart] = await Promise.all([
        mapLimit(objects, 8, (pod) => serverVerdict(ctx, namespace, pod)),
        rampartVerdicts(work, objects, level, version),
      ]);
      const disagreeing: number[] = [];
      const problems = group.map((c, i) => {
        const s = server[i] as ServerAnswer;
        if ('notJudged' in s) return undefined;
        const r = rampart.get(c.name);
        const problem = r ? compare(s, r) : 'rampart pss gave no result for this pod';
        if (problem) disagreeing.push(i);
        return problem;
      });
      const seen = await asServerSees(
        ctx,
        work,
        disagreeing.map((i) => objects[i] as Obj),
        level,
        version,
      );
      group.forEach((c, i) => {
        const s = server[i] as ServerAnswer;
        if ('notJudged' in s) {
          tally.notJudged.push({ case: c.label, detail: s.notJudged });
          return;
        }
        const problem = problems[i];
        const defaulted = problem ? seen.get(c.name) : undefined;
        const agreesOnDefaulted = defaulted && compare(s, defaulted.verdict) === undefined;
        tally.record(
          c.label,
          problem && agreesOnDefaulted
            ? `${problem}\n      (the server changed ${defaulted.changed.join(', ')})`
            : problem,
          agreesOnDefaulted ? SERVER_DEFAULTS : undefined,
        );
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return tally;
}

function withName(pod: Obj, name: string, namespace: string): Obj {
  const metadata = { ...((pod.metadata as Obj | undefined) ?? {}), name, namespace };
  return { ...pod, metadata };
}

type ServerAnswer = Verdict | { notJudged: string };

const FORBIDDEN = /^pods "[^"]*" is forbidden: violates PodSecurity "[^"]*": /;

async function serverVerdict(ctx: OracleContext, namespace: string, pod: Obj): Promise<ServerAnswer> {
  const res = await ctx.cp.http.post(`/api/v1/namespaces/${namespace}/pods`, pod, {
    query: { dryRun: 'All', fieldValidation: 'Strict' },
  });
  if (res.status === 201 || res.status === 200) return { allowed: true, reasons: '' };
  const message = statusMessage(res.body);
  if (res.status === 403 && FORBIDDEN.test(message)) return { allowed: false, reasons: message.replace(FORBIDDEN, '') };
  // Invalid pods never reach the PodSecurity plugin: validation comes first.
  return {
    notJudged: `HTTP ${res.status}: ${message
      .replace(/^Pod "[^"]*" is invalid: /, '')
      .replace(/\[\d+\]/g, '[i]')
      .slice(0, 160)}`,
  };
}

/** One `rampart pss -o json` run over all pods of a level and version. */
async function rampartVerdicts(
  work: string,
  pods: Obj[],
  level: string,
  version: string,
  tag = 'written',
): Promise<Map<string, Verdict>> {
  const file = path.join(work, `${level}-${version}-${tag}.yaml`);
  writeFileSync(file, pods.map((pod) => JSON.stringify(pod)).join('\n---\n'));
  const run = await runCli(['pss', file, '--level', level, '--version', version, '-o', 'json']);
  if (run.code !== 0 && run.code !== 1) throw new Error(`rampart pss exited ${run.code}: ${run.stderr}`);
  const out = JSON.parse(run.stdout) as {
    results: { resource: { name: string }; allowed: boolean; violations: { check: string }[] }[];
  };
  const minor = parsePssVersion(version) as number;
  const verdicts = new Map<string, Verdict>();
  for (const r of out.results) {
    const pod = pods.find((p) => (p.metadata as Obj).name === r.resource.name);
    const template = pod ? podTemplate(pod as KubeObject) : undefined;
    if (!template) continue;
    // `rampart pss` words each offending field; the server words each check as upstream's library
    // does (reason and detail), which the same registry gives. Both must agree on the checks.
    const library = evaluatePod(template, level as PssLevel, minor);
    const cliChecks = r.violations.map((v) => v.check).sort();
    const libraryChecks = library.violations.map((v) => v.check).sort();
    if (cliChecks.join() !== libraryChecks.join()) {
      throw new Error(
        `rampart pss and the PSS library disagree on ${r.resource.name}: ${cliChecks} vs ${libraryChecks}`,
      );
    }
    verdicts.set(r.resource.name, {
      allowed: r.allowed,
      reasons: library.violations.map((v) => (v.detail ? `${v.reason} (${v.detail})` : v.reason)).join(', '),
    });
  }
  return verdicts;
}

const SERVER_DEFAULTS = {
  id: 'server-defaults',
  reason:
    'the API server fills fields before PodSecurity sees the pod (since v1.30 it copies AppArmor annotations into ' +
    'securityContext.appArmorProfile); on the pod the server evaluates, Rampart gives the same verdict and message',
};

/**
 * The pods as PodSecurity sees them — after defaulting and the mutating admission plugins —
 * read back from a dry-run create in a namespace that enforces nothing, then judged by Rampart.
 */
async function asServerSees(
  ctx: OracleContext,
  work: string,
  pods: Obj[],
  level: string,
  version: string,
): Promise<Map<string, { verdict: Verdict; changed: string[] }>> {
  if (pods.length === 0) return new Map();
  if (!viewNamespace) {
    viewNamespace = createNamespace(ctx.cp, 'pss-view', { 'pod-security.kubernetes.io/enforce': 'privileged' });
  }
  await viewNamespace;
  const defaulted = await mapLimit(pods, 8, async (pod) => {
    const res = await ctx.cp.http.post(
      '/api/v1/namespaces/pss-view/pods',
      { ...pod, metadata: { ...(pod.metadata as Obj), namespace: 'pss-view' } },
      { query: { dryRun: 'All' } },
    );
    if (res.status !== 201) throw new Error(`dry-run in pss-view: HTTP ${res.status}: ${statusMessage(res.body)}`);
    return res.body as Obj;
  });
  const verdicts = await rampartVerdicts(work, defaulted, level, version, 'defaulted');
  const out = new Map<string, { verdict: Verdict; changed: string[] }>();
  pods.forEach((pod, i) => {
    const name = String((pod.metadata as Obj).name);
    const verdict = verdicts.get(name);
    if (verdict) out.set(name, { verdict, changed: securityChanges(pod, defaulted[i] as Obj) });
  });
  return out;
}

let viewNamespace: Promise<void> | undefined;

/** The security-relevant fields the server added or changed, for the report. */
function securityChanges(written: Obj, seen: Obj): string[] {
  const before = flatten(written);
  const changed = new Set<string>();
  for (const [key, value] of flatten(seen)) {
    if (before.get(key) === value || key.startsWith('.metadata.managedFields')) continue;
    if (!/securityContext|hostPort|annotations/.test(key)) continue;
    changed.add(key.replace(/\[\d+\]/g, '[i]'));
  }
  return changed.size ? [...changed] : ['no security field'];
}

function compare(server: Verdict, rampart: Verdict): string | undefined {
  if (server.allowed !== rampart.allowed) {
    return server.allowed
      ? `server admits; rampart denies: ${rampart.reasons}`
      : `server denies (${server.reasons}); rampart admits`;
  }
  if (server.reasons !== rampart.reasons)
    return `both deny, with different reasons:\n      server:  ${server.reasons}\n      rampart: ${rampart.reasons}`;
  return undefined;
}
