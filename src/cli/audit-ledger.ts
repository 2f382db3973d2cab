import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AlertSink, EventSink } from '../audit/index.js';
import { KeyError, type KeyRing, Ledger, LedgerError, parseKeys } from '../audit/ledger/index.js';
import type { AuditFlags } from './audit.js';
import { type Io, UsageError } from './io.js';

/** The keys of --key-file, else of the --key-env variable; undefined when neither is given (and `required` is false). */
export async function ledgerKeys(
  flags: Pick<AuditFlags, 'keyFile' | 'keyEnv'>,
  io: Io,
  required: boolean,
): Promise<KeyRing | undefined> {
  try {
    if (flags.keyFile !== undefined) {
      const text = await readFile(path.resolve(io.cwd, flags.keyFile), 'utf8').catch(() => {
        throw new UsageError(`cannot read key file ${flags.keyFile}`);
      });
      return parseKeys(text, `key file ${flags.keyFile}`);
    }
    const value = io.env[flags.keyEnv];
    if (value !== undefined && value !== '') return parseKeys(value, `$${flags.keyEnv}`);
  } catch (error) {
    if (error instanceof KeyError) throw new UsageError(error.message);
    throw error;
  }
  if (required)
    throw new UsageError(
      `the ledger needs an encryption key: --key-file FILE or $${flags.keyEnv} ("<key-id> <64 hex digits>")`,
    );
  return undefined;
}

export async function signingKeyPem(flags: Pick<AuditFlags, 'signingKey'>, io: Io): Promise<string | undefined> {
  if (flags.signingKey === undefined) return undefined;
  return readFile(path.resolve(io.cwd, flags.signingKey), 'utf8').catch(() => {
    throw new UsageError(`cannot read signing key ${flags.signingKey}`);
  });
}

/**
 * The ledger of --ledger, as the pipeline's event sink or alert sink (--ledger-record). Entries are
 * synced and checkpointed once `commitEvery` of them are written (and at close): 1 for `serve`,
 * which acknowledges only what is durable; many for `scan`, where no one waits on a batch and a
 * crash loses at most the entries since the last checkpoint (a torn one is cut off and recorded).
 */
export async function openLedgerFor(
  flags: AuditFlags,
  io: Io,
  commitEvery = 1,
): Promise<{ events?: EventSink; alerts?: AlertSink; close(): Promise<void>; ledger: Ledger }> {
  if (flags.ledgerRecord !== 'events' && flags.ledgerRecord !== 'alerts')
    throw new UsageError('--ledger-record must be events or alerts');
  const keys = await ledgerKeys(flags, io, true);
  const pem = await signingKeyPem(flags, io);
  let ledger: Ledger;
  try {
    ledger = await Ledger.open({
      dir: path.resolve(io.cwd, flags.ledger as string),
      keys: keys as KeyRing,
      ...(pem !== undefined ? { signingKeyPem: pem } : {}),
      warn: (message) => io.stderr.write(`rampart: ${message}\n`),
    });
  } catch (error) {
    if (error instanceof LedgerError) throw new UsageError(error.message);
    throw error;
  }
  const encode = (type: string, key: string, value: unknown) => JSON.stringify({ type, [key]: value });
  const append = async (plaintexts: readonly string[]) => {
    await ledger.write(plaintexts);
    if (ledger.pending >= commitEvery) await ledger.commit();
  };
  return {
    ledger,
    ...(flags.ledgerRecord === 'events'
      ? {
          events: {
            // a line read as it was written is kept as written; items of an EventList are written anew
            append: (events) =>
              append(
                events.map((e) =>
                  e.text !== undefined ? `{"type":"event","event":${e.text}}` : encode('event', 'event', e.object),
                ),
              ),
          },
        }
      : { alerts: { write: (alerts) => append(alerts.map((a) => encode('alert', 'alert', a))) } }),
    close: () => ledger.close(),
  };
}
