import { actor, at, defineAuditRule, isFinal, MODIFY, refused, target } from '../audit-support.js';

/** A NodePort or LoadBalancer Service opens the pods behind it outside the cluster network. */
export const auditServiceExposed = defineAuditRule<'exposed'>({
  meta: {
    id: 'audit-service-exposed',
    title: 'No NodePort or LoadBalancer Services created or changed to one',
    description:
      'Reports Services created, updated or patched (from the request object) with `type: NodePort` (medium) or `type: LoadBalancer` (low, as it is usually deliberate). The manifest rule service-exposed-externally judges the same in files.',
    rationale:
      'A NodePort opens a port on every node, past ingress authentication and often past firewalls meant for the ingress; a LoadBalancer asks the cloud for a public address. Either exposes pods that were reachable only inside the cluster.',
    remediation:
      'Expose the application through an ingress or gateway with TLS and authentication; if the Service must be external, restrict `loadBalancerSourceRanges` and the node firewall. Allow-list the controllers that manage such Services (`allowUsers`, `allowNamespaces`).',
    severity: 'medium',
    owner: 'platform',
    frameworks: { mitre: ['T1133'] },
    messages: { exposed: '{{user}} made {{target}} a {{type}} Service' },
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'],
  },
  detect(view) {
    if (view.resource !== 'services' || view.subresource !== '' || !MODIFY.has(view.verb)) return undefined;
    if (!isFinal(view) || refused(view) || !view.requestObject) return undefined;
    const spec = view.requestObject.spec;
    const type = spec && typeof spec === 'object' ? (spec as { type?: unknown }).type : undefined;
    if (type !== 'NodePort' && type !== 'LoadBalancer') return [];
    return [
      at(
        ['requestObject', 'spec', 'type'],
        'exposed',
        { user: actor(view), target: target(view), type },
        { severity: type === 'NodePort' ? 'medium' : 'low' },
      ),
    ];
  },
});
