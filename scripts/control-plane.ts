/*
 * npm run control-plane              builds (or finds cached) kube-apiserver, kube-controller-manager, etcd
 * npm run control-plane -- up        starts one for manual use; prints its admin kubeconfig's path, nothing else
 * npm run control-plane -- down      stops it
 * npm run control-plane -- status    says whether one is up, and where
 *
 * `up` leaves a small supervisor process running (detached) that owns the servers; `down` asks it to
 * stop them and remove their folder. Messages go to stderr, so `export KUBECONFIG=$(npm run -s
 * control-plane -- up)` works.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BuildError, ensureControlPlane } from '../test/support/control-plane/build.js';
import { type ControlPlane, ControlPlaneError, startControlPlane } from '../test/support/control-plane/index.js';
import { alive, runsRoot } from '../test/support/control-plane/processes.js';

const UP_DIR = path.join(runsRoot(), 'up');
const STATE = path.join(UP_DIR, 'state.json');
const SUPERVISOR_LOG = path.join(UP_DIR, 'supervisor.log');

interface UpState {
  supervisor: number;
  kubeconfig?: string;
  server?: string;
  dir?: string;
  users?: Record<string, string>;
  error?: string;
}

const say = (line: string) => process.stderr.write(`${line}\n`);

async function build() {
  const result = await ensureControlPlane({ log: say });
  say(
    result.built
      ? `control plane ${result.kubernetesVersion} (etcd ${result.etcdVersion}) built in ${result.buildSeconds} s: ${result.binDir}`
      : `control plane ${result.kubernetesVersion} (etcd ${result.etcdVersion}) already built (first build took ${result.buildSeconds} s): ${result.binDir}`,
  );
  return result;
}

function readState(): UpState | undefined {
  try {
    return JSON.parse(readFileSync(STATE, 'utf8')) as UpState;
  } catch {
    return undefined;
  }
}

async function up(): Promise<number> {
  const state = readState();
  if (state && alive(state.supervisor) && state.kubeconfig) {
    say(`a control plane is already up at ${state.server} (npm run control-plane -- down stops it)`);
    process.stdout.write(`${state.kubeconfig}\n`);
    return 0;
  }
  await build();
  rmSync(UP_DIR, { recursive: true, force: true });
  mkdirSync(UP_DIR, { recursive: true });
  const logFd = openSync(SUPERVISOR_LOG, 'a');
  const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, 'supervise'], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  child.unref();
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const now = readState();
    if (now?.kubeconfig) {
      say(`control plane up at ${now.server}; users' kubeconfigs:`);
      for (const [user, file] of Object.entries(now.users ?? {})) say(`  ${user.padEnd(16)} ${file}`);
      say('stop it with: npm run control-plane -- down');
      process.stdout.write(`${now.kubeconfig}\n`);
      return 0;
    }
    if (now?.error || (child.pid && !alive(child.pid))) {
      say(`the control plane did not start: ${now?.error ?? `see ${SUPERVISOR_LOG}`}`);
      return 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  say(`the control plane did not start within 300 s; see ${SUPERVISOR_LOG}`);
  return 1;
}

/** Runs in the detached process `up` starts: owns the servers until SIGTERM. */
async function supervise(): Promise<number> {
  const write = (state: UpState) => writeFileSync(STATE, `${JSON.stringify(state, null, 2)}\n`);
  write({ supervisor: process.pid });
  let cp: ControlPlane | undefined;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await cp?.stop();
    rmSync(STATE, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  try {
    const { binDir } = await ensureControlPlane();
    cp = await startControlPlane({ binDir, log: say });
  } catch (error) {
    write({ supervisor: process.pid, error: error instanceof Error ? error.message : String(error) });
    return 1;
  }
  const users = Object.fromEntries([
    [cp.admin.name, cp.admin.kubeconfig],
    ...[...cp.users].map(([name, user]) => [name, user.kubeconfig]),
  ]);
  write({ supervisor: process.pid, kubeconfig: cp.admin.kubeconfig, server: cp.server, dir: cp.dir, users });
  // Stay alive until asked to stop; the servers die with this process (parent-death signal).
  setInterval(() => {}, 1 << 30);
  return new Promise<number>(() => {});
}

async function down(): Promise<number> {
  const state = readState();
  if (!state || !alive(state.supervisor)) {
    say('no control plane is up');
    rmSync(UP_DIR, { recursive: true, force: true });
    return 0;
  }
  process.kill(state.supervisor, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (alive(state.supervisor) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  if (alive(state.supervisor)) process.kill(state.supervisor, 'SIGKILL');
  rmSync(UP_DIR, { recursive: true, force: true });
  say(`stopped the control plane at ${state.server ?? '(starting)'}`);
  return 0;
}

function status(): number {
  const state = readState();
  if (state && alive(state.supervisor) && state.kubeconfig) {
    say(`up at ${state.server}, admin kubeconfig ${state.kubeconfig}`);
    return 0;
  }
  say(existsSync(UP_DIR) ? 'not up (a stale folder remains; `down` removes it)' : 'not up');
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [command = 'build', ...rest] = argv;
  if (rest.length > 0 || !['build', 'up', 'down', 'status', 'supervise'].includes(command)) {
    say('usage: npm run control-plane [-- build|up|down|status]');
    return 2;
  }
  try {
    if (command === 'build') await build();
    else if (command === 'up') return await up();
    else if (command === 'down') return await down();
    else if (command === 'status') return status();
    else return await supervise();
    return 0;
  } catch (error) {
    if (error instanceof BuildError || error instanceof ControlPlaneError) {
      say(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
