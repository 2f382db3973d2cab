import { X509Certificate } from 'node:crypto';
import { weakKey, weakSignature } from '../../analyze/certs/der.js';
import type { Path } from '../../core/path.js';
import { isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'expired' | 'expiring' | 'notYetValid' | 'weakKey' | 'weakSignature' | 'malformed';

const DAY = 86_400_000;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * Reads `tls.crt` of TLS Secrets with node's X509Certificate. The certificate is public; the
 * private key (`tls.key`) is never read. "Now" is the option `now` when given, else the scan's time.
 */
export const tlsSecretCertificate = defineRule<MessageId>({
  meta: {
    id: 'tls-secret-certificate',
    title: 'TLS Secrets hold valid, strong certificates',
    description:
      'Parses every certificate in `tls.crt` of `kubernetes.io/tls` Secrets (`data` or `stringData`) and reports expired certificates, certificates expiring within `warnDays` (option, default 30), certificates not valid yet, weak keys (RSA under 2048 bits, elliptic curves under 256 bits, DSA), weak signatures (MD2, MD5, SHA-1; not judged on self-signed CA roots, whose signature nobody checks), and content that is not a certificate. Option `now` (an ISO date) judges validity as of that date instead of the clock, for reproducible reports and tests.',
    rationale:
      'An expired certificate takes the service down the moment clients check it, and teams that hit that tend to turn verification off. Short RSA keys and MD5 or SHA-1 signatures can be broken or forged by a capable attacker, who can then impersonate the service and read its traffic.',
    remediation:
      'Issue a new certificate with an RSA key of at least 2048 bits (or ECDSA P-256) and a SHA-256 signature, and let a controller renew it before it expires, for example cert-manager:\n\n```yaml\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  secretName: web-tls\n  dnsNames: [web.example.com]\n  privateKey: {algorithm: ECDSA, size: 256}\n  renewBefore: 720h\n  issuerRef: {name: letsencrypt, kind: ClusterIssuer}\n```',
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening: encryption'] },
    kinds: ['Secret'],
    messages: {
      expired: '{{which}} expired on {{date}}',
      expiring: '{{which}} expires on {{date}}, in {{days}} days',
      notYetValid: '{{which}} is not valid before {{date}}',
      weakKey: '{{which}} has a weak key: {{key}}',
      weakSignature: '{{which}} is signed with {{algorithm}}, which can be forged',
      malformed: '{{field}} is not a PEM certificate Rampart can read: {{problem}}',
    },
    options: {
      warnDays: {
        type: 'integer',
        minimum: 0,
        default: 30,
        description: 'report certificates expiring within this many days',
      },
      now: {
        type: 'string',
        description: 'an ISO date to judge validity at instead of the scan time, for reproducible reports',
      },
    },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets',
      'https://kubernetes.io/docs/tasks/tls/managing-tls-in-a-cluster/',
      'https://cert-manager.io/docs/usage/certificate/',
    ],
  },
  check({ object, options, now: scanTime }) {
    if (object.apiVersion !== 'v1' || object.type !== 'kubernetes.io/tls') return [];
    const source = certificateText(object);
    if (!source) return { skip: 'the TLS Secret has no tls.crt yet (filled in by a controller or at deploy time)' };
    const { text, path, field } = source;
    const blocks = [...text.matchAll(PEM_BLOCK)];
    if (blocks.length === 0) return [malformed(path, field, 'no "BEGIN CERTIFICATE" block')];
    const now = nowFrom(options.now, scanTime);
    const warnDays = typeof options.warnDays === 'number' && options.warnDays >= 0 ? options.warnDays : 30;
    const reports: Report<MessageId>[] = [];
    for (const [index, block] of blocks.entries()) {
      let certificate: X509Certificate;
      try {
        certificate = new X509Certificate(Buffer.from(block[1] as string, 'base64'));
      } catch {
        reports.push(malformed(path, field, `certificate ${index + 1} does not parse as X.509`));
        continue;
      }
      const subject = certificate.subject.split('\n').join(', ');
      const which =
        blocks.length === 1
          ? `the certificate (${subject})`
          : `certificate ${index + 1} of ${blocks.length} (${subject})`;
      reports.push(...judge(certificate, { which, path, now, warnDays }));
    }
    return reports;
  },
});

interface Context {
  which: string;
  path: Path;
  now: number;
  warnDays: number;
}

function judge(certificate: X509Certificate, { which, path, now, warnDays }: Context): Report<MessageId>[] {
  const reports: Report<MessageId>[] = [];
  const notAfter = Date.parse(certificate.validTo);
  const notBefore = Date.parse(certificate.validFrom);
  if (notAfter <= now) {
    reports.push({ path, messageId: 'expired', data: { which, date: day(notAfter) }, severity: 'high' });
  } else if (notAfter - now <= warnDays * DAY) {
    const days = Math.floor((notAfter - now) / DAY);
    reports.push({ path, messageId: 'expiring', data: { which, date: day(notAfter), days }, severity: 'medium' });
  }
  if (notBefore > now) {
    reports.push({ path, messageId: 'notYetValid', data: { which, date: day(notBefore) }, severity: 'medium' });
  }
  const key = weakKey(certificate);
  if (key) reports.push({ path, messageId: 'weakKey', data: { which, key }, severity: 'medium' });
  const selfSignedRoot = certificate.ca && certificate.subject === certificate.issuer;
  const algorithm = selfSignedRoot ? undefined : weakSignature(certificate.raw);
  if (algorithm) reports.push({ path, messageId: 'weakSignature', data: { which, algorithm }, severity: 'medium' });
  return reports;
}

function certificateText(object: Record<string, unknown>): { text: string; path: Path; field: string } | undefined {
  const stringData = isRecord(object.stringData) ? object.stringData['tls.crt'] : undefined;
  if (typeof stringData === 'string' && stringData.trim() !== '')
    return { text: stringData, path: ['stringData', 'tls.crt'], field: 'stringData["tls.crt"]' };
  const data = isRecord(object.data) ? object.data['tls.crt'] : undefined;
  if (typeof data === 'string' && data.trim() !== '')
    return {
      text: Buffer.from(data, 'base64').toString('latin1'),
      path: ['data', 'tls.crt'],
      field: 'data["tls.crt"]',
    };
  return undefined;
}

function malformed(path: Path, field: string, problem: string): Report<MessageId> {
  return { path, messageId: 'malformed', data: { field, problem }, severity: 'medium' };
}

function nowFrom(option: unknown, scanTime: Date): number {
  if (typeof option === 'string') {
    const parsed = Date.parse(option);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return scanTime.getTime();
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
