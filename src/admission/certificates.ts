import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { isIP } from 'node:net';

/*
 * Just enough X.509 to serve the webhook: a self-signed CA and a serving certificate it signs,
 * ECDSA P-256 with SHA-256, written as DER by hand because node:crypto parses certificates but
 * does not make them. The API server verifies the serving certificate against the caBundle of the
 * webhook configuration, by subjectAltName only (Go ignores the common name).
 */

export interface KeyPair {
  /** PEM certificate. */
  cert: string;
  /** PEM PKCS#8 private key. */
  key: string;
}

export interface IssueOptions {
  commonName: string;
  /** DNS names and IP addresses the certificate serves. */
  sans?: readonly string[];
  /** Validity in days from now (default 365). */
  days?: number;
  /** The signing CA; absent for a self-signed CA certificate. */
  issuer?: KeyPair;
}

/** A new CA, for `rampart webhook manifests` and for tests. */
export function createCertificateAuthority(commonName: string, days = 3650): KeyPair {
  return issue({ commonName, days }, true);
}

/** A serving certificate signed by `issuer`. */
export function issueServingCertificate(options: IssueOptions & { issuer: KeyPair }): KeyPair {
  return issue(options, false);
}

function issue(options: IssueOptions, isCa: boolean): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const signer = options.issuer ? createPrivateKey(options.issuer.key) : privateKey;
  const issuerName = options.issuer ? subjectOf(options.issuer.cert) : name(options.commonName);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const now = Date.now();
  const notBefore = new Date(now - 5 * 60_000);
  const notAfter = new Date(now + (options.days ?? 365) * 86_400_000);
  const extensions: Buffer[] = [
    extension(OID.subjectKeyIdentifier, false, octets(keyId(publicKey))),
    extension(OID.basicConstraints, true, seq(isCa ? [der(0x01, Buffer.from([0xff]))] : [])),
    // digitalSignature, and keyCertSign + cRLSign for a CA
    extension(OID.keyUsage, true, isCa ? bits(Buffer.from([0x86]), 1) : bits(Buffer.from([0x80]), 7)),
  ];
  if (options.issuer) {
    const issuerKey = createPublicKey(options.issuer.cert);
    extensions.push(extension(OID.authorityKeyIdentifier, false, seq([der(0x80, keyId(issuerKey))])));
  }
  if (!isCa) {
    extensions.push(extension(OID.extKeyUsage, false, seq([oid(OID.serverAuth)])));
    const names = (options.sans ?? []).map((san) =>
      isIP(san) ? der(0x87, ipBytes(san)) : der(0x82, Buffer.from(san, 'ascii')),
    );
    if (names.length) extensions.push(extension(OID.subjectAltName, false, seq(names)));
  }
  const algorithm = seq([oid(OID.ecdsaWithSha256)]);
  const tbs = seq([
    der(0xa0, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    algorithm,
    issuerName,
    seq([time(notBefore), time(notAfter)]),
    name(options.commonName),
    spki,
    der(0xa3, seq(extensions)),
  ]);
  const signature = sign('sha256', tbs, signer);
  const certificate = seq([tbs, algorithm, bits(signature, 0)]);
  return {
    cert: pem('CERTIFICATE', certificate),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const OID = {
  commonName: '2.5.4.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}

const seq = (items: readonly Buffer[]) => der(0x30, Buffer.concat(items));
const octets = (content: Buffer) => der(0x04, content);
const bits = (content: Buffer, unused: number) => der(0x03, Buffer.concat([Buffer.from([unused]), content]));

/** A positive INTEGER in DER's minimal form: leading zeros dropped, one added back when the high bit is set. */
function integer(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const bytes = value.subarray(start);
  return der(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(text: string): Buffer {
  const [first = 0, second = 0, ...rest] = text.split('.').map(Number);
  const out = [first * 40 + second];
  for (const arc of rest) {
    const groups: number[] = [];
    for (let value = arc; ; value = Math.floor(value / 128)) {
      groups.unshift(value % 128);
      if (value < 128) break;
    }
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return der(0x06, Buffer.from(out));
}

function name(commonName: string): Buffer {
  return seq([der(0x31, seq([oid(OID.commonName), der(0x0c, Buffer.from(commonName, 'utf8'))]))]);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq([oid(id), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), octets(value)]);
}

/** UTCTime through 2049, GeneralizedTime after, as RFC 5280 asks. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? der(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : der(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

function keyId(key: KeyObject): Buffer {
  return createHash('sha1')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest();
}

function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const part = (text: string) => (text ? text.split(':') : []);
  const left = part(head);
  const right = address.includes('::') ? part(tail) : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.from(groups.flatMap((g: string) => [Number.parseInt(g, 16) >> 8, Number.parseInt(g, 16) & 0xff]));
}

/** The subject Name of a PEM certificate, as DER, so a leaf's issuer equals its CA's subject byte for byte. */
function subjectOf(certPem: string): Buffer {
  const body = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const read = (offset: number) => {
    const length = body[offset + 1] ?? 0;
    if (!(length & 0x80)) return { start: offset + 2, end: offset + 2 + length };
    const count = length & 0x7f;
    let value = 0;
    for (let i = 0; i < count; i++) value = value * 256 + (body[offset + 2 + i] ?? 0);
    return { start: offset + 2 + count, end: offset + 2 + count + value };
  };
  const tbs = read(read(0).start);
  // tbsCertificate: [0] version, serial, signature algorithm, issuer, validity, subject
  let at = tbs.start;
  for (let field = 0; field < 5; field++) at = read(at).end;
  return body.subarray(at, read(at).end);
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
