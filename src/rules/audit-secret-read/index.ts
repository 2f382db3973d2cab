import {
  actor,
  at,
  defineAuditRule,
  isFinal,
  isSystemComponent,
  READ,
  refused,
  succeeded,
  target,
} from '../audit-support.js';

/** Reading Secrets is what an attacker does first with any new identity. */
export const auditSecretRead = defineAuditRule<'read' | 'refused'>({
  meta: {
    id: 'audit-secret-read',
    title: 'No Secrets read by people or unexpected service accounts',
    description:
      'Reports `get`, `list` and `watch` on Secrets by users who are not Kubernetes components (control-plane users, nodes, and kube-system service accounts are): high when it succeeded, low when it was refused (someone probing). Workloads and operators that read Secrets by design are allow-listed with `allowUsers` (`system:serviceaccount:cert-manager:*`).',
    rationale:
      'Secrets hold the tokens, keys and passwords that lead out of the cluster and up to cluster-admin; a read by a person or an unexpected workload is either a leak in progress or access nobody meant to grant. Refused reads show someone looking for them.',
    remediation:
      'Confirm the read with the user or the workload’s owner; if unexpected, rotate the Secrets read and remove the access (`rampart rbac who-can get secrets`). Serve secrets to workloads through mounts, which the kubelet reads, not the workload.',
    severity: 'high',
    owner: 'security',
    frameworks: { mitre: ['T1552.007'] },
    messages: {
      read: '{{user}} {{verb}} {{target}}',
      refused: '{{user}} tried to {{verb}} {{target}} and was refused ({{code}})',
    },
    references: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
  },
  detect(view) {
    if (view.resource !== 'secrets' || view.subresource !== '' || !READ.has(view.verb) || !isFinal(view))
      return undefined;
    if (isSystemComponent(view.user)) return [];
    const data = { user: actor(view), verb: view.verb, target: target(view), code: view.code };
    if (refused(view)) return [at(['objectRef', 'resource'], 'refused', data, { severity: 'low' })];
    if (!succeeded(view)) return [];
    return [at(['objectRef', 'resource'], 'read', data)];
  },
});
