/*
 * The processes of a test control plane, and the records that let the next run clean up after a
 * run that was killed: every run folder names its owner's pid and its children's pids.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where run folders live: `${RAMPART_CONTROL_PLANE_RUNS}` or `<tmp>/rampart-control-plane`. */
export function runsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.RAMPART_CONTROL_PLANE_RUNS
    ? path.resolve(env.RAMPART_CONTROL_PLANE_RUNS)
    : path.join(os.tmpdir(), 'rampart-control-plane');
}

export interface RunRecord {
  owner: number;
  children: { name: string; pid: number; binary: string }[];
}

const RECORD = 'run.json';

export function writeRecord(dir: string, record: RunRecord): void {
  writeFileSync(path.join(dir, RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The executable of a live pid, so a recycled pid is never mistaken for one of ours. */
function executableOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
  } catch {
    return undefined;
  }
}

/**
 * Removes run folders whose owner is gone, first killing any of their children still running
 * (a test runner killed with SIGKILL cannot stop them itself). Returns what it cleaned.
 */
export function cleanStaleRuns(root: string): string[] {
  if (!existsSync(root)) return [];
  const cleaned: string[] = [];
  for (const name of readdirSync(root)) {
    const dir = path.join(root, name);
    let record: RunRecord | undefined;
    try {
      record = JSON.parse(readFileSync(path.join(dir, RECORD), 'utf8')) as RunRecord;
    } catch {
      record = undefined;
    }
    if (record && alive(record.owner)) continue;
    if (!record && !name.startsWith('run-')) continue;
    for (const child of record?.children ?? []) {
      if (alive(child.pid) && executableOf(child.pid) === child.binary) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // Gone in the meantime.
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
    cleaned.push(dir);
  }
  return cleaned;
}

/** A loopback port that was free a moment ago (the start retries if another process takes it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Managed {
  name: string;
  binary: string;
  child: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
}

/**
 * Starts a binary with its output in a log file. RAMPART_PARENT_PID makes the Go side ask the
 * kernel for SIGTERM when this process dies, whatever kills it.
 */
export function startProcess(name: string, binary: string, args: string[], logDir: string): Managed {
  const logFile = path.join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(binary, args, {
    stdio: ['ignore', fd, fd],
    env: { ...process.env, RAMPART_PARENT_PID: String(process.pid) },
  });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null)));
    child.on('error', () => resolve(-1));
  });
  return { name, binary, child, logFile, exited };
}

/** SIGTERM, then SIGKILL after the grace period; resolves when the process has exited. */
export async function stopProcess(managed: Managed, graceMs = 10_000): Promise<void> {
  const { child } = managed;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await managed.exited;
  clearTimeout(timer);
}

export function tailOf(file: string, lines = 25): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
