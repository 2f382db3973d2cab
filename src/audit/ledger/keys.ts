import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** An AES-256 key and the id entries name it by. */
export interface LedgerKey {
  id: string;
  /** The id as written in each entry (UTF-8). */
  idBytes: Buffer;
  key: Buffer;
  /** The key as a KeyObject: a cipher made from one costs under half of one made from bytes. */
  secret: KeyObject;
}

/** The keys a ledger is read with, by id; the last one given writes. */
export interface KeyRing {
  current: LedgerKey;
  byId: ReadonlyMap<string, LedgerKey>;
}

export class KeyError extends Error {}

const ID = /^[A-Za-z0-9._-]{1,64}$/;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/**
 * Keys as written in a key file or an environment variable: `<id> <64 hex digits>` per line (or
 * separated by `;`), `#` comments. Rotation is a new line at the end: new entries use it, old ones
 * are still read with theirs. Messages name lines, never key material.
 */
export function parseKeys(text: string, where: string): KeyRing {
  const byId = new Map<string, LedgerKey>();
  let current: LedgerKey | undefined;
  const lines = text.split(/[\n;]/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const [id, hex, ...rest] = line.split(/\s+/);
    if (!id || !ID.test(id) || !hex || !HEX_KEY.test(hex) || rest.length > 0)
      throw new KeyError(`${where}, entry ${i + 1}: write "<key-id> <64 hex digits>" (a 256-bit key)`);
    if (byId.has(id)) throw new KeyError(`${where}, entry ${i + 1}: key id ${id} is given twice`);
    const key = Buffer.from(hex, 'hex');
    current = { id, idBytes: Buffer.from(id, 'utf8'), key, secret: createSecretKey(key) };
    byId.set(id, current);
  }
  if (!current) throw new KeyError(`${where} holds no key`);
  return { current, byId };
}

/**
 * A value that tells whether a key is the one a ledger was written with, without revealing it:
 * so a wrong key is reported as one, not as every entry edited.
 */
export function keyCheck(key: LedgerKey): string {
  return createHmac('sha256', key.key).update('rampart-ledger key check v1').digest('hex').slice(0, 32);
}
