import { isRecord } from '../../core/pod-spec.js';
import { actor, at, defineAuditRule, isFinal, succeeded, target } from '../audit-support.js';

/** The manifest rule ingress-without-tls, seen as the Ingress is created. */
export const auditIngressWithoutTls = defineAuditRule<'plain'>({
  meta: {
    id: 'audit-ingress-without-tls',
    title: 'No Ingresses created without TLS',
    description:
      'Reports Ingresses successfully created whose request object has no `spec.tls`. The manifest rule ingress-without-tls judges the same in files.',
    rationale:
      'Traffic to an Ingress without TLS, credentials and session cookies included, crosses the network in clear text.',
    remediation:
      'Add a `spec.tls` entry with a certificate Secret (cert-manager can issue it), or route through a gateway that terminates TLS.',
    severity: 'low',
    owner: 'platform',
    frameworks: { mitre: ['T1040'] },
    messages: { plain: '{{user}} created {{target}} without TLS' },
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'],
  },
  detect(view) {
    if (view.resource !== 'ingresses' || view.subresource !== '' || view.verb !== 'create') return undefined;
    if (!isFinal(view) || !succeeded(view) || !view.requestObject) return undefined;
    const spec = isRecord(view.requestObject.spec) ? view.requestObject.spec : {};
    if (Array.isArray(spec.tls) && spec.tls.length > 0) return [];
    return [at(['requestObject', 'spec'], 'plain', { user: actor(view), target: target(view) })];
  },
});
