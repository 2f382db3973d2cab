import { createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import path from 'node:path';
import type { KubeObject, Resource } from '../../core/resource.js';
import { NODE_API_VERSION } from '../controlplane/components.js';
import { weakKey, weakSignature } from './der.js';
import type { Discovery, FoundCertificate } from './sources.js';

/** What `rampart certs` knows of one certificate, as the resource its rules judge. */
export interface CertificateFacts {
  where: string;
  file: string;
  source: FoundCertificate['source'];
  /** SHA-256 fingerprint: the same certificate found in several places (a CA in every kubeconfig) is one. */
  fingerprint: string;
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  pathLength?: number;
  key: string;
  weakKey?: string;
  weakSignature?: string;
  sans: string[];
  /** Where the certificate that signed it was found; `self-signed` for a root. */
  issuedBy?: string;
  issuerNotAfter?: string;
  chainProblem?: string;
  keyProblem?: string;
  missingNames?: string[];
}

/**
 * kubeadm's layout: which CA signs which certificate. A certificate signed by another CA of the
 * same PKI (an etcd client certificate signed by the cluster CA) is the wrong CA even though the
 * chain verifies.
 */
const KUBEADM_ISSUERS: Record<string, string> = {
  'apiserver.crt': 'ca.crt',
  'apiserver-kubelet-client.crt': 'ca.crt',
  'apiserver-etcd-client.crt': 'etcd/ca.crt',
  'front-proxy-client.crt': 'front-proxy-ca.crt',
  'etcd/server.crt': 'etcd/ca.crt',
  'etcd/peer.crt': 'etcd/ca.crt',
  'etcd/healthcheck-client.crt': 'etcd/ca.crt',
};

/** Names every API server certificate serves, besides the hosts kubeconfigs dial. */
const API_SERVER_NAMES = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc'];

export function analyzeCertificates(
  found: Discovery,
  extraNames: readonly string[] = [],
): { facts: CertificateFacts[]; resources: Resource[] } {
  const cas = found.certificates.filter((c) => c.certificate.ca);
  const facts = found.certificates.map((c) => factsOf(c, cas, found, extraNames));
  // One resource per certificate: a CA copied into every kubeconfig is judged once, where the PKI keeps it.
  const byPrint = new Map<string, CertificateFacts>();
  for (const f of facts) {
    const seen = byPrint.get(f.fingerprint);
    if (!seen || (f.source === 'pki' && seen.source !== 'pki'))
      byPrint.set(f.fingerprint, { ...f, keyProblem: f.keyProblem ?? seen?.keyProblem });
    else if (f.keyProblem && !seen.keyProblem) seen.keyProblem = f.keyProblem;
  }
  const resources = [...byPrint.values()].map((f, i) => toResource(f, i, found.context));
  for (const key of found.signingKeys) resources.push(signingKeyResource(key.where, key.key));
  return { facts, resources };
}

function factsOf(
  found: FoundCertificate,
  cas: readonly FoundCertificate[],
  discovery: Discovery,
  extraNames: readonly string[],
): CertificateFacts {
  const c = found.certificate;
  const details = c.publicKey.asymmetricKeyDetails;
  const type = c.publicKey.asymmetricKeyType ?? 'unknown';
  const key =
    type === 'rsa' || type === 'rsa-pss'
      ? `RSA ${details?.modulusLength ?? '?'}`
      : type === 'ec'
        ? `EC ${details?.namedCurve ?? '?'}`
        : type.toUpperCase();
  const selfSigned = c.subject === c.issuer && c.checkIssued(c) && c.verify(c.publicKey);
  const facts: CertificateFacts = {
    where: found.where,
    file: found.file,
    source: found.source,
    fingerprint: c.fingerprint256,
    subject: c.subject.replaceAll('\n', ', '),
    issuer: c.issuer.replaceAll('\n', ', '),
    serial: c.serialNumber,
    notBefore: new Date(c.validFrom).toISOString(),
    notAfter: new Date(c.validTo).toISOString(),
    isCA: c.ca,
    key,
    sans: sansOf(c),
  };
  const pathLength = pathLengthOf(c);
  if (pathLength !== undefined) facts.pathLength = pathLength;
  const wk = weakKey(c);
  if (wk) facts.weakKey = wk;
  const ws = selfSigned ? undefined : weakSignature(c.raw);
  if (ws) facts.weakSignature = ws;
  if (selfSigned) facts.issuedBy = 'self-signed';
  else {
    // A CA file of the PKI names the issuer better than a copy embedded in a kubeconfig.
    const candidates = cas.filter(
      (ca) => ca !== found && c.checkIssued(ca.certificate) && c.verify(ca.certificate.publicKey),
    );
    const issuer = candidates.find((ca) => ca.source === 'pki') ?? candidates[0];
    if (issuer) {
      facts.issuedBy = issuer.where;
      facts.issuerNotAfter = new Date(issuer.certificate.validTo).toISOString();
      const expected = expectedIssuer(found.file);
      const expectedCa = expected
        ? cas.find((ca) => ca.source === 'pki' && path.resolve(ca.file) === expected)
        : undefined;
      if (expected && found.source === 'pki' && !(expectedCa && candidates.includes(expectedCa)))
        facts.chainProblem = `is signed by ${issuer.where}, but kubeadm's layout has ${path.basename(path.dirname(expected)) === 'etcd' ? 'etcd/' : ''}${path.basename(expected)} sign it`;
      else if (issuer.certificate.ca && pathLengthOf(issuer.certificate) === 0 && c.ca)
        facts.chainProblem = `is a CA signed by ${issuer.where}, whose path length 0 allows no CA below it`;
    } else if (cas.length > 0 || !c.ca) {
      facts.chainProblem = `was not issued by any CA found (issuer ${facts.issuer})`;
    }
  }
  if (found.key) {
    if (found.key.problem) facts.keyProblem = `${found.key.where} ${found.key.problem}`;
    else if (found.key.key && !samePublicKey(found.key.key, c.publicKey))
      facts.keyProblem = `${found.key.where} is not the private key of this certificate`;
  }
  const etcdServer = path.basename(found.file) === 'server.crt' && path.basename(path.dirname(found.file)) === 'etcd';
  if (etcdServer && found.source === 'pki' && discovery.etcdNames.size > 0) {
    const missing = [...discovery.etcdNames].filter((name) => !facts.sans.includes(name));
    if (missing.length) facts.missingNames = missing.sort();
  }
  if (path.basename(found.file) === 'apiserver.crt' && found.source === 'pki') {
    const needed = [...API_SERVER_NAMES, ...discovery.servedNames, ...extraNames];
    const missing = [...new Set(needed)].filter((name) => !facts.sans.includes(name));
    if (missing.length) facts.missingNames = missing.sort();
  }
  return facts;
}

function expectedIssuer(file: string): string | undefined {
  const base = path.basename(file);
  const parent = path.basename(path.dirname(file));
  const key = parent === 'etcd' ? `etcd/${base}` : base;
  const issuer = KUBEADM_ISSUERS[key];
  if (!issuer) return undefined;
  const pkiDir = parent === 'etcd' ? path.dirname(path.dirname(file)) : path.dirname(file);
  return path.resolve(pkiDir, issuer);
}

function sansOf(c: X509Certificate): string[] {
  return (c.subjectAltName ?? '')
    .split(', ')
    .flatMap((e) => (e.startsWith('DNS:') ? [e.slice(4)] : e.startsWith('IP Address:') ? [e.slice(11)] : []));
}

/** basicConstraints' pathLenConstraint, which X509Certificate does not expose: read from the extension's DER. */
function pathLengthOf(c: X509Certificate): number | undefined {
  if (!c.ca) return undefined;
  const der = c.raw;
  // 2.5.29.19 then (critical) then OCTET STRING { SEQUENCE { BOOLEAN TRUE, INTEGER n } }
  const marker = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x13]);
  const at = der.indexOf(marker);
  if (at < 0) return undefined;
  const window = der.subarray(at + marker.length, at + marker.length + 16);
  const seq = window.indexOf(Buffer.from([0x01, 0x01, 0xff]), window[0] === 0x01 ? 3 : 0);
  if (seq < 0) return undefined;
  const after = window.subarray(seq + 3);
  return after[0] === 0x02 && after[1] === 0x01 ? (after[2] ?? undefined) : undefined;
}

function samePublicKey(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const a = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const b = publicKey.export({ type: 'spki', format: 'der' });
  return Buffer.compare(a, b) === 0;
}

function toResource(facts: CertificateFacts, index: number, context: string | undefined): Resource {
  const object: KubeObject = {
    apiVersion: NODE_API_VERSION,
    kind: 'Certificate',
    metadata: { name: facts.where.length <= 200 ? facts.where : `certificate-${index}` },
    spec: { ...facts },
  };
  if (context !== undefined) return { object, origin: { kind: 'cluster', context } };
  return { object, origin: { kind: 'file', file: facts.file, document: 0, locate: () => ({ line: 1, column: 1 }) } };
}

function signingKeyResource(where: string, key: KeyObject): Resource {
  const details = key.asymmetricKeyDetails;
  const type = key.asymmetricKeyType ?? 'unknown';
  const bits = details?.modulusLength;
  const object: KubeObject = {
    apiVersion: NODE_API_VERSION,
    kind: 'SigningKey',
    metadata: { name: where },
    spec: {
      file: where,
      key:
        type === 'rsa' ? `RSA ${bits ?? '?'}` : type === 'ec' ? `EC ${details?.namedCurve ?? '?'}` : type.toUpperCase(),
      ...(type === 'rsa' && bits !== undefined && bits < 2048
        ? { weakKey: `RSA ${bits} bits (use at least 2048)` }
        : {}),
    },
  };
  return { object, origin: { kind: 'file', file: where, document: 0, locate: () => ({ line: 1, column: 1 }) } };
}
