import { rbacCapabilityRule } from '../rbac-capability-rule.js';

const ADMISSION = 'admissionregistration.k8s.io';

/** Reports the rules of ClusterRoles that change admission webhooks and admission policies. */
export const rbacRoleWritesAdmissionConfig = rbacCapabilityRule<
  'mutating' | 'validating' | 'policies' | 'deleteMutating'
>({
  meta: {
    id: 'rbac-role-writes-admission-config',
    title: 'Roles do not change admission webhooks or admission policies',
    description:
      'Reports each rule of a ClusterRole that allows create, update or patch on MutatingWebhookConfigurations, create, update, patch or delete on ValidatingWebhookConfigurations, ValidatingAdmissionPolicies or their bindings, or delete on MutatingWebhookConfigurations (including through `*` verbs, resources or API groups), with the bindings that hand it out. A ClusterRole the inputs bind only with RoleBindings passes: these objects are cluster-scoped. Severity follows the risky-capability catalogue; rules limited to named configurations (a controller refreshing its own CA bundle), and deleting mutating webhooks alone, are medium.',
    rationale:
      "Admission is where the cluster's policy lives. A mutating webhook receives every object it registers for, Secrets included, and may rewrite them: it can inject a container into every new pod, or copy every Secret out. Removing or loosening a validating webhook or an admission policy switches off the checks that keep privileged pods and risky changes out. Whoever writes admission configuration controls what the cluster accepts.",
    remediation:
      'Let only the installer of each admission controller (its Helm release or operator) write its own configuration, by name:\n\n```yaml\nrules:\n- apiGroups: ["admissionregistration.k8s.io"]\n  resources: ["validatingwebhookconfigurations"]\n  resourceNames: ["policy-controller"]\n  verbs: ["get", "update", "patch"]\n```\n\nA controller that only refreshes its CA bundle needs `update` on its own webhook configuration, never `create` or `delete`.',
    severity: 'critical',
    owner: 'security',
    frameworks: {
      nsa: ['Authentication and authorization: role-based access control'],
      cis: ['5.1.12'],
      mitre: ['T1562.001'],
    },
    messages: {
      mutating:
        'lets its holders write mutating webhook configurations, which receive and may rewrite every object they register for{{names}}: {{rule}}{{also}}; {{bound}}{{related}}',
      validating:
        'lets its holders write or delete validating webhook configurations, switching admission checks off or seeing the objects they register for{{names}}: {{rule}}{{also}}; {{bound}}{{related}}',
      policies:
        'lets its holders write or delete validating admission policies or their bindings, switching policy enforcement off{{names}}: {{rule}}{{also}}; {{bound}}{{related}}',
      deleteMutating:
        'lets its holders delete mutating webhook configurations, switching off what they inject or default: {{rule}}; {{bound}}{{related}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks',
      'https://kubernetes.io/docs/concepts/cluster-administration/admission-webhooks-good-practices/',
    ],
  },
  capabilities: [
    { id: 'mutating-webhooks', messageId: 'mutating' },
    { id: 'validating-webhooks', messageId: 'validating' },
    { id: 'admission-policies', messageId: 'policies' },
  ],
  fragments: [
    {
      messageId: 'deleteMutating',
      severity: 'medium',
      scope: 'cluster',
      requests: [['delete', ADMISSION, 'mutatingwebhookconfigurations']],
    },
  ],
});
