import { labelsOf } from '../../core/inventory.js';
import { defineRule } from '../../core/rule.js';
import {
  IGNORE_NAMESPACES_DOC,
  IGNORE_NAMESPACES_OPTION,
  ignoredNamespaces,
  isJudgement,
  judgeNamespaceOn,
  NAMESPACE_RULE_KINDS,
} from '../namespace-scope.js';

const PREFIX = 'pod-security.kubernetes.io/';
const ENFORCE = `${PREFIX}enforce`;
const LEVELS = ['privileged', 'baseline', 'restricted'];

/**
 * Pod Security Admission only blocks pods in namespaces labelled `enforce`; `warn` and `audit`
 * report but admit. Judged on Namespace objects only: without one, the labels are unknown.
 */
export const namespaceWithoutPodSecurityEnforce = defineRule({
  meta: {
    id: 'namespace-without-pod-security-enforce',
    title: 'Namespaces enforce a Pod Security Standard',
    description: `Reports Namespace objects without a valid \`${ENFORCE}\` label, telling apart namespaces that only warn or audit. Namespaces the input does not define are not judged, since their labels are unknown. A cluster-wide default set in the PodSecurity admission configuration also enforces; suppress the finding where that is in place. ${IGNORE_NAMESPACES_DOC}`,
    rationale:
      'Without an enforce label, Pod Security Admission admits any pod, privileged ones and host-namespace ones included, unless a cluster-wide default says otherwise. Whoever can create a pod in the namespace can then mount the node filesystem or run privileged and take over the node. The warn and audit modes only report violations; they never block one.',
    remediation: `Label the namespace with the level its workloads meet, and pin the version you tested against:\n\n\`\`\`yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    ${ENFORCE}: restricted\n    ${ENFORCE}-version: v1.33\n    ${PREFIX}warn: restricted\n\`\`\`\n\nStart with \`warn\`/\`audit\` to find violations, then add \`enforce\`; \`rampart pss\` shows which pods would be rejected.`,
    stage: 'deploy',
    severity: 'medium',
    owner: 'platform',
    frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.1'], mitre: ['T1611'] },
    kinds: NAMESPACE_RULE_KINDS,
    messages: {
      missing: '{{subject}} has no {{label}} label: Pod Security Admission admits any pod',
      auditOnly:
        '{{subject}} only sets {{modes}} for Pod Security Admission: violations are reported, never blocked; add {{label}}',
      invalid: '{{subject}} sets {{label}} to "{{value}}", which is not one of privileged, baseline, restricted',
    },
    options: { ignoreNamespaces: IGNORE_NAMESPACES_OPTION },
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/',
    ],
  },
  check({ resource, inventory, options }) {
    const judged = judgeNamespaceOn(resource, inventory, ignoredNamespaces(options), { requireNamespaceObject: true });
    if (!isJudgement(judged)) return judged ?? [];
    const labels = labelsOf(resource.object);
    const path = ['metadata', 'labels', ENFORCE];
    const data = { subject: judged.subject, label: ENFORCE };
    const enforce = labels[ENFORCE];
    if (typeof enforce === 'string') {
      if (LEVELS.includes(enforce)) return [];
      return [{ path, messageId: 'invalid', data: { ...data, value: enforce.slice(0, 40) } }];
    }
    const modes = ['warn', 'audit'].filter((mode) => typeof labels[`${PREFIX}${mode}`] === 'string');
    if (modes.length === 0) return [{ path, messageId: 'missing', data }];
    return [{ path, messageId: 'auditOnly', data: { ...data, modes: modes.join(' and ') } }];
  },
});
