import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { type AuditEvent, readAuditEvents } from '../analyze/rbac/index.js';
import { redactedMessage } from '../core/redact.js';
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
    const full = path.resolve(io.cwd, file);
    try {
      const info = await stat(full);
      if (!info.isFile()) throw new UsageError(`audit log ${file} is not a file`);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `cannot read audit log ${file}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
    const stream = createReadStream(full);
    source = file.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
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
