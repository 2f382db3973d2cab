import { isRecord } from '../../core/pod-spec.js';
import { actor, at, defineAuditRule, isFinal, isSystemComponent, MODIFY, succeeded, target } from '../audit-support.js';

/** An approved client CSR is a credential the API server will trust until it expires; it cannot be revoked. */
export const auditCsrApproved = defineAuditRule<'approved'>({
  meta: {
    id: 'audit-csr-approved',
    title: 'No certificate signing requests approved by people',
    description:
      'Reports successful updates of the `certificatesigningrequests/approval` subresource that add an `Approved` condition, by users who are not Kubernetes components (the controller manager approving kubelet certificates is not reported). Without the request object (audit level Metadata) an approval cannot be told from a denial, and every such update is reported.',
    rationale:
      'A certificate signed by the cluster CA for `kube-apiserver-client` authenticates as whatever user and groups it names, `system:masters` included, until it expires: Kubernetes has no certificate revocation.',
    remediation:
      'Check the request’s subject and signer (`kubectl get csr -o yaml`); if it was not expected, rotate the cluster CA or at least remove the RBAC its identity relies on. Approve client certificates only through an automated, audited flow.',
    severity: 'medium',
    owner: 'security',
    frameworks: { mitre: ['T1649'] },
    messages: { approved: '{{user}} approved {{target}}' },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/'],
  },
  detect(view) {
    if (view.resource !== 'certificatesigningrequests' || view.subresource !== 'approval') return undefined;
    if (!MODIFY.has(view.verb) || !isFinal(view) || !succeeded(view)) return undefined;
    if (isSystemComponent(view.user)) return [];
    // without the request object the approval cannot be told from a denial: report it, it is rare enough
    const status = view.requestObject && isRecord(view.requestObject.status) ? view.requestObject.status : undefined;
    const conditions = Array.isArray(status?.conditions) ? status.conditions.filter(isRecord) : undefined;
    if (conditions && !conditions.some((c) => c.type === 'Approved' && c.status !== 'False')) return [];
    return [at(['objectRef', 'subresource'], 'approved', { user: actor(view), target: target(view) })];
  },
});
