import { actor, at, defineAuditRule, isFinal, isSystemComponent, refused, target, WRITE } from '../audit-support.js';

/** Resources that decide what the API server admits or records, by API group. */
const CONTROLS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    'admissionregistration.k8s.io',
    new Set([
      'validatingwebhookconfigurations',
      'mutatingwebhookconfigurations',
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
      'mutatingadmissionpolicies',
      'mutatingadmissionpolicybindings',
    ]),
  ],
  // dynamic audit (removed in 1.19) still matters in old clusters' logs
  ['auditregistration.k8s.io', new Set(['auditsinks'])],
]);

/** Turning off the guards is how an attacker makes the next step invisible. */
export const auditAdmissionConfigChanged = defineAuditRule<'changed'>({
  meta: {
    id: 'audit-admission-config-changed',
    title: 'No changes to admission or audit configuration by people',
    description:
      'Reports writes (create, update, patch, delete) to admission webhook configurations, ValidatingAdmissionPolicies, MutatingAdmissionPolicies and their bindings, and AuditSinks, by users who are not Kubernetes components. Policy controllers that manage their own configuration are allow-listed with `allowUsers`.',
    rationale:
      'Admission webhooks and policies enforce Pod Security, image and RBAC rules; deleting or narrowing one, or adding a mutating webhook that rewrites pods, disables defences without touching a single workload, and a mutating webhook sees every object sent to it.',
    remediation:
      'Compare the configuration with its source of truth (git) and restore it; manage admission configuration through GitOps with review, and limit write access to `admissionregistration.k8s.io` to the controllers that own it.',
    severity: 'high',
    owner: 'security',
    frameworks: { mitre: ['T1562.001'] },
    messages: { changed: '{{user}} {{verb}} {{target}}' },
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/'],
  },
  detect(view) {
    if (!CONTROLS.get(view.apiGroup)?.has(view.resource) || view.subresource !== '' || !WRITE.has(view.verb))
      return undefined;
    if (!isFinal(view) || refused(view)) return undefined;
    if (isSystemComponent(view.user)) return [];
    return [at(['objectRef', 'resource'], 'changed', { user: actor(view), verb: view.verb, target: target(view) })];
  },
});
