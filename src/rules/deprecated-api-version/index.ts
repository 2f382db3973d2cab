import { defineRule, type Report } from '../../core/rule.js';
import type { ScanSettings } from '../../core/settings.js';
import { API_CHANGE_INDEX, type ApiChange } from './api-table.js';

const ENDPOINTS_MANAGED_BY = 'endpoints.kubernetes.io/managed-by';

type MessageId = 'removed' | 'deprecated' | 'deprecatedNoRemoval';

/** The newest Kubernetes minor release this table knows; the target when none is configured. */
export const LATEST_MINOR = 37;
const VERSION = /^v?1\.(\d+)$/;

/**
 * Judges an object's apiVersion against a target Kubernetes release: removed at or before the
 * target fails (high), deprecated but still served is low. The fix rewrites apiVersion only where
 * the successor has the same schema for this object.
 */
export const deprecatedApiVersion = defineRule<MessageId>({
  meta: {
    id: 'deprecated-api-version',
    title: 'Objects use API versions the target Kubernetes release serves',
    description: `Compares every object's apiVersion and kind with the removals listed in the Kubernetes Deprecated API Migration Guide (v1.16 to v1.32) and later deprecations, for the target release in \`kubernetesVersion\` (\`--kubernetes-version\`, default v1.${LATEST_MINOR}). Removed at or before the target: high. Deprecated but still served: low. A target older than the deprecation: pass. Endpoints the endpoints controller manages (label \`endpoints.kubernetes.io/managed-by: endpoint-controller\`, one per Service in a live cluster) are not judged. The message names the successor served at the target. A fix is offered where the successor differs only in apiVersion for that object (for example batch/v1beta1 CronJob, rbac v1beta1, autoscaling/v2beta2, policy/v1beta1 PodDisruptionBudget with a non-empty selector); not where fields changed (networking.k8s.io/v1beta1 Ingress, apps/v1beta*, admissionregistration v1beta1, CustomResourceDefinition v1beta1, PriorityLevelConfiguration).`,
    rationale:
      'The API server rejects objects of a removed version: a deploy pipeline that worked yesterday fails during the upgrade, and Helm releases holding such objects cannot be upgraded or rolled back. Removed security APIs are worse: PodSecurityPolicy objects left behind after v1.25 enforce nothing, so the pods they were meant to restrict run unrestricted.',
    remediation:
      'Change apiVersion to the successor the message names and migrate changed fields (`kubectl convert -f <file> --output-version <group>/<version>` helps), then re-render Helm charts and Kustomize bases. For example:\n\n```yaml\napiVersion: batch/v1   # was batch/v1beta1\nkind: CronJob\n```\n\nPodSecurityPolicy has no successor: label namespaces for Pod Security Admission instead.',
    stage: 'develop',
    severity: 'high',
    owner: 'devops',
    frameworks: { nsa: ['Upgrading and application security practices'] },
    kinds: ['*'],
    fixable: true,
    messages: {
      removed: '{{apiVersion}} {{kind}} is no longer served since v1.{{removed}} (target v1.{{target}}): {{advice}}',
      deprecated:
        '{{apiVersion}} {{kind}} is deprecated since v1.{{deprecated}} and removed in v1.{{removed}}: {{advice}}',
      deprecatedNoRemoval: '{{apiVersion}} {{kind}} is deprecated since v1.{{deprecated}}: {{advice}}',
    },
    references: [
      'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
      'https://kubernetes.io/docs/reference/using-api/deprecation-policy/',
    ],
  },
  appliesTo(settings) {
    return targetMinor(settings) === undefined
      ? `kubernetesVersion "${settings.kubernetesVersion}" is not a version like v1.34`
      : true;
  },
  check({ object, settings }) {
    const change = API_CHANGE_INDEX.get(`${object.apiVersion} ${object.kind}`);
    if (!change) return [];
    // Endpoints the endpoints controller writes for every Service: a cluster has one per Service, and nobody
    // to migrate them; only hand-written ones (a selector-less Service's) are someone's to move
    if (object.metadata?.labels?.[ENDPOINTS_MANAGED_BY] === 'endpoint-controller') return [];
    const target = targetMinor(settings) as number;
    if (target < change.deprecated) return [];
    const successor = change.replacements.find((r) => r.since <= target && (r.until === undefined || r.until > target));
    const renameOnly = typeof change.renameOnly === 'function' ? change.renameOnly(object) : change.renameOnly;
    const fixable = successor !== undefined && successor.kind === undefined && renameOnly;
    const advice = successor
      ? `use ${successor.apiVersion}${successor.kind ? ` ${successor.kind}` : ''}${fixable ? ' (only apiVersion changes)' : ` (${change.changes ?? 'fields changed too; see the migration guide'})`}`
      : (change.noReplacement ?? 'no successor is served at the target');
    const report: Report<MessageId> = {
      path: ['apiVersion'],
      messageId: 'removed',
      data: { apiVersion: object.apiVersion, kind: object.kind, target, deprecated: change.deprecated, advice },
    };
    if (fixable && successor) {
      report.fix = {
        description: `set apiVersion to ${successor.apiVersion}`,
        operations: [{ op: 'set', path: ['apiVersion'], value: successor.apiVersion }],
      };
    }
    if (change.removed === undefined) return [{ ...report, messageId: 'deprecatedNoRemoval', severity: 'low' }];
    const data = { ...report.data, removed: change.removed };
    if (target >= change.removed) return [{ ...report, data }];
    return [{ ...report, messageId: 'deprecated', data, severity: 'low' }];
  },
});

let lastVersion: string | undefined = '';
let lastMinor: number | undefined;

function targetMinor(settings: ScanSettings): number | undefined {
  if (settings.kubernetesVersion !== lastVersion) {
    lastVersion = settings.kubernetesVersion;
    if (lastVersion === undefined) lastMinor = LATEST_MINOR;
    else {
      const match = VERSION.exec(lastVersion);
      lastMinor = match ? Number(match[1]) : undefined;
    }
  }
  return lastMinor;
}

export type { ApiChange };
