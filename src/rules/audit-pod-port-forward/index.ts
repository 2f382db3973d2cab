import { actor, at, defineAuditRule, opened, refused, target } from '../audit-support.js';

/** port-forward: a tunnel from a workstation into the pod network, past NetworkPolicy and ingress. */
export const auditPodPortForward = defineAuditRule<'forward' | 'refused' | 'failed'>({
  meta: {
    id: 'audit-pod-port-forward',
    title: 'No port-forward into pods',
    description: 'Reports requests on the `pods/portforward` subresource, allowed or refused.',
    rationale:
      'port-forward opens a tunnel from outside the cluster to any port of a pod, past Services, ingress and most NetworkPolicy, and from that pod’s position to whatever it can reach.',
    remediation:
      'Confirm the tunnel with its owner; expose what people need through an authenticated ingress, and keep `pods/portforward` out of standing roles (allow-list tooling with `allowUsers`).',
    severity: 'low',
    owner: 'security',
    frameworks: { mitre: ['T1572'] },
    messages: {
      forward: '{{user}} opened a port-forward to {{target}}',
      refused: '{{user}} tried a port-forward to {{target}} and was refused ({{code}})',
      failed: '{{user}} tried a port-forward to {{target}}; the API server answered {{code}}',
    },
    references: [
      'https://kubernetes.io/docs/tasks/access-application-cluster/port-forward-access-application-cluster/',
    ],
  },
  detect(view) {
    if (view.resource !== 'pods' || view.subresource !== 'portforward') return undefined;
    if (!opened(view)) return undefined;
    const data = { user: actor(view), target: target(view), code: view.code };
    if (refused(view)) return [at(['objectRef', 'subresource'], 'refused', data, { severity: 'info' })];
    if (view.code >= 400) return [at(['objectRef', 'subresource'], 'failed', data)];
    return [at(['objectRef', 'subresource'], 'forward', data)];
  },
});
