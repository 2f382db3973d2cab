import { rbacCapabilityRule } from '../rbac-capability-rule.js';

const CERTS = 'certificates.k8s.io';

/** Reports the rules of ClusterRoles that approve or sign certificate signing requests. */
export const rbacRoleApprovesCertificates = rbacCapabilityRule<'approve' | 'sign' | 'approval'>({
  meta: {
    id: 'rbac-role-approves-certificates',
    title: 'Roles do not approve or sign certificate signing requests',
    description:
      'Reports each rule of a ClusterRole that, with the other rules of the role, allows approving CertificateSigningRequests (update or patch on certificatesigningrequests/approval and `approve` on signers) or signing them (update or patch on certificatesigningrequests/status and `sign` on signers), with the bindings that hand it out. Approval limited by resourceNames to serving signers (kubernetes.io/kubelet-serving, custom signers) is medium, to the kubelet client signer high, to client signers or wildcards critical. The approval subresource without any signer in the same role is medium: the signer may come from another role. A ClusterRole the inputs bind only with RoleBindings passes: CSRs are cluster-scoped.',
    rationale:
      'An approved CSR for the kubernetes.io/kube-apiserver-client signer becomes a client certificate for whatever user and groups the requester wrote into it, system:masters included: an identity no RBAC binding can revoke, valid until the certificate expires. Whoever can both request and approve CSRs issues themselves cluster-admin credentials; whoever can sign, and holds a CA key the API server trusts, does the same without any approval.',
    remediation:
      'Leave CSR approval to the controller manager\'s approvers, and limit any other approver to the signers it serves:\n\n```yaml\nrules:\n- apiGroups: ["certificates.k8s.io"]\n  resources: ["certificatesigningrequests/approval"]\n  verbs: ["update"]\n- apiGroups: ["certificates.k8s.io"]\n  resources: ["signers"]\n  resourceNames: ["kubernetes.io/kubelet-serving"]\n  verbs: ["approve"]\n```',
    severity: 'critical',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.11'],
      mitre: ['T1649'],
    },
    messages: {
      approve: 'lets its holders approve certificate signing requests: {{rule}}{{also}}; {{bound}}{{related}}',
      sign: 'lets its holders sign certificate signing requests: {{rule}}{{also}}; {{bound}}{{related}}',
      approval:
        'grants the approval subresource of certificate signing requests: whoever also may approve for a signer (from any role) issues certificates: {{rule}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#csrs-and-certificate-issuing',
      'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization',
    ],
  },
  capabilities: [
    { id: 'approve-csrs', messageId: 'approve' },
    { id: 'sign-csrs', messageId: 'sign' },
  ],
  fragments: [
    {
      messageId: 'approval',
      severity: 'medium',
      scope: 'cluster',
      requests: [
        ['update', CERTS, 'certificatesigningrequests/approval'],
        ['patch', CERTS, 'certificatesigningrequests/approval'],
      ],
    },
  ],
});
