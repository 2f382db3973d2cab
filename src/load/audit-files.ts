import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** One audit log to read, as the user named it and where it is. */
export interface AuditFile {
  /** As findings name it. */
  name: string;
  full: string;
  modified: number;
}

/** Why an audit log named on the command line cannot be read; the message quotes only the name. */
export class AuditFileError extends Error {}

/**
 * The files behind the names given: a directory stands for the audit logs in it (the active log
 * and the backups the API server rotates beside it, `audit-2026-12-07T10-00-00.000.log[.gz]`),
 * oldest first so events come in the order they were written.
 */
export async function auditFiles(names: readonly string[], cwd: string): Promise<AuditFile[]> {
  const out: AuditFile[] = [];
  for (const name of names) {
    const full = path.resolve(cwd, name);
    const info = await stat(full).catch((error: NodeJS.ErrnoException) => {
      throw new AuditFileError(
        `cannot read audit log ${name}: ${error.code === 'ENOENT' ? 'no such file' : (error.code ?? 'unreadable')}`,
      );
    });
    if (info.isFile()) {
      out.push({ name, full, modified: info.mtimeMs });
      continue;
    }
    if (!info.isDirectory()) throw new AuditFileError(`audit log ${name} is not a file`);
    const found: AuditFile[] = [];
    for (const entry of await readdir(full, { withFileTypes: true })) {
      if (!entry.isFile() || !AUDIT_FILE.test(entry.name)) continue;
      const itsPath = path.join(full, entry.name);
      found.push({ name: path.join(name, entry.name), full: itsPath, modified: (await stat(itsPath)).mtimeMs });
    }
    if (found.length === 0) throw new AuditFileError(`directory ${name} holds no audit log (*.log, *.json, *.gz)`);
    found.sort(rotationOrder);
    out.push(...found);
  }
  return out;
}

const AUDIT_FILE = /\.(?:log|json|jsonl|gz)$/;

/**
 * Backups first, by the time in their names (lumberjack's, which the API server uses, sorts as
 * text), the active log (no time in its name) last; modification time breaks ties.
 */
function rotationOrder(a: AuditFile, b: AuditFile): number {
  const ta = ROTATED.exec(path.basename(a.name))?.[1];
  const tb = ROTATED.exec(path.basename(b.name))?.[1];
  if (ta !== undefined && tb !== undefined && ta !== tb) return ta < tb ? -1 : 1;
  if (ta !== undefined && tb === undefined) return -1;
  if (ta === undefined && tb !== undefined) return 1;
  return a.modified - b.modified || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

const ROTATED = /-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(?:\.\d{1,9})?)\.[a-z]+(?:\.gz)?$/;

/** The bytes of an audit log, gunzipped when it starts with gzip's magic number, whatever its name. */
export async function openAuditFile(file: AuditFile): Promise<Readable> {
  const handle = await open(file.full, 'r');
  const head = Buffer.alloc(2);
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const stream = createReadStream(file.full);
  return head[0] === 0x1f && head[1] === 0x8b ? stream.pipe(createGunzip()) : stream;
}
