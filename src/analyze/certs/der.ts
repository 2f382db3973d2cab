import type { X509Certificate } from 'node:crypto';
import { own } from '../../core/lookup.js';

/**
 * Just enough DER to read a certificate's signature algorithm, which node's X509Certificate
 * does not expose on Node 20: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }.
 */

/** Signature algorithms no longer safe for certificates, by the DER bytes of their OID. */
const WEAK_SIGNATURES: Record<string, string> = {
  '2a864886f70d010102': 'MD2 with RSA',
  '2a864886f70d010104': 'MD5 with RSA',
  '2a864886f70d010105': 'SHA-1 with RSA',
  '2a8648ce3d0401': 'ECDSA with SHA-1',
  '2a8648ce380403': 'DSA with SHA-1',
};

interface Element {
  tag: number;
  /** Offset of the content. */
  start: number;
  /** Offset just past the content. */
  end: number;
}

function element(der: Uint8Array, offset: number): Element | undefined {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) return undefined;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) return undefined;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] ?? 0);
    start += bytes;
  }
  const end = start + length;
  return end <= der.length ? { tag, start, end } : undefined;
}

/** The name of a weak signature algorithm, or undefined when it is a sound one (or unreadable). */
export function weakSignature(der: Uint8Array): string | undefined {
  const certificate = element(der, 0);
  if (certificate?.tag !== 0x30) return undefined;
  const tbs = element(der, certificate.start);
  if (tbs?.tag !== 0x30) return undefined;
  const algorithm = element(der, tbs.end);
  if (algorithm?.tag !== 0x30) return undefined;
  const oid = element(der, algorithm.start);
  if (oid?.tag !== 0x06) return undefined;
  return own(WEAK_SIGNATURES, Buffer.from(der.subarray(oid.start, oid.end)).toString('hex'));
}

/** Curve sizes in bits; curves not listed are not judged. */
const CURVE_BITS: Record<string, number> = {
  prime192v1: 192,
  secp192k1: 192,
  secp224r1: 224,
  secp224k1: 224,
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
};

/** Why a certificate's key is too weak, or undefined when it is not. */
export function weakKey(certificate: X509Certificate): string | undefined {
  const { asymmetricKeyType: type, asymmetricKeyDetails: details } = certificate.publicKey;
  if (type === 'dsa') return 'DSA, which modern TLS no longer supports';
  if ((type === 'rsa' || type === 'rsa-pss') && details?.modulusLength !== undefined && details.modulusLength < 2048)
    return `RSA ${details.modulusLength} bits (use at least 2048)`;
  if (type === 'ec' && details?.namedCurve !== undefined) {
    const bits = own(CURVE_BITS, details.namedCurve ?? '');
    if (bits !== undefined && bits < 256)
      return `elliptic curve ${details.namedCurve} (${bits} bits; use at least 256)`;
  }
  return undefined;
}
