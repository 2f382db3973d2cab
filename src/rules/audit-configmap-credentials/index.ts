import { actor, at, defineAuditRule, isFinal, MODIFY, refused, target } from '../audit-support.js';
import { checkConfigMap } from '../hardcoded-credentials/index.js';

/**
 * A credential written into a ConfigMap through the API, judged by hardcoded-credentials' own
 * detectors: the same keys and shapes as in files, seen with the user who wrote it.
 */
export const auditConfigmapCredentials = defineAuditRule<'credential'>({
  meta: {
    id: 'audit-configmap-credentials',
    title: 'No credentials written into ConfigMaps',
    description:
      'Reports ConfigMaps created, updated or patched whose request object holds a credential, recognised as hardcoded-credentials recognises one (private keys, cloud and API tokens, `password` settings, kubeconfigs with credentials). The value is never shown. Patches are judged by what they send.',
    rationale:
      'ConfigMaps are readable by far more identities than Secrets and are printed by `kubectl describe`; a credential written into one is exposed to every reader, and the audit log itself may now hold it.',
    remediation:
      'Move the value into a Secret and rotate it; restrict who can read the audit log entries that recorded it (audit policy: log ConfigMaps at the Metadata level if they may carry secrets).',
    severity: 'medium',
    owner: 'developer',
    frameworks: { mitre: ['T1552.001'] },
    messages: { credential: '{{user}} wrote {{what}} into {{target}} under key "{{key}}"' },
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/'],
  },
  detect(view) {
    if (view.resource !== 'configmaps' || view.subresource !== '' || !MODIFY.has(view.verb)) return undefined;
    if (!isFinal(view) || refused(view) || !view.requestObject) return undefined;
    return checkConfigMap(view.requestObject).map((report) =>
      at(
        ['requestObject', ...report.path],
        'credential',
        {
          user: actor(view),
          target: target(view),
          key: String(report.data?.key ?? ''),
          what: String(report.data?.what ?? ''),
        },
        report.severity ? { severity: report.severity } : {},
      ),
    );
  },
});
