import { actor, anyGlob, at, defineAuditRule, isFinal, objectName, optionList, succeeded } from '../audit-support.js';

/** A node registered by an unknown machine receives the pods, and the Secrets, scheduled onto it. */
export const auditNodeJoined = defineAuditRule<'joined' | 'tried'>({
  meta: {
    id: 'audit-node-joined',
    title: 'Only known nodes join the cluster',
    description:
      'Opt-in. Reports Node objects created (a node registering) whose name matches none of `allowNames` (globs): high when it joined, medium when it tried and was refused.',
    rationale:
      'A rogue node is handed the pods scheduled to it and can read their Secrets and service-account tokens; a bootstrap token or a kubelet certificate is enough to register one.',
    remediation:
      'Cordon and delete the node if it is not yours, revoke the bootstrap token or certificate it used, and add legitimate node name patterns to `allowNames`.',
    severity: 'high',
    owner: 'platform',
    frameworks: { mitre: ['T1078'] },
    optIn: true,
    options: { allowNames: { type: 'string-list', description: 'Node names (globs) that may register.' } },
    messages: {
      joined: 'node {{name}}, not on the allow-list, joined the cluster (as {{user}})',
      tried: 'node {{name}}, not on the allow-list, tried to join the cluster (as {{user}}) and was refused ({{code}})',
    },
    references: ['https://kubernetes.io/docs/concepts/architecture/nodes/#self-registration-of-nodes'],
  },
  detect(view, options) {
    if (view.resource !== 'nodes' || view.subresource !== '' || view.verb !== 'create' || !isFinal(view))
      return undefined;
    const name = objectName(view);
    if (anyGlob(optionList(options, 'allowNames'), name)) return [];
    const data = { name, user: actor(view), code: view.code };
    return [
      succeeded(view) ? at(['objectRef'], 'joined', data) : at(['objectRef'], 'tried', data, { severity: 'medium' }),
    ];
  },
});
