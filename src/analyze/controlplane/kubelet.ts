import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReadProblem } from './command-lines.js';
import { readConfigText } from './config-file.js';
import { type ArgToken, type Setting, splitWords } from './flags.js';

/** Where a kubelet that is not running is configured: kubeadm's systemd drop-in and env files. */
export const KUBELET_SERVICE_FILES = [
  'etc/systemd/system/kubelet.service.d/10-kubeadm.conf',
  'usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
  'etc/systemd/system/kubelet.service',
  'usr/lib/systemd/system/kubelet.service',
  'lib/systemd/system/kubelet.service',
];

/**
 * The kubelet's command line as its systemd unit gives it: the flags of every `Environment=` line,
 * then those of the `EnvironmentFile=`s (kubeadm-flags.env, /etc/default/kubelet) in the order
 * the unit names them, each token with its file and line.
 */
export function serviceCommandLine(
  root: string,
  problems: ReadProblem[],
): { serviceFile: string; tokens: (ArgToken & { file: string })[] } | undefined {
  for (const relative of KUBELET_SERVICE_FILES) {
    const shown = `/${relative}`;
    const text = readOptional(path.join(root, relative), shown, problems);
    if (text === undefined) continue;
    const tokens: (ArgToken & { file: string })[] = [];
    const envFiles: string[] = [];
    text.split('\n').forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed.startsWith('Environment=')) {
        for (const word of splitWords(trimmed.slice('Environment='.length))) {
          const eq = word.indexOf('=');
          if (eq < 0) continue;
          for (const flag of splitWords(word.slice(eq + 1))) tokens.push({ text: flag, line: index + 1, file: shown });
        }
      } else if (trimmed.startsWith('EnvironmentFile=')) {
        envFiles.push(trimmed.slice('EnvironmentFile='.length).replace(/^-/, ''));
      }
    });
    for (const envFile of envFiles) {
      if (!envFile.startsWith('/')) continue;
      const envText = readOptional(path.join(root, envFile), envFile, problems);
      envText?.split('\n').forEach((line, index) => {
        const eq = line.indexOf('=');
        if (eq < 0 || line.trim().startsWith('#')) return;
        for (const word of splitWords(line.slice(eq + 1))) {
          for (const flag of splitWords(word)) tokens.push({ text: flag, line: index + 1, file: envFile });
        }
      });
    }
    return { serviceFile: shown, tokens };
  }
  return undefined;
}

/**
 * The kubelet's configuration file and its drop-ins merged as the kubelet merges them: the file,
 * then each `*.conf` of the drop-in directory in lexical order, a later one overriding what an
 * earlier one set, field by field. Flags are applied over the result by the caller.
 */
export function mergedKubeletConfig(
  resolve: (nodePath: string) => string,
  configFile: string | undefined,
  dropInDir: string | undefined,
  problems: ReadProblem[],
): { settings: Map<string, Setting>; dropIns: string[]; configRead: boolean } {
  const settings = new Map<string, Setting>();
  let configRead = false;
  const apply = (nodePath: string, from: 'file' | 'drop-in') => {
    const text = readOptional(resolve(nodePath), nodePath, problems, true);
    if (text === undefined) return;
    const read = readConfigText(text, nodePath, from);
    if ('problem' in read) {
      problems.push({ subject: nodePath, message: read.problem.slice(nodePath.length + 1) });
      return;
    }
    if (from === 'file') configRead = true;
    for (const [key, value] of read.settings) {
      if (key === 'apiVersion' || key === 'kind') continue;
      settings.set(key, value);
    }
  };
  if (configFile) apply(configFile, 'file');
  const dropIns: string[] = [];
  if (dropInDir) {
    let names: string[] = [];
    try {
      names = readdirSync(resolve(dropInDir)).filter((name) => name.endsWith('.conf'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') problems.push({ subject: dropInDir, message: `cannot be listed (${code ?? 'error'})` });
    }
    // The kubelet sorts drop-ins by name, byte-wise (Go's sort.Strings).
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const nodePath = path.posix.join(dropInDir, name);
      dropIns.push(nodePath);
      apply(nodePath, 'drop-in');
    }
  }
  return { settings, dropIns, configRead };
}

/** A file's text; undefined when it does not exist (or cannot be read, which is reported). */
export function readOptional(
  fsPath: string,
  shown: string,
  problems: ReadProblem[],
  reportMissing = false,
): string | undefined {
  try {
    const text = readFileSync(fsPath, 'utf8');
    if (text.length > 4 * 1024 * 1024) {
      problems.push({ subject: shown, message: 'is larger than a configuration file can be (4 MiB)' });
      return undefined;
    }
    return text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !reportMissing) return undefined;
    problems.push({
      subject: shown,
      message:
        code === 'ENOENT'
          ? 'does not exist'
          : code === 'EACCES'
            ? 'cannot be read (permission denied)'
            : code === 'EISDIR'
              ? 'is a directory'
              : `cannot be read (${code ?? 'error'})`,
    });
    return undefined;
  }
}
