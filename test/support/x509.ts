/**
 * Test certificates built with node:crypto alone (it signs but cannot issue certificates): a
 * minimal DER encoder for X.509 v3 with the fields `rampart certs` judges — validity, key, signature
 * hash, basic constraints with path length, SANs. Lets tests make weak, expired and expiring
 * certificates, and whole PKIs, without openssl or Go.
 */

import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS#8 PEM. */
  keyPem: string;
}

export function rsaKey(bits = 2048): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { privateKey, publicKey, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export function ecKey(curve: 'P-256' | 'P-384' = 'P-256'): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  return { privateKey, publicKey, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export interface CertOptions {
  cn: string;
  key: TestKey;
  /** The issuer's name and key; self-signed when absent. */
  issuer?: { cn: string; key: TestKey };
  notBefore?: Date;
  notAfter: Date;
  ca?: boolean;
  pathLen?: number;
  sans?: readonly string[];
  /** Digest of the signature (default sha256); sha1 makes a weak one. */
  hash?: 'sha1' | 'sha256' | 'sha384';
}

/** A certificate as PEM. */
export function issue(options: CertOptions): string {
  const signer = options.issuer ?? { cn: options.cn, key: options.key };
  const hash = options.hash ?? 'sha256';
  const rsa = signer.key.privateKey.asymmetricKeyType === 'rsa';
  const algorithm = rsa ? RSA_OIDS[hash] : EC_OIDS[hash];
  const sigAlg = seq(oid(algorithm), ...(rsa ? [NULL] : []));
  const extensions: Buffer[] = [];
  if (options.ca !== undefined) {
    const fields = options.ca
      ? [BOOL_TRUE, ...(options.pathLen !== undefined ? [integer(Buffer.from([options.pathLen]))] : [])]
      : [];
    extensions.push(seq(oid('2.5.29.19'), BOOL_TRUE, octets(seq(...fields))));
  }
  if (options.sans?.length) {
    const names = options.sans.map((name) =>
      isIP(name) ? tlv(0x87, Buffer.from(name.split('.').map(Number))) : tlv(0x82, Buffer.from(name, 'ascii')),
    );
    extensions.push(seq(oid('2.5.29.17'), octets(seq(...names))));
  }
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    sigAlg,
    name(signer.cn),
    seq(time(options.notBefore ?? new Date(Date.now() - 3600_000)), time(options.notAfter)),
    name(options.cn),
    options.key.publicKey.export({ type: 'spki', format: 'der' }),
    ...(extensions.length ? [tlv(0xa3, seq(...extensions))] : []),
  );
  const signature = sign(hash, tbs, signer.key.privateKey);
  const der = seq(tbs, sigAlg, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return pem('CERTIFICATE', der);
}

/** An encrypted PKCS#8 key, for the "encrypted private key" bad input. */
export function encryptedKeyPem(key: TestKey): string {
  return createPrivateKey(key.keyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'test' })
    .toString();
}

const RSA_OIDS = { sha1: '1.2.840.113549.1.1.5', sha256: '1.2.840.113549.1.1.11', sha384: '1.2.840.113549.1.1.12' };
const EC_OIDS = { sha1: '1.2.840.10045.4.1', sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3' };
const NULL = Buffer.from([0x05, 0x00]);
const BOOL_TRUE = Buffer.from([0x01, 0x01, 0xff]);

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  const header =
    length < 0x80
      ? Buffer.from([tag, length])
      : length < 0x100
        ? Buffer.from([tag, 0x81, length])
        : Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  return Buffer.concat([header, content]);
}
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const octets = (content: Buffer) => tlv(0x04, content);
function integer(bytes: Buffer): Buffer {
  return tlv(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}
function oid(text: string): Buffer {
  const parts = text.split('.').map(Number);
  const bytes = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const part of parts.slice(2)) {
    const chunk = [part & 0x7f];
    for (let v = part >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
function name(cn: string): Buffer {
  return seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
}
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}
function pem(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}${body.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

/** A CA key written as PKCS#8 PEM (as the control plane's pki tool writes ca.key), as a signer for issue(). */
export function signerFromFile(file: string): TestKey {
  const keyPem = readFileSync(file, 'utf8');
  const privateKey = createPrivateKey(keyPem);
  return { privateKey, publicKey: createPublicKey(privateKey), keyPem };
}
