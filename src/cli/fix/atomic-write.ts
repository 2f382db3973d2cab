import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

const BOM = '\ufeff';

export type WriteOutcome = { written: true } | { written: false; reason: string };

/**
 * Replaces a file's content only if it still holds `expected`: the new text goes to a temporary
 * file beside it (same directory, so the rename stays on one filesystem), is flushed, takes the
 * original's permission bits, and is renamed over it. A reader sees the old file or the new one,
 * never half of one; a crash leaves the original intact. A symbolic link stays a link: its target
 * is what gets replaced.
 */
export async function replaceFile(file: string, expected: string, text: string): Promise<WriteOutcome> {
  const target = await realpath(file);
  const { mode } = await stat(target);
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
    const handle = await open(temporary, 'wx', mode & 0o777);
    try {
      await handle.writeFile(bom + withoutBom(text), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temporary, mode & 0o7777); // open's mode passes through the umask
    await rename(temporary, target);
    return { written: true };
  } catch (error) {
    await unlink(temporary).catch(() => {});
    return { written: false, reason: `it could not be written: ${(error as Error).message}` };
  }
}

function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}
