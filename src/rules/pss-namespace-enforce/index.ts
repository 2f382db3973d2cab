import { labelsOf } from '../../core/inventory.js';
import { POD_SPEC_KINDS, podTemplate } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { evaluatePod, LATEST_MINOR, type PssLevel, parsePssVersion } from '../../pss/index.js';

const PREFIX = 'pod-security.kubernetes.io/';
const ENFORCE = `${PREFIX}enforce`;
const ENFORCE_VERSION = `${PREFIX}enforce-version`;
const LEVELS: ReadonlySet<string> = new Set(['baseline', 'restricted']);

type MessageId = 'rejected';

/**
 * The scan's PSS rules judge every workload at the configured level; the API server judges each
 * pod at its namespace's own `enforce` label and version. A workload that passes the configured
 * level can still be rejected where it runs (and a pod created before the label was set still
 * runs, though it would not be admitted again): this rule applies the namespace's label, as Pod
 * Security Admission does, wherever the input or the cluster has the Namespace object.
 */
export const pssNamespaceEnforce = defineRule<MessageId>({
  meta: {
    id: 'pss-namespace-enforce',
    title: "Workloads meet their namespace's enforced Pod Security level",
    description: `Evaluates each pod template against the level of its Namespace's \`${ENFORCE}\` label (baseline or restricted) at the version of \`${ENFORCE_VERSION}\` (latest when absent or not a version), as Pod Security Admission does, and reports each field that would have its pods rejected. Workloads whose Namespace object is not in the input, or whose namespace enforces privileged, are not judged. Exemptions of the PodSecurity admission configuration (users, runtime classes, namespaces) are not known to a scan.`,
    rationale:
      "Pod Security Admission rejects a pod that breaks its namespace's enforced level. A Deployment that does is accepted and then never gets a pod: the rollout hangs with the reason buried in its ReplicaSet's events. A pod that already runs and breaks the level was admitted before the label was set, and will not come back after its next eviction.",
    remediation: `Change the pod template so it meets the namespace's level (the \`pss-*\` rules say how, field by field), or, where the workload truly needs more, move it to a namespace that enforces a lower level on purpose:\n\n\`\`\`yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: node-agents\n  labels:\n    ${ENFORCE}: privileged\n\`\`\``,
    stage: 'deploy',
    severity: 'high',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.1'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      rejected:
        'namespace {{namespace}} enforces the {{level}} Pod Security level ({{version}}), which rejects this pod: {{finding}}',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    ],
  },
  check({ object, inventory }) {
    const namespace = object.metadata?.namespace;
    if (typeof namespace !== 'string' || namespace === '') return [];
    const ns = inventory.find('Namespace', namespace);
    if (ns?.object.apiVersion !== 'v1') return [];
    const labels = labelsOf(ns.object);
    const level = labels[ENFORCE];
    if (typeof level !== 'string' || !LEVELS.has(level)) return [];
    const pod = podTemplate(object);
    if (!pod) return [];
    const versionLabel = labels[ENFORCE_VERSION];
    const minor = (typeof versionLabel === 'string' ? parsePssVersion(versionLabel) : undefined) ?? LATEST_MINOR;
    const version = minor >= LATEST_MINOR ? 'latest' : `v1.${minor}`;
    const reports: Report<MessageId>[] = [];
    // one finding per offending field, worded as the pss-* rules word it (upstream's detail quotes values)
    for (const violation of evaluatePod(pod, level as PssLevel, minor).violations) {
      for (const finding of violation.findings)
        reports.push({
          path: finding.path,
          messageId: 'rejected',
          data: { namespace, level, version, finding: finding.message },
        });
    }
    return reports;
  },
});
