import { isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'expired' | 'expiring' | 'notYetValid' | 'outlivesIssuer';
const DAY = 86_400_000;

/** Expiry of the certificates `rampart certs` finds, judged at the scan's time. */
export const certificateExpiry = defineRule<MessageId, { warnDays: number }>({
  meta: {
    id: 'certificate-expiry',
    title: 'Cluster certificates are valid and not about to expire',
    description:
      'Reports certificates of PKI directories, kubeconfigs, TLS Secrets and caBundles that have expired, expire within `warnDays` (default 30), are not valid yet, or outlive the CA that signed them.',
    rationale:
      'An expired API server, etcd or kubelet certificate stops the control plane; an expired CA breaks every certificate it signed at once. Renewal needs lead time.',
    remediation:
      "Renew in the order of `rampart certs`' renewal plan: on kubeadm clusters `kubeadm certs renew all` then restart the static pods; a CA is renewed with every certificate it signed.",
    stage: 'runtime',
    severity: 'high',
    owner: 'platform',
    frameworks: {},
    kinds: ['Certificate'],
    messages: {
      expired: '{{where}} expired on {{date}}',
      expiring: '{{where}} expires on {{date}}, in {{days}} days',
      notYetValid: '{{where}} is not valid before {{date}}',
      outlivesIssuer: '{{where}} is valid until {{date}} but its CA {{issuer}} expires on {{issuerDate}}',
    },
    references: ['https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/'],
    options: {
      warnDays: {
        type: 'integer',
        minimum: 0,
        default: 30,
        description: 'Days before expiry a certificate is reported',
      },
    },
  },
  check({ object, now, options }) {
    const spec = isRecord(object.spec) ? object.spec : {};
    const where = String(spec.where ?? object.metadata?.name ?? '');
    const notAfter = Date.parse(String(spec.notAfter));
    const notBefore = Date.parse(String(spec.notBefore));
    if (Number.isNaN(notAfter)) return { skip: 'the certificate has no readable validity' };
    const reports: Report<MessageId>[] = [];
    const time = now.getTime();
    const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    if (notAfter <= time)
      reports.push({
        path: ['spec', 'notAfter'],
        messageId: 'expired',
        severity: 'critical',
        data: { where, date: date(notAfter) },
      });
    else if (notAfter - time <= (options.warnDays ?? 30) * DAY)
      reports.push({
        path: ['spec', 'notAfter'],
        messageId: 'expiring',
        data: { where, date: date(notAfter), days: Math.floor((notAfter - time) / DAY) },
      });
    if (notBefore > time)
      reports.push({
        path: ['spec', 'notBefore'],
        messageId: 'notYetValid',
        severity: 'medium',
        data: { where, date: date(notBefore) },
      });
    const issuerNotAfter = Date.parse(String(spec.issuerNotAfter));
    if (!Number.isNaN(issuerNotAfter) && issuerNotAfter < notAfter && issuerNotAfter > time)
      reports.push({
        path: ['spec', 'issuerNotAfter'],
        messageId: 'outlivesIssuer',
        severity: 'medium',
        data: { where, date: date(notAfter), issuer: String(spec.issuedBy), issuerDate: date(issuerNotAfter) },
      });
    return reports;
  },
});
