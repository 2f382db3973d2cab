import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What a file's mode and owner are, as CIS checks read them; or why it could not be read. */
export type FileFact =
  | { path: string; mode: string; owner: string; type: 'file' | 'directory' }
  | { path: string; missing: true }
  | { path: string; problem: string };

/** User and group names of a node, from its /etc/passwd and /etc/group (under --root for a copied node). */
export interface Owners {
  users: Map<number, string>;
  groups: Map<number, string>;
}

export function readOwners(root: string): Owners {
  return { users: idNames(path.join(root, 'etc/passwd')), groups: idNames(path.join(root, 'etc/group')) };
}

function idNames(file: string): Map<number, string> {
  const names = new Map<number, string>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // Id 0 is root on every Linux system, copied /etc/passwd or not.
    return new Map([[0, 'root']]);
  }
  for (const line of text.split('\n').slice(0, 100_000)) {
    const fields = line.split(':');
    const id = Number(fields[2]);
    if (fields[0] && Number.isInteger(id) && !names.has(id)) names.set(id, fields[0]);
  }
  return names;
}

/** Stats `fsPath` (the file as this machine reaches it) and reports it as `shown` (the path on the node). */
export function fileFact(fsPath: string, shown: string, owners: Owners): FileFact {
  try {
    const stat = statSync(fsPath);
    const user = owners.users.get(stat.uid) ?? String(stat.uid);
    const group = owners.groups.get(stat.gid) ?? String(stat.gid);
    return {
      path: shown,
      mode: (stat.mode & 0o7777).toString(8).padStart(3, '0'),
      owner: `${user}:${group}`,
      type: stat.isDirectory() ? 'directory' : 'file',
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path: shown, missing: true };
    return { path: shown, problem: code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? 'error'})` };
  }
}
