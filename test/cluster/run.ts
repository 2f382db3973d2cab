/*
 * npm run test:cluster — everything that needs a real control plane:
 *
 *   1. builds (or reuses) kube-apiserver, kube-controller-manager and etcd from test/control-plane;
 *   2. runs the control-plane tests (test/cluster/*.cluster-test.ts, node's test runner), which
 *      start and stop control planes of their own;
 *   3. starts one control plane and runs the oracle suites against it, each printing
 *      `N agree, M disagree`; stops it, whatever happened.
 *
 * Exit 1 on a failed test or an unexplained disagreement. RAMPART_SKIP_CLUSTER=1 skips everything,
 * loudly. RAMPART_ORACLE_SEED repeats a run's generated cases; RAMPART_CLUSTER_ONLY=pss,rbac runs
 * some oracle suites only; RAMPART_POLICY_SUITES=json-patch,apply replays only the admission-policy
 * suites whose folder names contain one of the words.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  BuildError,
  ControlPlaneError,
  ensureControlPlane,
  startControlPlane,
} from '../support/control-plane/index.js';
import { celOracle } from './cel-oracle.js';
import type { OracleSuite, Tally } from './oracle.js';
import { policyOracle } from './policy-oracle.js';
import { pssOracle } from './pss-oracle.js';
import { rbacOracle } from './rbac-oracle.js';

const SUITES: Record<string, OracleSuite> = { pss: pssOracle, rbac: rbacOracle, policy: policyOracle, cel: celOracle };
const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  if (process.env.RAMPART_SKIP_CLUSTER === '1') {
    say(
      'RAMPART_SKIP_CLUSTER=1: the cluster tests and the oracle suites (PSS, RBAC, admission policies, CEL) did NOT run.',
    );
    return 0;
  }
  const started = performance.now();
  let build: Awaited<ReturnType<typeof ensureControlPlane>>;
  try {
    build = await ensureControlPlane({ log: say });
  } catch (error) {
    if (error instanceof BuildError) {
      say(error.message);
      return 1;
    }
    throw error;
  }
  say(
    `control plane ${build.kubernetesVersion}, etcd ${build.etcdVersion}: ${build.built ? `built in ${build.buildSeconds} s` : 'cached'} (${build.binDir})`,
  );

  const only = process.env.RAMPART_CLUSTER_ONLY?.split(',').filter(Boolean);
  let passed = 0;
  let failed = 0;
  if (!only) {
    const tests = runControlPlaneTests(build.binDir);
    passed += tests.passed;
    failed += tests.failed;
  }

  const seed = Number(process.env.RAMPART_ORACLE_SEED ?? 20_370_002);
  const startedCp = performance.now();
  let cp: Awaited<ReturnType<typeof startControlPlane>>;
  try {
    cp = await startControlPlane({ binDir: build.binDir, log: say });
  } catch (error) {
    if (error instanceof ControlPlaneError) {
      say(error.message);
      return 1;
    }
    throw error;
  }
  say(`control plane ready in ${seconds(startedCp)} at ${cp.server} (seed ${seed})`);
  const tallies: Tally[] = [];
  try {
    for (const [name, suite] of Object.entries(SUITES)) {
      if (only && !only.includes(name)) continue;
      const suiteStarted = performance.now();
      try {
        const results = await suite({ cp, seed, log: say });
        for (const tally of results) {
          say(tally.report());
          tallies.push(tally);
          if (tally.unexplained.length === 0) passed++;
          else failed++;
        }
      } catch (error) {
        say(`oracle suite ${name} broke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        failed++;
      }
      say(`(${name} took ${seconds(suiteStarted)})`);
    }
  } finally {
    await cp.stop();
  }

  say('\nagreement with kube-apiserver');
  for (const tally of tallies) say(`  ${tally.summary()}`);
  say(`total time ${seconds(started)}`);
  say(`cluster: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

/** The control-plane tests start their own servers; node's runner reports them. */
function runControlPlaneTests(binDir: string): { passed: number; failed: number } {
  const dir = import.meta.dirname;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cluster-test.ts'))
    .map((name) => path.join(dir, name));
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
    {
      encoding: 'utf8',
      env: { ...process.env, RAMPART_CONTROL_PLANE_BIN: binDir },
    },
  );
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  const count = (label: string) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(result.stdout)?.[1] ?? 0);
  const failed = count('fail') + (result.status === 0 ? 0 : count('fail') === 0 ? 1 : 0);
  return { passed: count('pass'), failed };
}

process.exitCode = await main();
