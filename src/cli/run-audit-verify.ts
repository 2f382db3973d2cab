import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { verifyLedger } from '../audit/ledger/index.js';
import { redactedMessage } from '../core/redact.js';
import { ledgerKeys } from './audit-ledger.js';
import { EXIT, type Io, UsageError } from './io.js';

export interface VerifyFlags {
  checkpoint?: string;
  publicKey?: string;
  keyFile?: string;
  keyEnv: string;
  output: string;
}

/** `rampart audit verify DIR`: exit 0 intact, 1 tampering found, 2 usage error. */
export async function runAuditVerify(dir: string, flags: VerifyFlags, io: Io): Promise<number> {
  if (flags.output !== 'text' && flags.output !== 'json') throw new UsageError('-o must be text or json');
  const full = path.resolve(io.cwd, dir);
  if (
    !(await stat(full).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new UsageError(`ledger ${dir} is not a directory`);
  const keys = await ledgerKeys(flags, io, false);
  const read = async (file: string, what: string) =>
    readFile(path.resolve(io.cwd, file), 'utf8').catch(() => {
      throw new UsageError(`cannot read ${what} ${file}`);
    });
  const external = flags.checkpoint
    ? { text: await read(flags.checkpoint, 'checkpoint'), name: flags.checkpoint }
    : undefined;
  const publicKeyPem = flags.publicKey ? await read(flags.publicKey, 'public key') : undefined;
  let report: Awaited<ReturnType<typeof verifyLedger>>;
  try {
    report = await verifyLedger({
      dir: full,
      ...(keys ? { keys } : {}),
      ...(external ? { external } : {}),
      ...(publicKeyPem !== undefined ? { publicKeyPem } : {}),
    });
  } catch (error) {
    throw new UsageError(`cannot verify ledger ${dir}: ${redactedMessage(error)}`);
  }
  if (flags.output === 'json')
    io.stdout.write(`${JSON.stringify({ ledger: dir, ...report, intact: report.problems.length === 0 }, null, 2)}\n`);
  else {
    const lines = [
      `${dir}: ${report.entries} entr${report.entries === 1 ? 'y' : 'ies'}${keys ? `, ${report.decrypted} decrypted` : ' (not decrypted: no key given)'}${report.checkpoint ? `; checkpoint of ${report.checkpoint.time} covers ${report.checkpoint.size}` : ''}`,
      ...report.problems.map((p) => `TAMPERED  ${p}`),
      ...report.notes.map((n) => `note      ${n}`),
      report.problems.length === 0
        ? 'intact'
        : `${report.problems.length} problem(s): the ledger was tampered with or damaged`,
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return report.problems.length === 0 ? EXIT.clean : EXIT.findings;
}
