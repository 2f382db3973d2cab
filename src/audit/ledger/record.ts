import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing, LedgerKey } from './keys.js';
import { leafHash } from './merkle.js';

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

/** The record of entry `index`, and its Merkle leaf hash. `ivs` holds the IV at `ivAt`, used once. */
export function encodeRecord(
  index: number,
  plaintext: Uint8Array,
  key: LedgerKey,
  ivs: Buffer = freshIvs(1),
  ivAt = 0,
): { record: Buffer; leaf: Buffer } {
  const id = Buffer.from(key.id, 'utf8');
  const headLength = 9 + id.length;
  const payloadLength = headLength + IV + plaintext.length + TAG;
  const record = Buffer.allocUnsafe(HEADER + payloadLength + CHECKSUM);
  record.writeUInt32BE(payloadLength, 0);
  const head = record.subarray(HEADER, HEADER + headLength);
  head.writeBigUInt64BE(BigInt(index), 0);
  head.writeUInt8(id.length, 8);
  id.copy(head, 9);
  const iv = ivs.subarray(IV * ivAt, IV * (ivAt + 1));
  iv.copy(record, HEADER + headLength);
  const cipher = createCipheriv('aes-256-gcm', key.secret, iv);
  cipher.setAAD(head);
  let at = HEADER + headLength + IV;
  at += cipher.update(plaintext).copy(record, at);
  at += cipher.final().copy(record, at);
  cipher.getAuthTag().copy(record, at);
  const payload = record.subarray(HEADER, HEADER + payloadLength);
  const leaf = leafHash(payload);
  leaf.copy(record, HEADER + payloadLength, 0, CHECKSUM);
  return { record, leaf };
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
