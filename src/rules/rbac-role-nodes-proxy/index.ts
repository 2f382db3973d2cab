import { rbacCapabilityRule } from '../rbac-capability-rule.js';

/** Reports the rules of ClusterRoles that reach the kubelet API through the nodes/proxy subresource. */
export const rbacRoleNodesProxy = rbacCapabilityRule<'nodesProxy'>({
  meta: {
    id: 'rbac-role-nodes-proxy',
    title: 'Roles do not reach the kubelet API through nodes/proxy',
    description:
      'Reports each rule of a ClusterRole that allows get or create on nodes/proxy (including through `*` verbs or resources), with the bindings that hand it out. A ClusterRole the inputs bind only with RoleBindings passes: nodes are cluster-scoped, so a RoleBinding grants nothing of them. Severity follows the risky-capability catalogue.',
    rationale:
      "nodes/proxy forwards any request to the kubelet API of a node, with the API server's own credentials. The kubelet's /exec, /run and /attach endpoints run commands in every container of the node, and requests through the proxy skip admission control and are audited as a proxy call, not as an exec. A monitoring agent that only needed metrics becomes root on every node it can proxy to.",
    remediation:
      'Grant the specific kubelet subresources a monitoring agent needs (`nodes/metrics`, `nodes/stats`, and on Kubernetes 1.36+ `nodes/healthz`, `nodes/pods`, `nodes/configz`) instead of nodes/proxy:\n\n```yaml\nrules:\n- apiGroups: [""]\n  resources: ["nodes/metrics", "nodes/stats"]\n  verbs: ["get"]\n```',
    severity: 'critical',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.10'],
      mitre: ['T1609', 'T1611'],
    },
    messages: {
      nodesProxy:
        'lets its holders call the kubelet API of nodes (nodes/proxy), which runs commands in every container of a node{{names}}: {{rule}}{{also}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes',
      'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
    ],
  },
  capabilities: [{ id: 'nodes-proxy', messageId: 'nodesProxy' }],
});
