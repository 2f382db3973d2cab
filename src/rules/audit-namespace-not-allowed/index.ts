import { actor, anyGlob, at, defineAuditRule, isFinal, objectName, optionList, succeeded } from '../audit-support.js';

const BUILT_IN = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** For clusters whose namespaces come from one place (GitOps): any other one is out of process. */
export const auditNamespaceNotAllowed = defineAuditRule<'created'>({
  meta: {
    id: 'audit-namespace-not-allowed',
    title: 'Only known namespaces are created',
    description: 'Opt-in. Reports Namespaces successfully created whose name matches none of `allowNames` (globs).',
    rationale:
      'A namespace outside the known set escapes the quotas, NetworkPolicies and Pod Security labels the platform applies to its own, and is a place to hide workloads.',
    remediation:
      'Delete it if it is not expected, or add it (or its pattern) to `allowNames`; create namespaces through the platform’s process.',
    severity: 'low',
    owner: 'platform',
    frameworks: { mitre: ['T1610'] },
    optIn: true,
    options: {
      allowNames: {
        type: 'string-list',
        default: BUILT_IN,
        description: 'Namespace names (globs) that may be created.',
      },
    },
    messages: { created: '{{user}} created namespace {{name}}, which is not on the allow-list' },
    references: ['https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'],
  },
  detect(view, options) {
    if (view.resource !== 'namespaces' || view.subresource !== '' || view.verb !== 'create') return undefined;
    if (!isFinal(view) || !succeeded(view)) return undefined;
    const name = objectName(view);
    if (anyGlob(optionList(options, 'allowNames', BUILT_IN), name)) return [];
    return [at(['objectRef'], 'created', { user: actor(view), name })];
  },
});
