import { accessSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Path } from '../../core/path.js';
import type { KubeObject, Resource, SourcePosition } from '../../core/resource.js';
import { apiserverConfigFiles } from './apiserver-config.js';
import { type CommandLine, manifestCommandLines, processCommandLines, type ReadProblem } from './command-lines.js';
import {
  type Component,
  etcdEnvFlag,
  FLAG_DEFAULTS,
  KIND_OF,
  KUBE_PROXY_DEFAULTS,
  KUBE_PROXY_FLAG_FIELDS,
  KUBELET_DEFAULTS,
  KUBELET_FLAG_FIELDS,
  NODE_API_VERSION,
} from './components.js';
import { readConfigText } from './config-file.js';
import { type FileFact, fileFact, type Owners, readOwners } from './files.js';
import { parseFlags, type Setting } from './flags.js';
import { mergedKubeletConfig, readOptional, serviceCommandLine } from './kubelet.js';

export interface NodeOptions {
  /** The node's root: `/` for this machine, or a directory copied from a node. */
  root: string;
  /** Read running processes (all of /proc, or only these pids). Off for a copied directory. */
  processes: boolean;
  pids?: readonly number[];
  /** Static pod manifests (default: <root>/etc/kubernetes/manifests). */
  manifests?: string;
  /** Where /proc is (tests). */
  proc?: string;
}

export interface NodeInspection {
  /** One resource per component: its effective settings, each with its source, and its files. */
  resources: Resource[];
  /** What could not be read: each a clear message, never an exception. */
  problems: ReadProblem[];
}

/** Past this many files a PKI directory listing stops: no real PKI comes near it. */
const MAX_LISTED = 500;

/**
 * The effective configuration of the Kubernetes components of one node: running processes first
 * (what runs is what counts), then static pod manifests for components no process shows, then the
 * kubelet's systemd unit. Defaults, config files, drop-ins, environment and flags are layered in
 * each component's order, and every value keeps its source.
 */
export function inspectNode(options: NodeOptions): NodeInspection {
  const problems: ReadProblem[] = [];
  const root = path.resolve(options.root);
  const owners = readOwners(root);
  const manifestDir = options.manifests ?? '/etc/kubernetes/manifests';
  const fsManifestDir = options.manifests ? path.resolve(options.manifests) : path.join(root, manifestDir);
  const running = options.processes ? processCommandLines(options.pids, problems, options.proc) : [];
  const declared = options.pids ? [] : manifestCommandLines(fsManifestDir, manifestDir, problems);
  const lines = [...running];
  for (const line of declared) {
    const process = lines.find((l) => l.component === line.component && l.pid !== undefined && !l.file);
    if (process) {
      // The process is what runs; its manifest is still the file CIS asks about.
      process.fsFile = line.fsFile;
      process.manifest = line.file;
    } else lines.push(line);
  }
  if (!options.pids && !lines.some((l) => l.component === 'kubelet')) {
    const service = serviceCommandLine(root, problems);
    if (service)
      lines.push({
        component: 'kubelet',
        tokens: service.tokens,
        env: new Map(),
        file: service.serviceFile,
        fsFile: path.join(root, service.serviceFile),
        where: service.serviceFile,
      });
  }
  const counts = new Map<Component, number>();
  for (const line of lines) counts.set(line.component, (counts.get(line.component) ?? 0) + 1);
  const resources = lines.map((line) => {
    const resolve = resolver(root, line, options.proc ?? '/proc');
    const settings = effectiveSettings(line, resolve, problems);
    const files = filesOf(line, settings, resolve, owners);
    const name = (counts.get(line.component) ?? 0) > 1 && line.pid ? `${line.component}-${line.pid}` : line.component;
    return toResource(line, name, settings, files);
  });
  return { resources, problems };
}

/** Where a path named by a component is on this machine: under --root, or beside a process's cwd. */
/**
 * Where a path named by a component is on this machine: under --root; for a process, as the process
 * sees it — through /proc/<pid>/root when that is readable (a containerised kube-proxy's ConfigMap
 * is mounted only in its own mount namespace), relative paths from its working directory.
 */
function resolver(root: string, line: CommandLine, proc: string): (nodePath: string) => string {
  let processRoot: string | undefined;
  if (line.pid !== undefined) {
    const candidate = path.join(proc, String(line.pid), 'root');
    try {
      accessSync(path.join(candidate, '.'));
      processRoot = candidate;
    } catch {
      processRoot = undefined;
    }
  }
  return (nodePath) => {
    const absolute = path.isAbsolute(nodePath) ? nodePath : path.join(line.cwd ?? '/', nodePath);
    if (processRoot && !line.file) return path.join(processRoot, absolute);
    return root === '/' ? absolute : path.join(root, absolute);
  };
}

function defaultSetting(value: string, text: string): Setting {
  return { value, source: { from: 'default', text } };
}

function effectiveSettings(
  line: CommandLine,
  resolve: (nodePath: string) => string,
  problems: ReadProblem[],
): Map<string, Setting> {
  const flags = parseFlags(line.tokens, line.where, line.file);
  const settings = new Map<string, Setting>();
  if (line.component === 'kubelet') return kubeletSettings(flags, resolve, problems);
  if (line.component === 'kube-proxy') {
    for (const [key, value] of Object.entries(KUBE_PROXY_DEFAULTS))
      settings.set(key, defaultSetting(value, 'default of kube-proxy'));
    const config = flags.get('config')?.value;
    if (config) {
      const text = readOptional(resolve(config), config, problems, true);
      const read = text === undefined ? undefined : readConfigText(text, config, 'file');
      if (read && 'problem' in read) problems.push({ subject: config, message: read.problem.slice(config.length + 1) });
      else if (read) for (const [key, value] of read.settings) settings.set(key, value);
    }
    for (const [flag, value] of flags) settings.set(KUBE_PROXY_FLAG_FIELDS[flag] ?? flag, value);
    return settings;
  }
  for (const [key, value] of Object.entries(FLAG_DEFAULTS[line.component]))
    settings.set(
      key,
      defaultSetting(
        value,
        `default of ${line.component}${line.version ? ` ${line.version}, the version of its image` : ''}`,
      ),
    );
  for (const [variable, entry] of line.env) {
    const flag = line.component === 'etcd' ? etcdEnvFlag(variable) : undefined;
    if (!flag) continue;
    const at = line.file && entry.line ? ` in ${line.file}:${entry.line}` : ` of ${line.where}`;
    settings.set(flag, {
      value: entry.value,
      source: {
        from: 'env',
        text: `environment variable ${variable}${at}`,
        ...(line.file ? { file: line.file } : {}),
        ...(entry.line ? { line: entry.line } : {}),
      },
    });
  }
  for (const [flag, value] of flags) settings.set(flag, value);
  if (line.component === 'kube-apiserver') apiserverConfigFiles(settings, resolve, problems);
  if (line.component === 'kube-scheduler' && flags.get('config')?.value)
    schedulerConfig(flags.get('config')?.value as string, settings, resolve, problems);
  return settings;
}

/**
 * With `--config`, kube-scheduler ignores its deprecated flags `--profiling` and `--kubeconfig`
 * and reads `enableProfiling` (default true) and `clientConnection.kubeconfig` from the
 * KubeSchedulerConfiguration: a manifest showing `--profiling=false` beside `--config` still profiles.
 */
function schedulerConfig(
  file: string,
  settings: Map<string, Setting>,
  resolve: (nodePath: string) => string,
  problems: ReadProblem[],
): void {
  const text = readOptional(resolve(file), file, problems, true);
  const read = text === undefined ? undefined : readConfigText(text, file, 'file');
  if (read && 'problem' in read) problems.push({ subject: file, message: read.problem.slice(file.length + 1) });
  const fields = read && 'settings' in read ? read.settings : new Map<string, Setting>();
  settings.set(
    'profiling',
    fields.get('enableProfiling') ??
      defaultSetting(
        'true',
        `default of KubeSchedulerConfiguration ${file}, which kube-scheduler reads instead of --profiling`,
      ),
  );
  const kubeconfig = fields.get('clientConnection.kubeconfig');
  if (kubeconfig) settings.set('kubeconfig', kubeconfig);
  else settings.delete('kubeconfig');
}

function kubeletSettings(
  flags: Map<string, Setting>,
  resolve: (nodePath: string) => string,
  problems: ReadProblem[],
): Map<string, Setting> {
  const config = flags.get('config')?.value;
  const merged = mergedKubeletConfig(resolve, config, flags.get('config-dir')?.value, problems);
  const mode = config && merged.configRead ? 'config' : 'flags';
  const settings = new Map<string, Setting>();
  const label =
    mode === 'config' ? 'default of KubeletConfiguration v1beta1' : 'default of the kubelet flags (no --config)';
  for (const [key, value] of Object.entries(KUBELET_DEFAULTS[mode])) settings.set(key, defaultSetting(value, label));
  for (const [key, value] of merged.settings) settings.set(key, value);
  // Flags given on the command line win over the file and the drop-ins.
  for (const [flag, value] of flags) {
    if (flag === 'feature-gates') {
      for (const gate of value.value.split(',')) {
        const [name, enabled] = gate.split('=');
        if (name?.trim())
          settings.set(`featureGates.${name.trim()}`, { value: (enabled ?? 'true').trim(), source: value.source });
      }
      continue;
    }
    settings.set(KUBELET_FLAG_FIELDS[flag] ?? flag, value);
  }
  return settings;
}

function filesOf(
  line: CommandLine,
  settings: Map<string, Setting>,
  resolve: (nodePath: string) => string,
  owners: Owners,
): Record<string, FileFact | FileFact[]> {
  const files: Record<string, FileFact | FileFact[]> = {};
  const fact = (nodePath: string) => fileFact(resolve(nodePath), nodePath, owners);
  const manifest = line.manifest ?? (line.file && line.component !== 'kubelet' ? line.file : undefined);
  if (manifest && line.fsFile) files.manifest = fileFact(line.fsFile, manifest, owners);
  const value = (key: string) => settings.get(key)?.value || undefined;
  const existing = (paths: string[]) => paths.map(fact).filter((f) => !('missing' in f));
  switch (line.component) {
    case 'kube-apiserver': {
      const ca = value('client-ca-file');
      const pkiDir = ca ? path.posix.dirname(ca) : '/etc/kubernetes/pki';
      files.pki = listTree(pkiDir, resolve, owners);
      files.adminKubeconfigs = existing(['/etc/kubernetes/admin.conf', '/etc/kubernetes/super-admin.conf']);
      const encryption = value('encryption-provider-config');
      if (encryption) files.encryptionConfig = fact(encryption);
      break;
    }
    case 'kube-controller-manager':
    case 'kube-scheduler': {
      const kubeconfig = value('kubeconfig');
      if (kubeconfig) files.kubeconfig = fact(kubeconfig);
      break;
    }
    case 'etcd':
      files.dataDir = fact(value('data-dir') ?? '/var/lib/etcd');
      break;
    case 'kubelet': {
      if (line.file) files.serviceFile = fileFact(line.fsFile ?? resolve(line.file), line.file, owners);
      for (const [role, key] of [
        ['kubeconfig', 'kubeconfig'],
        ['config', 'config'],
        ['clientCaFile', 'authentication.x509.clientCAFile'],
      ] as const) {
        const nodePath = value(key);
        if (nodePath) files[role] = fact(nodePath);
      }
      files.cni = listTree('/etc/cni/net.d', resolve, owners).filter((f) => !('missing' in f));
      break;
    }
    case 'kube-proxy': {
      const kubeconfig = value('clientConnection.kubeconfig');
      if (kubeconfig) files.kubeconfig = fact(kubeconfig);
      break;
    }
  }
  return files;
}

/** A directory and everything below it (two levels, bounded), as CIS's `find <dir>` lists it. */
function listTree(dir: string, resolve: (nodePath: string) => string, owners: Owners): FileFact[] {
  const top = fileFact(resolve(dir), dir, owners);
  if (!('type' in top) || top.type !== 'directory') return 'missing' in top ? [] : [top];
  const out: FileFact[] = [top];
  const walk = (nodeDir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(resolve(nodeDir)).sort();
    } catch (error) {
      // Its files were not judged: say so rather than pass them.
      const code = (error as NodeJS.ErrnoException).code;
      out.push({
        path: nodeDir,
        problem: `cannot be listed (${code === 'EACCES' ? 'permission denied' : (code ?? 'error')})`,
      });
      return;
    }
    for (const name of names) {
      if (out.length >= MAX_LISTED) return;
      const child = path.posix.join(nodeDir, name);
      const entry = fileFact(resolve(child), child, owners);
      out.push(entry);
      if ('type' in entry && entry.type === 'directory' && depth < 2) walk(child, depth + 1);
    }
  };
  walk(dir, 1);
  return out;
}

function toResource(
  line: CommandLine,
  name: string,
  settings: Map<string, Setting>,
  files: Record<string, FileFact | FileFact[]>,
): Resource {
  const entries = [...settings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const object: KubeObject = {
    apiVersion: NODE_API_VERSION,
    kind: KIND_OF[line.component],
    metadata: { name },
    spec: {
      component: line.component,
      source: line.file ?? line.where,
      ...(line.pid ? { pid: line.pid } : {}),
      ...(line.version ? { version: line.version } : {}),
      settings: Object.fromEntries(
        entries.map(([key, s]) => [key, { value: s.value, from: s.source.from, source: s.source.text }]),
      ),
      files,
    },
  };
  const file = line.file ?? `/proc/${line.pid}/cmdline`;
  const locate = (at: Path): SourcePosition => {
    const key = at[2];
    const setting = at[0] === 'spec' && at[1] === 'settings' && typeof key === 'string' ? settings.get(key) : undefined;
    return setting?.source.file === file && setting.source.line
      ? { line: setting.source.line, column: 1 }
      : { line: 1, column: 1 };
  };
  return { object, origin: { kind: 'file', file, document: 0, locate } };
}
