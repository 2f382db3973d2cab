import { type AuditEvent, readAuditEvents } from '../analyze/rbac/index.js';
import { redactedMessage } from '../core/redact.js';
import { AuditFileError, auditFiles, openAuditFile } from '../load/audit-files.js';
import { type Io, UsageError } from './io.js';

const SHOWN_ERRORS = 20;

/**
 * Streams the events of an audit log (a file, a .gz file, or - for stdin) to `each`, printing
 * unreadable lines with their numbers. Resolves to the number of bad lines.
 */
export async function readAuditLog(file: string, io: Io, each: (event: AuditEvent) => void): Promise<number> {
  let source: AsyncIterable<string | Uint8Array>;
  if (file === '-') source = io.stdin;
  else {
    const files = await auditFiles([file], io.cwd).catch((error: unknown) => {
      throw error instanceof AuditFileError ? new UsageError(error.message) : error;
    });
    if (files.length !== 1) throw new UsageError(`audit log ${file} is not a file`);
    source = await openAuditFile(files[0] as (typeof files)[number]);
  }
  let bad = 0;
  try {
    for await (const record of readAuditEvents(source)) {
      if ('event' in record) {
        each(record.event);
        continue;
      }
      bad++;
      if (bad <= SHOWN_ERRORS)
        io.stderr.write(`rampart: ${file === '-' ? '<stdin>' : file}:${record.line}: ${record.error}\n`);
    }
  } catch (error) {
    throw new UsageError(`cannot read audit log ${file}: ${redactedMessage(error)}`);
  }
  if (bad > SHOWN_ERRORS) io.stderr.write(`rampart: … and ${bad - SHOWN_ERRORS} more unreadable lines in ${file}\n`);
  return bad;
}
