import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readLedger } from '../audit/ledger/index.js';
import { ledgerKeys } from './audit-ledger.js';
import { EXIT, type Io, UsageError } from './io.js';

/** `rampart audit show DIR`: the ledger's entries, decrypted, as JSON lines; exit 1 when one cannot be read. */
export async function runAuditShow(dir: string, flags: { keyFile?: string; keyEnv: string }, io: Io): Promise<number> {
  const full = path.resolve(io.cwd, dir);
  if (
    !(await stat(full).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new UsageError(`ledger ${dir} is not a directory`);
  const keys = await ledgerKeys(flags, io, true);
  let bad = 0;
  for await (const item of readLedger(full, keys as NonNullable<typeof keys>)) {
    if ('entry' in item) io.stdout.write(`${JSON.stringify({ index: item.index, ...(item.entry as object) })}\n`);
    else {
      bad++;
      io.stderr.write(`rampart: ${dir}: entry ${item.index}: ${item.error}\n`);
    }
  }
  return bad > 0 ? EXIT.findings : EXIT.clean;
}
