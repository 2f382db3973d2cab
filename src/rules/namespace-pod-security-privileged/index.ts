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

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** `enforce: privileged` is an explicit decision to admit everything; it deserves a named owner. */
export const namespacePodSecurityPrivileged = defineRule({
  meta: {
    id: 'namespace-pod-security-privileged',
    title: 'Namespaces do not enforce the privileged Pod Security level',
    description: `Reports Namespace objects labelled \`${ENFORCE}: privileged\`, which turns Pod Security Admission off for the namespace. Namespaces without the label are the concern of namespace-without-pod-security-enforce. ${IGNORE_NAMESPACES_DOC}`,
    rationale:
      'The privileged level allows every pod: privileged containers, host namespaces, hostPath mounts of the node filesystem. Anyone who can create a pod in such a namespace (or compromise a controller that does) can take over the node and, from there, the cluster. Only namespaces of node-level agents (CNI, CSI, monitoring agents) should need it, and each of them should be a deliberate, documented exception.',
    remediation: `Enforce \`baseline\` or \`restricted\` and move workloads that truly need host access into a dedicated namespace that carries a documented exception:\n\n\`\`\`yaml\nmetadata:\n  labels:\n    ${ENFORCE}: baseline\n    pod-security.kubernetes.io/warn: restricted\n\`\`\`\n\nFor a namespace that must stay privileged, record why with \`rampart.dev/ignore: "namespace-pod-security-privileged -- <reason>"\`.`,
    stage: 'deploy',
    severity: 'medium',
    owner: 'security',
    frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.1'], mitre: ['T1611'] },
    kinds: NAMESPACE_RULE_KINDS,
    messages: { privileged: '{{subject}} enforces the privileged Pod Security level: every pod is admitted' },
    options: { ignoreNamespaces: IGNORE_NAMESPACES_OPTION },
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    ],
  },
  check({ resource, inventory, options }) {
    const judged = judgeNamespaceOn(resource, inventory, ignoredNamespaces(options), { requireNamespaceObject: true });
    if (!isJudgement(judged)) return judged ?? [];
    if (labelsOf(resource.object)[ENFORCE] !== 'privileged') return [];
    return [{ path: ['metadata', 'labels', ENFORCE], messageId: 'privileged', data: { subject: judged.subject } }];
  },
});
