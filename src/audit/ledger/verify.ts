import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Checkpoint, checkSignature, parseCheckpoint, publicKeyId } from './checkpoint.js';
import { type KeyRing, keyCheck } from './keys.js';
import { FILES } from './ledger.js';
import {
  CompactRange,
  consistencyProof,
  inclusionProof,
  type Leaves,
  leafHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
import { decryptPayload, payloadHeader } from './record.js';
import { scanRecords } from './stream.js';

export interface VerifyOptions {
  dir: string;
  /** Decrypt every entry with these (and tell a wrong key from an edited entry). */
  keys?: KeyRing;
  /** The key checkpoints must be signed with; default the ledger's own public key file. */
  publicKeyPem?: string;
  /** A checkpoint kept elsewhere: the log must still begin with what it covered. */
  external?: { text: string; name: string };
}

/** What verify found; `problems` empty means the log is intact as far as every check can tell. */
export interface VerifyReport {
  entries: number;
  /** Hex RFC 6962 root of all entries. */
  root: string;
  decrypted: number;
  /** With an external checkpoint the log is consistent with: the RFC 6962 proof, hex, for anyone to check. */
  consistency?: { fromSize: number; fromRoot: string; toSize: number; toRoot: string; proof: string[] };
  checkpoint?: { size: number; time: string };
  problems: string[];
  notes: string[];
}

/** Reports at most this many problems of one kind; the count says the rest. */
const SHOWN = 10;

/** The key checkpoints are verified with: given, or the ledger's own; without one nothing can be checked. */
async function checkpointKey(dir: string, given: string | undefined): Promise<KeyObject> {
  const pem = given ?? (await readFile(path.join(dir, FILES.publicKey), 'utf8').catch(() => undefined));
  if (pem === undefined)
    throw new Error(`it has no ${FILES.publicKey} (not a ledger folder?); pass the public key with --public-key FILE`);
  try {
    return createPublicKey(pem);
  } catch {
    throw new Error(`${given === undefined ? FILES.publicKey : 'the --public-key file'} is not a PEM public key`);
  }
}

/**
 * Checks the whole log: every record's framing and checksum, its position against the index it was
 * written with (deleted, inserted and reordered entries), the Merkle root against the ledger's
 * signed checkpoint (edits, truncation), each entry's decryption (a wrong key told apart from an
 * edit), and against an external checkpoint, a consistency proof (a rolled-back or rewritten log).
 */
export async function verifyLedger(options: VerifyOptions): Promise<VerifyReport> {
  const { dir } = options;
  const report: VerifyReport = { entries: 0, root: '', decrypted: 0, problems: [], notes: [] };
  const problem = (text: string) => report.problems.push(text);
  const publicKey = await checkpointKey(dir, options.publicKeyPem);
  const keyId = publicKeyId(publicKey);
  const own = await readCheckpoint(
    path.join(dir, FILES.checkpoint),
    'the ledger’s checkpoint',
    publicKey,
    keyId,
    problem,
  );
  const external = options.external
    ? checkpointOf(options.external.text, `the checkpoint ${options.external.name}`, publicKey, keyId, problem)
    : undefined;
  const wrongKeys = await wrongKeyIds(dir, options.keys, problem);

  const entries = path.join(dir, FILES.entries);
  const hashes = new LeafStore();
  const leaves: Leaves = { size: 0, at: (i) => hashes.at(i) };
  const range = new CompactRange();
  const rootAt = new Map<number, Buffer>();
  const wanted = new Set([own?.size, external?.size].filter((n): n is number => n !== undefined));
  const indexes: number[] = [];
  let undecryptable = 0;
  if (wanted.has(0)) rootAt.set(0, range.root());
  const exists = await stat(entries).then(
    () => true,
    () => false,
  );
  if (!exists) problem(`${FILES.entries} is missing`);
  else
    for await (const record of scanRecords(entries, 0)) {
      const position = range.size;
      if ('torn' in record) {
        const beyond = own === undefined || position >= own.size;
        (beyond ? report.notes : report.problems).push(
          `the log ends in a torn record at byte ${record.offset} (${record.reason})${beyond ? ': an interrupted append, which the next append cuts off and records' : ''}`,
        );
        break;
      }
      if ('damaged' in record) {
        problem(`entry ${position}: ${record.reason}: its bytes were edited or damaged`);
        indexes.push(-1);
      } else {
        const header = payloadHeader(record.payload);
        indexes.push(typeof header === 'string' ? -1 : header.index);
        if (typeof header === 'string') problem(`entry ${position}: ${header}`);
        if (options.keys && typeof header !== 'string' && !wrongKeys.has(header.keyId)) {
          const result = decryptPayload(record.payload, options.keys);
          if ('plaintext' in result) report.decrypted++;
          else if (result.error === 'no-key')
            report.notes.length < SHOWN * 2 && report.notes.push(`entry ${position}: no key ${result.keyId} given`);
          else if (header.index === position && ++undecryptable <= SHOWN)
            problem(
              `entry ${position} does not decrypt with key ${result.keyId}, which is the right key: its bytes were edited`,
            );
        }
      }
      const leaf = 'payload' in record ? record.leaf : leafHash(Buffer.alloc(0));
      hashes.push(leaf);
      range.append(leaf);
      leaves.size = range.size;
      if (wanted.has(range.size)) rootAt.set(range.size, range.root());
    }
  report.entries = range.size;
  if (undecryptable > SHOWN) problem(`… and ${undecryptable - SHOWN} more entries that do not decrypt`);
  sequenceProblems(indexes, problem);
  const root = range.root();
  report.root = root.toString('hex');

  if (own) {
    report.checkpoint = { size: own.size, time: own.time };
    const at = rootAt.get(own.size);
    if (range.size < own.size)
      problem(
        `the log has ${range.size} entries, its checkpoint ${own.size}: entries were deleted or the log truncated`,
      );
    else if (at && at.toString('hex') !== own.root)
      problem(
        `the first ${own.size} entries do not hash to the checkpoint's root: entries were edited, inserted or reordered`,
      );
    if (range.size > own.size)
      report.notes.push(`${range.size - own.size} entries after the last checkpoint (an append that did not finish)`);
  }
  if (external) {
    const proof = externalChecks(external, range.size, root, rootAt, leaves, problem, report.notes);
    if (proof)
      report.consistency = {
        fromSize: external.size,
        fromRoot: external.root,
        toSize: range.size,
        toRoot: report.root,
        proof: proof.map((h) => h.toString('hex')),
      };
  }
  // inclusion proofs of the first and last entries against the root: what a reader holding only a checkpoint checks
  for (const index of new Set([0, range.size - 1]))
    if (
      index >= 0 &&
      !verifyInclusion(index, range.size, leaves.at(index), inclusionProof(leaves, index, range.size), root)
    )
      problem(`the inclusion proof of entry ${index} does not verify`);
  return report;
}

function externalChecks(
  external: Checkpoint,
  size: number,
  root: Buffer,
  rootAt: ReadonlyMap<number, Buffer>,
  leaves: Leaves,
  problem: (text: string) => void,
  notes: string[],
): Buffer[] | undefined {
  if (size < external.size) {
    problem(
      `the log was rolled back: the external checkpoint of ${external.time} covers ${external.size} entries, the log has ${size}`,
    );
    return undefined;
  }
  const old = Buffer.from(external.root, 'hex');
  const proof = consistencyProof(leaves, external.size, size);
  if (!(rootAt.get(external.size)?.equals(old) ?? false) || !verifyConsistency(external.size, size, proof, old, root)) {
    problem(
      `the log's first ${external.size} entries differ from the external checkpoint of ${external.time}: its history was rewritten`,
    );
    return undefined;
  }
  notes.push(
    `consistent with the external checkpoint of ${external.time} (${external.size} entries; proof of ${proof.length} hashes)`,
  );
  return proof;
}

/**
 * What the written indexes say about the order, in O(n): an index written twice is an insertion
 * (or a replay), a missing one a deletion, every index once but out of place a reorder.
 */
function sequenceProblems(indexes: readonly number[], problem: (text: string) => void): void {
  const n = indexes.length;
  const bound = n + 1_000_000;
  const seen = new Uint8Array(bound);
  let maxIndex = -1;
  let firstOutOfPlace = -1;
  for (let position = 0; position < n; position++) {
    const index = indexes[position] as number;
    if (index < 0) continue;
    if (index >= bound) {
      problem(`entry ${position} claims index ${index}, beyond any this log can have: it was forged`);
      return;
    }
    if (index >= seen.length) continue;
    if (seen[index]) {
      problem(`entry ${position} repeats entry ${index} as written: an entry was inserted (or replayed)`);
      return;
    }
    seen[index] = 1;
    if (index > maxIndex) maxIndex = index;
    if (index !== position && firstOutOfPlace === -1) firstOutOfPlace = position;
  }
  if (firstOutOfPlace === -1) return;
  for (let index = 0; index <= maxIndex; index++) {
    if (!seen[index]) {
      problem(
        `entry ${index} as written is missing (position ${firstOutOfPlace} on holds later ones): entries were deleted`,
      );
      return;
    }
  }
  problem(`entry ${firstOutOfPlace} was written as entry ${indexes[firstOutOfPlace]}: entries were reordered`);
}

async function readCheckpoint(
  file: string,
  name: string,
  publicKey: KeyObject,
  keyId: string,
  problem: (text: string) => void,
): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    problem(`${name} is missing`);
    return undefined;
  }
  return checkpointOf(text, name, publicKey, keyId, problem);
}

function checkpointOf(
  text: string,
  name: string,
  publicKey: KeyObject,
  keyId: string,
  problem: (text: string) => void,
): Checkpoint | undefined {
  const parsed = parseCheckpoint(text);
  if (typeof parsed === 'string') {
    problem(`${name} is unreadable: ${parsed}`);
    return undefined;
  }
  if (parsed.keyId !== keyId || !checkSignature(parsed, publicKey)) {
    problem(`${name} is not signed by the ledger's signing key (a forged checkpoint, or a replaced key)`);
    return undefined;
  }
  return parsed;
}

/** Key ids given whose check value differs from the one the ledger recorded: wrong keys, said once each. */
async function wrongKeyIds(
  dir: string,
  keys: KeyRing | undefined,
  problem: (text: string) => void,
): Promise<Set<string>> {
  const wrong = new Set<string>();
  if (!keys) return wrong;
  let known: Record<string, unknown> = {};
  try {
    known = JSON.parse(await readFile(path.join(dir, FILES.keys), 'utf8'));
  } catch {
    return wrong;
  }
  for (const key of keys.byId.values()) {
    if (Object.hasOwn(known, key.id) && known[key.id] !== keyCheck(key)) {
      problem(`key ${key.id} is not the key the ledger was written with: its entries cannot be read with it`);
      wrong.add(key.id);
    }
  }
  return wrong;
}

/** Leaf hashes in 2 MiB blocks: 32 bytes per entry, not an object each. */
class LeafStore {
  private readonly blocks: Buffer[] = [];
  private count = 0;
  private static readonly PER_BLOCK = 65_536;

  push(hash: Buffer): void {
    const block = Math.floor(this.count / LeafStore.PER_BLOCK);
    if (block === this.blocks.length) this.blocks.push(Buffer.alloc(32 * LeafStore.PER_BLOCK));
    hash.copy(this.blocks[block] as Buffer, 32 * (this.count % LeafStore.PER_BLOCK));
    this.count++;
  }

  at(index: number): Buffer {
    const block = this.blocks[Math.floor(index / LeafStore.PER_BLOCK)] as Buffer;
    const start = 32 * (index % LeafStore.PER_BLOCK);
    return block.subarray(start, start + 32);
  }
}
