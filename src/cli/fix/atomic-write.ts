import { randomBytes } from 'node:crypto';
import { chmod, chown, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

const BOM = '\ufeff';

export type WriteOutcome = { written: true } | { written: false; reason: string };

export interface ReplaceOptions {
  /** Replace a read-only file too (its mode stays read-only). */
  force?: boolean;
}

/**
 * Replaces a file's content only if it still holds `expected`: the new text goes to a temporary
 * file beside it (same directory, so the rename stays on one filesystem), is flushed, takes the
 * original's permission bits, owner and group, and is renamed over it. A reader sees the old file
 * or the new one, never half of one; a crash leaves the original intact. A symbolic link stays a
 * link: its target is what gets replaced. What a rename cannot keep is refused with the reason:
 * a file with other hard links (they would keep the old text), a file whose owner rampart cannot
 * give the new one; a read-only file is refused unless `force`.
 */
export async function replaceFile(
  file: string,
  expected: string,
  text: string,
  options: ReplaceOptions = {},
): Promise<WriteOutcome> {
  const target = await realpath(file);
  const info = await stat(target);
  if (info.nlink > 1)
    return {
      written: false,
      reason: `it has ${info.nlink} hard links, which a replaced file would no longer share; apply the patch (--diff) instead`,
    };
  if ((info.mode & 0o222) === 0 && !options.force)
    return { written: false, reason: 'it is read-only; make it writable, or pass --force to replace it anyway' };
  // the loader drops a byte order mark; the file keeps the one it has
  const current = await readFile(target, 'utf8');
  const bom = current.startsWith(BOM) ? BOM : '';
  if (current.slice(bom.length) !== withoutBom(expected))
    return { written: false, reason: 'it changed while rampart was running; run rampart fix again' };
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.rampart-${randomBytes(6).toString('hex')}`,
  );
  try {
    const handle = await open(temporary, 'wx', info.mode & 0o777);
    try {
      await handle.writeFile(bom + withoutBom(text), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    const created = await stat(temporary);
    if (created.uid !== info.uid || created.gid !== info.gid) {
      // as root (or a group member) the new file takes the original's owner and group; else refuse
      const kept = await chown(temporary, info.uid, info.gid).then(
        () => true,
        () => false,
      );
      if (!kept) {
        await unlink(temporary).catch(() => {});
        return {
          written: false,
          reason:
            "its owner or group differs from rampart's, and a replaced file would not keep them; apply the patch (--diff) instead",
        };
      }
    }
    await chmod(temporary, info.mode & 0o7777); // open's mode passes through the umask; chown clears set-id bits
    await rename(temporary, target);
    return { written: true };
  } catch (error) {
    await unlink(temporary).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code;
    return { written: false, reason: `it could not be written (${code ?? 'an error'})` };
  }
}

function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}
