import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { type Renderer, rendererOf } from './render.js';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** Never manifests, and often huge. */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

export interface FoundFile {
  /** The path as shown to the user: the argument joined with the path below it. */
  file: string;
  size: number;
}

/** A directory to render rather than read (./render.ts): the one named, or a chart found below it. */
export interface FoundRender {
  dir: string;
  renderer: Renderer;
}

export interface WalkProblem {
  file: string;
  message: string;
}

/**
 * The manifest files under `root` (a file or a directory), sorted, recursively, following
 * symbolic links but never the same directory twice. `exclude` globs match the path below
 * `root` or, for patterns without a slash, any single name on it. A directory named as `root`
 * that is a Helm chart or a kustomization, and a chart found below it, is listed to be rendered
 * instead (in walk order, among the files).
 */
export async function findFiles(
  root: string,
  exclude: readonly string[],
): Promise<{ files: (FoundFile | FoundRender)[]; problems: WalkProblem[] }> {
  const isExcluded = excluder(exclude);
  const files: (FoundFile | FoundRender)[] = [];
  const problems: WalkProblem[] = [];
  const seen = new Set<string>();

  const visit = async (file: string, relative: string, explicit: boolean): Promise<void> => {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch (error) {
      problems.push({ file, message: explain(error) });
      return;
    }
    if (info.isDirectory()) {
      const real = await realpath(file).catch(() => file);
      if (seen.has(real)) return;
      seen.add(real);
      // kustomize bases below a scanned directory are plain manifests; chart templates never are
      const renderer = await rendererOf(file);
      if (renderer === 'helm' || (renderer && explicit)) {
        files.push({ dir: file, renderer });
        return;
      }
      let entries: Dirent[];
      try {
        entries = await readdir(file, { withFileTypes: true });
      } catch (error) {
        problems.push({ file, message: explain(error) });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (entry.isDirectory() && SKIPPED_DIRECTORIES.has(entry.name)) continue;
        const childRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (isExcluded(childRelative)) continue;
        const isCandidate =
          entry.isDirectory() ||
          entry.isSymbolicLink() ||
          MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase());
        if (isCandidate) await visit(path.join(file, entry.name), childRelative, false);
      }
      return;
    }
    if (!info.isFile()) {
      // never opened: reading a FIFO or a device blocks or never ends; named or found, it is reported
      problems.push({ file, message: `is ${specialKind(info)}, not a regular file or directory; it was not read` });
      return;
    }
    // A symlink to a file is only taken when its own name looks like a manifest.
    if (!explicit && !MANIFEST_EXTENSIONS.includes(path.extname(file).toLowerCase())) return;
    files.push({ file, size: info.size });
  };

  await visit(root, '', true);
  return { files, problems };
}

function specialKind(info: Awaited<ReturnType<typeof stat>>): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}

function excluder(patterns: readonly string[]): (relative: string) => boolean {
  if (patterns.length === 0) return () => false;
  const matchers = patterns.map((pattern) => picomatch(pattern, { dot: true, basename: !pattern.includes('/') }));
  return (relative) => matchers.some((match) => match(relative));
}

export function explain(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ELOOP':
      return 'is a symbolic link loop';
    case 'ENOTDIR':
      return 'does not exist (a parent is not a directory)';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}
