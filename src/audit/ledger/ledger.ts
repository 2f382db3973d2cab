import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type Checkpoint,
  checkSignature,
  parseCheckpoint,
  publicKeyId,
  readPrivateKey,
  signCheckpoint,
} from './checkpoint.js';
import { type KeyRing, keyCheck } from './keys.js';
import { CompactRange } from './merkle.js';
import { decryptPayload, encodeRecords, payloadHeader } from './record.js';
import { scanRecords } from './stream.js';

export const FILES = {
  entries: 'entries',
  checkpoint: 'checkpoint.json',
  keys: 'keys.json',
  signingKey: 'signing-key.pem',
  publicKey: 'signing-key.pub.pem',
  lock: 'lock',
} as const;

export class LedgerError extends Error {}

export interface LedgerOptions {
  dir: string;
  keys: KeyRing;
  /** PEM of the Ed25519 key that signs checkpoints; default `<dir>/signing-key.pem`, created for a new ledger. */
  signingKeyPem?: string;
  /** Told about recoveries (a torn append cut off), which are also kept in the ledger as an entry. */
  warn: (message: string) => void;
  now?: () => Date;
}

type Handle = Awaited<ReturnType<typeof open>>;

/**
 * An append-only, encrypted, signed log: entries (AES-256-GCM) in one file, an RFC 6962 Merkle
 * tree over them, and after every append a checkpoint (size, root, time) signed with Ed25519.
 * Appends are crash-safe: records are written and synced before the checkpoint that covers them
 * replaces the old one (atomically, by rename). On open, complete records past the checkpoint are
 * adopted (the crash came between the two) once they decrypt with the writer's keys; a torn one is cut off, said, and recorded as an entry;
 * a log shorter than its checkpoint, or a checkpoint that does not verify, stops the writer.
 */
export class Ledger {
  private constructor(
    private readonly options: LedgerOptions,
    private readonly fd: Handle,
    private readonly signingKey: KeyObject,
    private readonly keyId: string,
    private readonly range: CompactRange,
    private offset: number,
    /** Entries the checkpoint on disk covers. */
    private committed: number,
  ) {}

  get size(): number {
    return this.range.size;
  }

  static async open(options: LedgerOptions): Promise<Ledger> {
    const { dir } = options;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await lock(dir);
    try {
      return await Ledger.openLocked(options);
    } catch (error) {
      await unlink(path.join(dir, FILES.lock)).catch(() => {});
      throw error;
    }
  }

  private static async openLocked(options: LedgerOptions): Promise<Ledger> {
    const { dir } = options;
    const entries = path.join(dir, FILES.entries);
    const fresh = !(await exists(entries));
    const signingKey = await loadSigningKey(options, fresh);
    const publicKey = createPublicKey(signingKey);
    const keyId = publicKeyId(publicKey);
    await writeFile(path.join(dir, FILES.publicKey), publicKey.export({ type: 'spki', format: 'pem' }));
    await checkKeys(dir, options.keys);
    const fd = await open(entries, 'a+');
    try {
      const length = (await fd.stat()).size;
      const checkpoint = await readOwnCheckpoint(dir, publicKey, keyId, length);
      const range = new CompactRange(
        checkpoint?.size ?? 0,
        (checkpoint?.compact ?? []).map((h) => Buffer.from(h, 'hex')),
      );
      let offset = checkpoint?.offset ?? 0;
      let torn: { offset: number; reason: string } | undefined;
      for await (const record of scanRecords(entries, offset)) {
        const header = 'payload' in record ? payloadHeader(record.payload) : 'damaged';
        if (!('payload' in record) || typeof header === 'string' || header.index !== range.size) {
          torn = {
            offset: record.offset,
            reason: 'reason' in record ? record.reason : 'an entry out of sequence after the last checkpoint',
          };
          break;
        }
        // a record no checkpoint covers is signed by the next one: it must be one this writer's keys wrote
        if (!('plaintext' in decryptPayload(record.payload, options.keys)))
          throw new LedgerError(
            `ledger ${dir}: entry ${range.size}, after the last checkpoint, does not decrypt with the keys given: it was not written by this ledger's writer; run \`rampart audit verify\``,
          );
        range.append(record.leaf);
        offset = record.end;
      }
      const ledger = new Ledger(options, fd, signingKey, keyId, range, offset, checkpoint?.size ?? 0);
      if (torn) {
        const dropped = length - torn.offset;
        await fd.truncate(torn.offset);
        await fd.sync();
        options.warn(
          `ledger ${dir}: cut off ${dropped} byte(s) of an interrupted append after entry ${range.size} (${torn.reason}); the cut is recorded in the ledger`,
        );
        await ledger.append([
          Buffer.from(
            JSON.stringify({ type: 'recovery', droppedBytes: dropped, reason: torn.reason, time: ledger.now() }),
          ),
        ]);
      } else if (!checkpoint || checkpoint.size !== range.size) await ledger.checkpoint();
      return ledger;
    } catch (error) {
      await fd.close();
      throw error;
    }
  }

  /** Appends entries (their plaintexts), syncs them, then signs and writes the checkpoint that covers them. */
  async append(plaintexts: readonly (Uint8Array | string)[]): Promise<void> {
    await this.write(plaintexts);
    await this.commit();
  }

  /**
   * Encrypts and writes entries (bytes, or text written as UTF-8), in one write, without syncing them or signing a checkpoint:
   * until `commit`, a crash may lose them or tear the last one, which the next open cuts off and
   * records (complete ones past the checkpoint are adopted). For a writer no one waits on (`audit
   * scan`), which commits once per many batches: a disk flush and a signature per batch of 1,000
   * cost more than the entries.
   */
  async write(plaintexts: readonly (Uint8Array | string)[]): Promise<void> {
    if (plaintexts.length === 0) return;
    const { data, leaves } = encodeRecords(this.range.size, plaintexts, this.options.keys.current);
    for (let done = 0; done < data.length; ) {
      const { bytesWritten } = await this.fd.write(data, done, data.length - done, this.offset + done);
      done += bytesWritten;
    }
    for (const leaf of leaves) this.range.append(leaf);
    this.offset += data.length;
  }

  /** Entries written and not yet covered by a checkpoint. */
  get pending(): number {
    return this.range.size - this.committed;
  }

  /** Syncs what was written, then signs and writes the checkpoint that covers it. */
  async commit(): Promise<void> {
    if (this.pending === 0) return;
    await this.fd.sync();
    await this.checkpoint();
  }

  /** Commits what was written, and lets go of the ledger. */
  async close(): Promise<void> {
    try {
      await this.commit();
    } finally {
      await this.fd.close();
    }
    await unlink(path.join(this.options.dir, FILES.lock)).catch(() => {});
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private async checkpoint(): Promise<void> {
    const checkpoint = signCheckpoint(
      {
        size: this.range.size,
        root: this.range.root().toString('hex'),
        time: this.now(),
        offset: this.offset,
        compact: this.range.hashes.map((h) => h.toString('hex')),
      },
      this.signingKey,
      this.keyId,
    );
    await writeAtomically(path.join(this.options.dir, FILES.checkpoint), `${JSON.stringify(checkpoint, null, 2)}\n`);
    this.committed = this.range.size;
  }
}

/**
 * One writer at a time: two interleaving appends would break each other's records and checkpoints.
 * The lock names its process; a lock whose process is gone (a crash) is taken over.
 */
async function lock(dir: string): Promise<void> {
  const file = path.join(dir, FILES.lock);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(pid) && pid > 0 && alive(pid))
        throw new LedgerError(`ledger ${dir} is in use by process ${pid}: one writer at a time`);
      await unlink(file).catch(() => {});
    }
  }
  throw new LedgerError(`ledger ${dir}: cannot take its lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Replaces a file by rename, its content synced first, so a crash leaves the old file or the new
 * one, whole. The directory is not synced: a rename lost in a crash leaves the previous checkpoint,
 * and the records past it are adopted on the next open, so durability of the entries (synced before)
 * is enough, and each append saves a disk flush.
 */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

async function loadSigningKey(options: LedgerOptions, fresh: boolean): Promise<KeyObject> {
  if (options.signingKeyPem !== undefined) return readPrivateKey(options.signingKeyPem);
  const file = path.join(options.dir, FILES.signingKey);
  if (await exists(file)) return readPrivateKey(await readFile(file, 'utf8'));
  if (!fresh)
    throw new LedgerError(
      `ledger ${options.dir} has entries but no ${FILES.signingKey}: give the key that signs its checkpoints (--signing-key)`,
    );
  const { privateKey } = generateKeyPairSync('ed25519');
  await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return privateKey;
}

/** The ledger's record of which key ids it was written with, and a check value of each. */
async function checkKeys(dir: string, keys: KeyRing): Promise<void> {
  const file = path.join(dir, FILES.keys);
  const known: Record<string, string> = (await exists(file)) ? JSON.parse(await readFile(file, 'utf8')) : {};
  let changed = false;
  for (const key of keys.byId.values()) {
    const check = keyCheck(key);
    if (!Object.hasOwn(known, key.id)) {
      known[key.id] = check;
      changed = true;
    } else if (known[key.id] !== check)
      throw new LedgerError(`key ${key.id} is not the key this ledger was written with under that id`);
  }
  if (changed) await writeAtomically(file, `${JSON.stringify(known, null, 2)}\n`);
}

async function readOwnCheckpoint(
  dir: string,
  publicKey: KeyObject,
  keyId: string,
  length: number,
): Promise<Checkpoint | undefined> {
  const file = path.join(dir, FILES.checkpoint);
  if (!(await exists(file))) {
    if (length > 0)
      throw new LedgerError(
        `ledger ${dir} has entries but no checkpoint: it was removed; run \`rampart audit verify\``,
      );
    return undefined;
  }
  const parsed = parseCheckpoint(await readFile(file, 'utf8'));
  if (typeof parsed === 'string') throw new LedgerError(`ledger ${dir}: its checkpoint is unreadable: ${parsed}`);
  if (parsed.keyId !== keyId || !checkSignature(parsed, publicKey))
    throw new LedgerError(`ledger ${dir}: its checkpoint is not signed by the signing key given`);
  const range = new CompactRange(
    parsed.size,
    parsed.compact.map((h) => Buffer.from(h, 'hex')),
  );
  if (!range.wellFormed() || range.root().toString('hex') !== parsed.root)
    throw new LedgerError(`ledger ${dir}: its checkpoint's compact range does not match its root`);
  if (length < parsed.offset)
    throw new LedgerError(
      `ledger ${dir}: the entries file is shorter than its checkpoint says (truncated or rolled back); run \`rampart audit verify\``,
    );
  return parsed;
}
