import { isRecord } from '../../core/pod-spec.js';
import { defineRule } from '../../core/rule.js';

/**
 * CVE-2020-8554: kube-proxy routes traffic for a Service's externalIPs to its pods from every
 * node, whoever owns those addresses, so a Service can intercept traffic meant for anyone else.
 */
export const serviceExternalIps = defineRule({
  meta: {
    id: 'service-external-ips',
    title: 'Services do not set externalIPs',
    description:
      'Reports Services with `spec.externalIPs`. Kubernetes does not check who owns those addresses: every node sends traffic for them to the Service (CVE-2020-8554).',
    rationale:
      'Anyone who may create or update a Service can list an address they do not own, such as a database, a DNS resolver or a cloud metadata endpoint, in externalIPs, and kube-proxy on every node will send in-cluster traffic for that address to their pods: a man-in-the-middle on any destination. Kubernetes never fixed this in code; clusters must forbid the field by admission (the DenyServiceExternalIPs admission plugin or a policy).',
    remediation:
      'Remove `spec.externalIPs` and expose the Service through a LoadBalancer, an Ingress or a Gateway. Platform teams should enable the `DenyServiceExternalIPs` admission plugin, or allow only vetted addresses with a ValidatingAdmissionPolicy:\n\n```yaml\nvalidations:\n- expression: "!has(object.spec.externalIPs) || object.spec.externalIPs.all(ip, ip in [\'203.0.113.10\'])"\n```',
    stage: 'deploy',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: ['Network separation and hardening'] },
    kinds: ['Service'],
    messages: {
      externalIps:
        'Service sets externalIPs {{addresses}}: every node routes traffic for them to this Service, whoever owns them (CVE-2020-8554)',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips',
      'https://github.com/kubernetes/kubernetes/issues/97076',
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips',
    ],
  },
  check({ object }) {
    if (object.apiVersion !== 'v1' || !isRecord(object.spec)) return [];
    const ips = object.spec.externalIPs;
    if (!Array.isArray(ips) || ips.length === 0) return [];
    return [
      { path: ['spec', 'externalIPs'], messageId: 'externalIps', data: { addresses: ips.map(String).join(', ') } },
    ];
  },
});
