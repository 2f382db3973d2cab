import { actor, anyGlob, at, defineAuditRule, isFinal, optionList, succeeded, target } from '../audit-support.js';

const RESOURCES = [
  'deployments',
  'services',
  'configmaps',
  'namespaces',
  'serviceaccounts',
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
  'secrets',
];

/** A record of changes to the objects that matter, for the ledger and for investigations. */
export const auditActivity = defineAuditRule<'changed'>({
  meta: {
    id: 'audit-activity',
    title: 'Record changes to workloads, access and configuration',
    description:
      'Opt-in, informational. Reports successful creates and deletes (`verbs`) of the `resources` listed (by default Deployments, Services, ConfigMaps, Namespaces, ServiceAccounts, Roles, ClusterRoles, their bindings and Secrets); `resources: ["*"]` records every successful request of those verbs.',
    rationale:
      'Not a threat by itself: the trail of who changed what, kept next to the alerts (and in the tamper-evident ledger) so an investigation can follow an attacker from one step to the next.',
    remediation:
      'Nothing to fix; narrow `resources` and `verbs`, or allow-list busy controllers (`allowUsers`), if the record is too loud.',
    severity: 'info',
    owner: 'security',
    frameworks: {},
    optIn: true,
    options: {
      resources: {
        type: 'string-list',
        default: RESOURCES,
        description: 'Resources (globs) whose changes are recorded.',
      },
      verbs: { type: 'string-list', default: ['create', 'delete'], description: 'Verbs recorded.' },
    },
    messages: { changed: '{{user}} {{verb}} {{target}}' },
    references: ['https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/'],
  },
  detect(view, options) {
    if (!isFinal(view) || !succeeded(view) || view.subresource !== '') return undefined;
    if (!optionList(options, 'verbs', ['create', 'delete']).includes(view.verb)) return undefined;
    if (!view.resource || !anyGlob(optionList(options, 'resources', RESOURCES), view.resource)) return undefined;
    return [at(['verb'], 'changed', { user: actor(view), verb: view.verb, target: target(view) })];
  },
});
