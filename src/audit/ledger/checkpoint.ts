import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * A signed statement of the log's size and root hash: whoever keeps a copy can later prove that
 * the log still begins with what it held then (consistency), that it was not rolled back (size),
 * and that any entry is in it (inclusion). Only `size`, `root` and `time` are signed; `offset` and
 * `compact` let the writer resume without rereading the log, and are checked against the root.
 */
export interface Checkpoint {
  version: 1;
  size: number;
  /** Hex MTH of the first `size` entries. */
  root: string;
  time: string;
  /** Bytes of the entries file the `size` entries take. */
  offset: number;
  /** Hex roots of the perfect subtrees of the tree, largest first (CompactRange). */
  compact: string[];
  /** SHA-256 of the signing key's public key (SPKI DER), hex: which key to check it with. */
  keyId: string;
  /** Base64 Ed25519 signature of `signedText`. */
  signature: string;
}

export function signedText(size: number, root: string, time: string): Buffer {
  return Buffer.from(`rampart-ledger/v1\n${size}\n${root}\n${time}\n`, 'utf8');
}

export function signCheckpoint(
  fields: Omit<Checkpoint, 'signature' | 'keyId' | 'version'>,
  privateKey: KeyObject,
  keyId: string,
): Checkpoint {
  const signature = sign(null, signedText(fields.size, fields.root, fields.time), privateKey).toString('base64');
  return { version: 1, ...fields, keyId, signature };
}

export function checkSignature(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      signedText(checkpoint.size, checkpoint.root, checkpoint.time),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** A checkpoint read from text, or why it is not one (without quoting it). */
export function parseCheckpoint(text: string): Checkpoint | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!value || typeof value !== 'object') return 'not a checkpoint object';
  const c = value as Record<string, unknown>;
  const hex = (v: unknown, length: number) => typeof v === 'string' && v.length === length && /^[0-9a-f]+$/.test(v);
  if (c.version !== 1) return 'not a version 1 checkpoint';
  if (!Number.isSafeInteger(c.size) || (c.size as number) < 0) return 'its size is not a count';
  if (!Number.isSafeInteger(c.offset) || (c.offset as number) < 0) return 'its offset is not a byte count';
  if (!hex(c.root, 64)) return 'its root is not a SHA-256 hash';
  if (!hex(c.keyId, 64)) return 'its keyId is not a SHA-256 hash';
  if (typeof c.time !== 'string' || typeof c.signature !== 'string') return 'it lacks a time or a signature';
  if (!Array.isArray(c.compact) || !c.compact.every((h) => hex(h, 64)))
    return 'its compact range is not a list of hashes';
  return c as unknown as Checkpoint;
}

export function publicKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function readPrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the signing key is not an Ed25519 key');
  return key;
}

export function readPublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the public key is not an Ed25519 key');
  return key;
}
