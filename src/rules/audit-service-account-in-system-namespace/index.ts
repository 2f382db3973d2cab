import { actor, at, defineAuditRule, isFinal, isSystemComponent, succeeded, target } from '../audit-support.js';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public']);

/** A new service account in kube-system is a hiding place for a long-lived identity. */
export const auditServiceAccountInSystemNamespace = defineAuditRule<'created'>({
  meta: {
    id: 'audit-service-account-in-system-namespace',
    title: 'No service accounts created in kube-system or kube-public by people',
    description:
      'Reports ServiceAccounts successfully created in `kube-system` or `kube-public` by a user who is not a Kubernetes component. Add-ons that create their own are allowed with `allowUsers`.',
    rationale:
      'An identity created among the control plane’s own looks legitimate at a glance and is often granted broad roles; it is a common way to keep access after the first foothold is removed.',
    remediation:
      'Find who created it and what it is bound to (`rampart rbac who-can`, `rampart rbac paths`); delete it unless expected, and create add-on identities in the add-on’s own namespace.',
    severity: 'medium',
    owner: 'security',
    frameworks: { mitre: ['T1136', 'T1036.005'] },
    messages: { created: '{{user}} created {{target}} in a system namespace' },
    references: ['https://kubernetes.io/docs/concepts/security/service-accounts/'],
  },
  detect(view) {
    if (view.resource !== 'serviceaccounts' || view.subresource !== '' || view.verb !== 'create') return undefined;
    if (!SYSTEM_NAMESPACES.has(view.namespace) || !isFinal(view) || !succeeded(view)) return undefined;
    if (isSystemComponent(view.user)) return [];
    return [at(['objectRef', 'namespace'], 'created', { user: actor(view), target: target(view) })];
  },
});
