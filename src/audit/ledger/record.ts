import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing, LedgerKey } from './keys.js';
import { hashWithPrefix, leafHash } from './merkle.js';

/**
 * One entry on disk: `u32 length | payload | 8-byte checksum`, where the payload is
 * `u64 index | u8 key-id length | key id | 12-byte IV | AES-256-GCM ciphertext | 16-byte tag`.
 * The payload is the Merkle leaf; the index and key id are authenticated with the entry (GCM's
 * additional data), so an entry moved to another position no longer decrypts there. The checksum,
 * the first 8 bytes of the entry's Merkle leaf hash (one hash serves both), finds a torn or damaged
 * record without the key.
 */
export const HEADER = 4;
export const CHECKSUM = 8;
const IV = 12;
const TAG = 16;
/** No entry is larger: a length field beyond it is damage, not an entry to allocate for. */
export const MAX_PAYLOAD = 64 * 1024 * 1024;

/** IVs for `count` entries in one call: a system call per entry was a quarter of an append. */
export function freshIvs(count: number): Buffer {
  return randomBytes(IV * count);
}

/** The bytes a record of `plaintext` under key id `id` (its UTF-8 length) takes on disk. */
function recordLength(idLength: number, plaintext: number): number {
  return HEADER + 9 + idLength + IV + plaintext + TAG + CHECKSUM;
}

/**
 * The records of entries `first`, `first + 1`, … in one buffer (one write), and their Merkle leaf
 * hashes. Each entry is its own AES-256-GCM message with its own IV; the leaf is hashed where the
 * payload lies: the byte before it (the length field's last) is 0x00 while it is hashed, so
 * `0x00 || payload` needs no copy.
 */
export function encodeRecords(
  first: number,
  plaintexts: readonly (Uint8Array | string)[],
  key: LedgerKey,
): { data: Buffer; leaves: Buffer[] } {
  const id = key.idBytes;
  const lengths: number[] = new Array(plaintexts.length);
  let total = 0;
  for (let i = 0; i < plaintexts.length; i++) {
    const plaintext = plaintexts[i] as Uint8Array | string;
    const length = typeof plaintext === 'string' ? Buffer.byteLength(plaintext, 'utf8') : plaintext.length;
    lengths[i] = length;
    total += recordLength(id.length, length);
  }
  const data = Buffer.allocUnsafe(total);
  const ivs = freshIvs(plaintexts.length);
  const leaves: Buffer[] = new Array(plaintexts.length);
  let at = 0;
  for (let i = 0; i < plaintexts.length; i++) {
    const plaintext = plaintexts[i] as Uint8Array | string;
    const payloadStart = at + HEADER;
    const headEnd = payloadStart + 9 + id.length;
    const index = first + i;
    // u64 big-endian from a safe integer, without a BigInt per entry
    data.writeUInt32BE(Math.floor(index / 2 ** 32), payloadStart);
    data.writeUInt32BE(index >>> 0, payloadStart + 4);
    data[payloadStart + 8] = id.length;
    id.copy(data, payloadStart + 9);
    ivs.copy(data, headEnd, IV * i, IV * (i + 1));
    const cipher = createCipheriv('aes-256-gcm', key.secret, data.subarray(headEnd, headEnd + IV));
    cipher.setAAD(data.subarray(payloadStart, headEnd));
    let end = headEnd + IV;
    // the plaintext is laid where its ciphertext goes, then encrypted from there: a string (a line
    // as read) is encoded once, into the batch, with no Buffer of its own
    const length = lengths[i] as number;
    if (typeof plaintext === 'string') data.write(plaintext, end, length, 'utf8');
    else data.set(plaintext, end);
    end += cipher.update(data.subarray(end, end + length)).copy(data, end);
    end += cipher.final().copy(data, end);
    end += cipher.getAuthTag().copy(data, end);
    data[payloadStart - 1] = 0;
    const leaf = hashWithPrefix(data, payloadStart - 1, end);
    leaves[i] = leaf;
    data.writeUInt32BE(end - payloadStart, at);
    leaf.copy(data, end, 0, CHECKSUM);
    at = end + CHECKSUM;
  }
  return { data, leaves };
}

export function checksum(payload: Uint8Array): Buffer {
  return leafHash(payload).subarray(0, CHECKSUM);
}

/** The clear parts of a payload, or a reason it cannot be one. */
export function payloadHeader(payload: Buffer): { index: number; keyId: string } | string {
  if (payload.length < 9) return 'shorter than an entry header';
  const idLength = payload.readUInt8(8);
  if (payload.length < 9 + idLength + IV + TAG) return 'shorter than its header says';
  const index = payload.readBigUInt64BE(0);
  if (index > BigInt(Number.MAX_SAFE_INTEGER)) return 'its index is out of range';
  return { index: Number(index), keyId: payload.subarray(9, 9 + idLength).toString('utf8') };
}

export type Decrypted = { plaintext: Buffer } | { error: 'no-key' | 'failed'; keyId: string };

export function decryptPayload(payload: Buffer, keys: KeyRing): Decrypted {
  const header = payloadHeader(payload);
  if (typeof header === 'string') return { error: 'failed', keyId: '' };
  const key = keys.byId.get(header.keyId);
  if (!key) return { error: 'no-key', keyId: header.keyId };
  const start = 9 + Buffer.byteLength(header.keyId, 'utf8');
  const iv = payload.subarray(start, start + IV);
  const tag = payload.subarray(payload.length - TAG);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.secret, iv);
    decipher.setAAD(payload.subarray(0, start));
    decipher.setAuthTag(tag);
    const plaintext = Buffer.concat([
      decipher.update(payload.subarray(start + IV, payload.length - TAG)),
      decipher.final(),
    ]);
    return { plaintext };
  } catch {
    return { error: 'failed', keyId: header.keyId };
  }
}

/** One framed record read from a buffer at `offset`, or why there is none. */
export type Framed =
  | { payload: Buffer; leaf: Buffer; next: number }
  | { more: true }
  | { torn: true; reason: string }
  | { damaged: true; next: number; reason: string };

/**
 * Reads the record at `offset` of `data`. When `data` ends where the file ends (`eof`), a record
 * cut short is torn (an interrupted append); otherwise more bytes are needed. A record whose
 * checksum fails is damaged.
 */
export function readRecord(data: Buffer, offset: number, eof: boolean): Framed {
  if (data.length - offset < HEADER)
    return eof ? { torn: true, reason: 'the file ends inside a record length' } : { more: true };
  const length = data.readUInt32BE(offset);
  if (length > MAX_PAYLOAD) return { torn: true, reason: 'a record length beyond any entry (garbage at the end?)' };
  const end = offset + HEADER + length + CHECKSUM;
  if (end > data.length) return eof ? { torn: true, reason: 'the file ends inside a record' } : { more: true };
  const payload = data.subarray(offset + HEADER, offset + HEADER + length);
  const sum = data.subarray(offset + HEADER + length, end);
  const leaf = leafHash(payload);
  if (!leaf.subarray(0, CHECKSUM).equals(sum))
    return { damaged: true, next: end, reason: 'its checksum does not match its bytes' };
  return { payload, leaf, next: end };
}
