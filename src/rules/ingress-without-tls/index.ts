import { isRecord } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';

type MessageId = 'noTls' | 'hostNotCovered';

const API_VERSIONS = new Set(['networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'extensions/v1beta1']);

/** Annotations with which cloud ingress controllers terminate TLS with a certificate kept outside the cluster. */
const MANAGED_CERTIFICATES = [
  'alb.ingress.kubernetes.io/certificate-arn',
  'networking.gke.io/managed-certificates',
  'networking.gke.io/pre-shared-cert',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  'appgw.ingress.kubernetes.io/appgw-ssl-certificate',
];

/**
 * Every host an Ingress routes must be named by a TLS entry (exactly, or by a one-label wildcard);
 * a TLS entry without hosts covers every host with the controller's certificate.
 */
export const ingressWithoutTls = defineRule<MessageId>({
  meta: {
    id: 'ingress-without-tls',
    title: 'Ingresses serve their hosts over TLS',
    description:
      'Reports Ingresses (networking.k8s.io/v1 and the older v1beta1 and extensions/v1beta1 forms) without `spec.tls`, and rule hosts no TLS entry covers: a TLS host covers the same name, and `*.example.com` covers exactly one more label (`a.example.com`, not `example.com` or `a.b.example.com`). A TLS entry without `hosts` covers every host. Ingresses whose certificate is managed by the cloud controller (AWS ALB `certificate-arn`, GKE managed or pre-shared certificates, Azure Application Gateway certificates) pass. Wildcard rule hosts are not reported in themselves: they are how shared platforms route tenants.',
    rationale:
      'Without TLS, credentials, session cookies and data cross the network in clear text, and anyone on the path (a compromised pod with host networking, a shared network, a hostile Wi-Fi) can read or alter them. Browsers also mark such sites insecure and block features on them.',
    remediation:
      'Add a TLS entry for every host, with a certificate Secret (cert-manager can issue and renew it):\n\n```yaml\nmetadata:\n  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\nspec:\n  tls:\n  - hosts: [shop.example.com]\n    secretName: shop-tls\n  rules:\n  - host: shop.example.com\n    http: ...\n```',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Network separation and hardening: encryption'] },
    kinds: ['Ingress'],
    messages: {
      noTls: 'Ingress serves {{hosts}} over plain HTTP: it has no spec.tls',
      hostNotCovered: 'host {{host}} is not covered by any TLS entry, so it is served over plain HTTP',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
      'https://cert-manager.io/docs/usage/ingress/',
    ],
  },
  check({ object }) {
    if (!API_VERSIONS.has(object.apiVersion))
      return { skip: `${object.apiVersion} Ingress is not a Kubernetes Ingress` };
    const annotations = object.metadata?.annotations ?? {};
    if (MANAGED_CERTIFICATES.some((key) => typeof annotations[key] === 'string' && annotations[key] !== '')) return [];
    const spec = isRecord(object.spec) ? object.spec : {};
    const rules = Array.isArray(spec.rules) ? spec.rules : [];
    const tls = (Array.isArray(spec.tls) ? spec.tls : []).filter(isRecord);
    if (tls.length === 0) {
      const hosts = rules.map((rule) => (isRecord(rule) && typeof rule.host === 'string' ? rule.host : '*'));
      return [
        {
          path: ['spec', 'tls'],
          messageId: 'noTls',
          data: { hosts: hosts.length ? [...new Set(hosts)].join(', ') : 'its default backend' },
        },
      ];
    }
    if (tls.some((entry) => !Array.isArray(entry.hosts) || entry.hosts.length === 0)) return [];
    const covered = tls.flatMap((entry) =>
      (entry.hosts as unknown[]).filter((h): h is string => typeof h === 'string'),
    );
    const reports: Report<MessageId>[] = [];
    rules.forEach((rule, index) => {
      if (!isRecord(rule)) return;
      const host = typeof rule.host === 'string' ? rule.host : undefined;
      if (host === undefined) {
        reports.push({ path: ['spec', 'rules', index], messageId: 'hostNotCovered', data: { host: '(any host)' } });
      } else if (!covered.some((name) => covers(name, host))) {
        reports.push({ path: ['spec', 'rules', index, 'host'], messageId: 'hostNotCovered', data: { host } });
      }
    });
    return reports;
  },
});

function covers(tlsHost: string, host: string): boolean {
  const a = tlsHost.toLowerCase();
  const b = host.toLowerCase();
  if (a === b) return true;
  if (!a.startsWith('*.') || b.startsWith('*.')) return false;
  const dot = b.indexOf('.');
  return dot > 0 && b.slice(dot) === a.slice(1);
}
