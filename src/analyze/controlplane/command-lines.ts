import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { type Component, componentOf } from './components.js';
import type { ArgToken } from './flags.js';

/** One running or declared component: its command line and where it was read. */
export interface CommandLine {
  component: Component;
  tokens: ArgToken[];
  /** `etcd` reads `ETCD_*` variables as flags. */
  env: Map<string, { value: string; line?: number }>;
  /** The static pod manifest of a running process, as the node names it. */
  manifest?: string;
  /** The file the command line came from (a static pod manifest), as the node names it. */
  file?: string;
  /** The file on this machine (under --root), for its mode and owner. */
  fsFile?: string;
  pid?: number;
  /** How a relative path in a flag is resolved: the process's working directory. */
  cwd?: string;
  /** The component's version, from a static pod's image tag (`registry.k8s.io/kube-apiserver:v1.37.2`). */
  version?: string;
  /** How sources name this command line when it has no file: `process 812`. */
  where: string;
}

export interface ReadProblem {
  /** What was being read, as the node names it. */
  subject: string;
  message: string;
}

/** Past this size a cmdline or manifest is not a component's. */
const MAX_BYTES = 1024 * 1024;

/**
 * The command lines of Kubernetes components running on this machine. A process that exits while
 * it is read is reported, never thrown: the scan carries on with the others.
 */
export function processCommandLines(
  pids: readonly number[] | undefined,
  problems: ReadProblem[],
  proc = '/proc',
): CommandLine[] {
  const chosen = pids ?? listPids(proc);
  const lines: CommandLine[] = [];
  for (const pid of chosen) {
    let raw: string;
    try {
      raw = readFileSync(path.join(proc, String(pid), 'cmdline'), 'utf8');
    } catch (error) {
      if (pids) problems.push({ subject: `process ${pid}`, message: gone(error) });
      continue;
    }
    // A process that has exited but not been reaped (a zombie) has an empty command line.
    if (raw === '') {
      if (pids) problems.push({ subject: `process ${pid}`, message: 'exited while it was read' });
      continue;
    }
    const argv = raw.split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
    const component = componentOf(argv[0] ?? '');
    if (!component) {
      if (pids) problems.push({ subject: `process ${pid}`, message: 'is not a Kubernetes component' });
      continue;
    }
    if (raw.length > MAX_BYTES) {
      problems.push({ subject: `process ${pid}`, message: 'has a command line longer than 1 MiB; not read' });
      continue;
    }
    const env = new Map<string, { value: string }>();
    if (component === 'etcd') {
      try {
        for (const entry of readFileSync(path.join(proc, String(pid), 'environ'), 'utf8').split('\0')) {
          const eq = entry.indexOf('=');
          if (eq > 0 && entry.startsWith('ETCD_')) env.set(entry.slice(0, eq), { value: entry.slice(eq + 1) });
        }
      } catch {
        // Another user's environment is not readable without privilege; flags alone are judged.
      }
    }
    const cwd = readlinkSafe(path.join(proc, String(pid), 'cwd'));
    lines.push({
      component,
      tokens: argv.slice(1).map((text) => ({ text })),
      env,
      pid,
      ...(cwd ? { cwd } : {}),
      where: `process ${pid}`,
    });
  }
  return lines;
}

function listPids(proc: string): number[] {
  try {
    return readdirSync(proc)
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

function readlinkSafe(link: string): string | undefined {
  try {
    return readlinkSync(link);
  } catch {
    return undefined;
  }
}

function gone(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ESRCH') return 'exited while it was read, or never ran';
  if (code === 'EACCES') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? 'error'})`;
}

/**
 * The command lines of static pod manifests in a directory (kubeadm's /etc/kubernetes/manifests):
 * each container whose command names a component, with the line of every token.
 */
export function manifestCommandLines(dir: string, shownDir: string, problems: ReadProblem[]): CommandLine[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') problems.push({ subject: shownDir, message: `cannot be listed (${code ?? 'error'})` });
    return [];
  }
  const lines: CommandLine[] = [];
  for (const name of names) {
    if (!/\.(ya?ml|json)$/.test(name)) continue;
    const fsFile = path.join(dir, name);
    const file = path.posix.join(shownDir, name);
    let text: string;
    try {
      text = readFileSync(fsFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push({
        subject: file,
        message: code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'error'})`,
      });
      continue;
    }
    if (text.length > MAX_BYTES) {
      problems.push({ subject: file, message: 'is larger than a static pod manifest can be (1 MiB)' });
      continue;
    }
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false });
    if (doc.errors.length > 0 || !isMap(doc.contents)) {
      problems.push({ subject: file, message: 'is not a valid pod manifest' });
      continue;
    }
    const containers = doc.getIn(['spec', 'containers']);
    if (!isSeq(containers)) continue;
    for (const container of containers.items) {
      if (!isMap(container)) continue;
      const tokens = [...tokensOf(container, 'command', counter), ...tokensOf(container, 'args', counter)];
      const component = componentOf(tokens[0]?.text ?? '');
      if (!component) continue;
      const image = container.get('image');
      const version = typeof image === 'string' ? /:(v\d+\.\d+\.\d+)/.exec(image)?.[1] : undefined;
      lines.push({
        component,
        tokens: tokens.slice(1),
        env: envOf(container, counter),
        file,
        fsFile,
        where: file,
        ...(version ? { version } : {}),
      });
    }
  }
  return lines;
}

function tokensOf(container: YAMLMap, key: string, counter: LineCounter): ArgToken[] {
  const list = container.get(key, true) as Node | undefined;
  if (!isSeq(list)) return [];
  return list.items.flatMap((item) =>
    isScalar(item) ? [{ text: String(item.value), line: counter.linePos(item.range?.[0] ?? 0).line }] : [],
  );
}

function envOf(container: YAMLMap, counter: LineCounter): Map<string, { value: string; line?: number }> {
  const env = new Map<string, { value: string; line?: number }>();
  const list = container.get('env', true) as Node | undefined;
  if (!isSeq(list)) return env;
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const name = item.get('name');
    const value = item.get('value');
    if (
      typeof name === 'string' &&
      (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    )
      env.set(name, { value: String(value), line: counter.linePos(item.range?.[0] ?? 0).line });
  }
  return env;
}
