/*
 * Builds kube-apiserver, kube-controller-manager, etcd and the PKI helper from the Go module in
 * test/control-plane, once per version: the binaries live outside the repository, under a folder
 * keyed by the Kubernetes version and a hash of the module's files, so a second build is a lookup.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MODULE_DIR = path.resolve(import.meta.dirname, '../../control-plane');
export const BINARIES = ['kube-apiserver', 'kube-controller-manager', 'etcd', 'pki'] as const;
export type Binary = (typeof BINARIES)[number];

export interface Build {
  /** Folder holding the four binaries. */
  binDir: string;
  kubernetesVersion: string;
  etcdVersion: string;
  /** True when this call compiled them; false when they were already cached. */
  built: boolean;
  /** Seconds the compilation took (recorded by the build that made them). */
  buildSeconds: number;
}

export class BuildError extends Error {}

/** `${RAMPART_CONTROL_PLANE_CACHE}` or `${XDG_CACHE_HOME:-~/.cache}/rampart/control-plane`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RAMPART_CONTROL_PLANE_CACHE) return path.resolve(env.RAMPART_CONTROL_PLANE_CACHE);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'rampart', 'control-plane');
}

/** The version a go.mod requires for a module path (the replace-free require line). */
export function requiredVersion(goMod: string, module: string): string | undefined {
  for (const line of goMod.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const at = fields[0] === 'require' ? 1 : 0;
    if (fields[at] === module && fields[at + 1]?.startsWith('v')) return fields[at + 1];
  }
  return undefined;
}

/** Every file that decides what gets built: go.mod, go.sum and the Go sources. */
function moduleFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...moduleFiles(dir, rel));
    else if (entry.name.endsWith('.go') || entry.name === 'go.mod' || entry.name === 'go.sum') out.push(rel);
  }
  return out.sort();
}

export function buildKey(moduleDir = MODULE_DIR): { key: string; kubernetesVersion: string; etcdVersion: string } {
  const goMod = readFileSync(path.join(moduleDir, 'go.mod'), 'utf8');
  const kubernetesVersion = requiredVersion(goMod, 'k8s.io/kubernetes');
  const etcdVersion = requiredVersion(goMod, 'go.etcd.io/etcd/server/v3');
  if (!kubernetesVersion || !etcdVersion) {
    throw new BuildError(`${moduleDir}/go.mod must require k8s.io/kubernetes and go.etcd.io/etcd/server/v3`);
  }
  const hash = createHash('sha256');
  for (const file of moduleFiles(moduleDir)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(moduleDir, file)));
  }
  return { key: `${kubernetesVersion}-${hash.digest('hex').slice(0, 12)}`, kubernetesVersion, etcdVersion };
}

function complete(binDir: string): boolean {
  return BINARIES.every((name) => existsSync(path.join(binDir, name))) && existsSync(path.join(binDir, 'build.json'));
}

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines (the go command's own output is passed here too). */
  log?: (line: string) => void;
  moduleDir?: string;
}

/** Returns the cached binaries, compiling them first when this module version has none. */
export async function ensureControlPlane(options: BuildOptions = {}): Promise<Build> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const moduleDir = options.moduleDir ?? MODULE_DIR;
  const { key, kubernetesVersion, etcdVersion } = buildKey(moduleDir);
  const binDir = path.join(cacheRoot(env), key);
  if (complete(binDir)) {
    const recorded = JSON.parse(readFileSync(path.join(binDir, 'build.json'), 'utf8')) as { seconds: number };
    return { binDir, kubernetesVersion, etcdVersion, built: false, buildSeconds: recorded.seconds };
  }
  const go = spawnSync('go', ['version'], { env, encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new BuildError(
      'the control plane is built with Go, and `go version` failed: install Go 1.26 or newer ' +
        '(or set RAMPART_SKIP_CLUSTER=1 to skip the cluster suites)',
    );
  }
  log(
    `building kube-apiserver, kube-controller-manager ${kubernetesVersion} and etcd ${etcdVersion} (${go.stdout.trim()}) into ${binDir}`,
  );
  // Build into a sibling folder and rename, so an interrupted build never looks complete.
  const partial = `${binDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const started = performance.now();
  const ldflags = [
    '-s',
    '-w',
    `-X k8s.io/component-base/version.gitVersion=${kubernetesVersion}`,
    `-X k8s.io/component-base/version.gitMajor=${kubernetesVersion.split('.')[0]?.slice(1)}`,
    `-X k8s.io/component-base/version.gitMinor=${kubernetesVersion.split('.')[1]}`,
    '-X k8s.io/component-base/version.gitTreeState=clean',
  ].join(' ');
  const args = ['build', `-ldflags=${ldflags}`, '-o', `${partial}${path.sep}`, './cmd/...'];
  // The module sits in the project's git checkout; stamping VCS data would need git and buys nothing.
  const goflags = env.GOFLAGS?.includes('-buildvcs') ? env.GOFLAGS : `${env.GOFLAGS ?? ''} -buildvcs=false`.trim();
  const output = await runGo(args, moduleDir, { ...env, GOFLAGS: goflags }, log);
  if (output.code !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new BuildError(describeBuildFailure(`go ${args.join(' ')}`, moduleDir, output.lines));
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  writeFileSync(
    path.join(partial, 'build.json'),
    `${JSON.stringify({ kubernetesVersion, etcdVersion, go: go.stdout.trim(), seconds, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );
  rmSync(binDir, { recursive: true, force: true });
  renameSync(partial, binDir);
  log(`built in ${seconds} s`);
  return { binDir, kubernetesVersion, etcdVersion, built: true, buildSeconds: seconds };
}

function runGo(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ code: number; lines: string[] }> {
  return new Promise((resolve) => {
    const child = spawn('go', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let pending = '';
    const take = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        log(line);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => {
      lines.push(String(error));
      resolve({ code: 1, lines });
    });
    child.on('close', (code) => {
      if (pending) lines.push(pending);
      resolve({ code: code ?? 1, lines });
    });
  });
}

/**
 * Says which module or package broke and why: the go command names a failing package on a `# pkg`
 * line and a failing download on a `go: module@version:` or `go: downloading` line.
 */
export function describeBuildFailure(command: string, moduleDir: string, lines: readonly string[]): string {
  const culprit =
    lines.find((line) => line.startsWith('# ')) ??
    lines.find((line) => /^go: [^\s]+@v[^\s]*:/.test(line)) ??
    lines.find((line) => line.includes('cannot find module') || line.includes('missing go.sum entry')) ??
    lines.find((line) => line.startsWith('go: '));
  const where = culprit?.startsWith('# ') ? `package ${culprit.slice(2)}` : (culprit ?? 'unknown (see the output)');
  const tail = lines.filter((line) => line.trim() !== '').slice(-20);
  return `control-plane build failed in module ${moduleDir}\n  command: ${command}\n  failed at: ${where}\n  last lines of the go command:\n${tail.map((line) => `    ${line}`).join('\n')}`;
}
