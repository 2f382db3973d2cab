import { containersOf, podTemplate } from '../../core/pod-spec.js';
import type { Report } from '../../core/rule.js';
import { ALLOW_IMAGES, actor, at, defineAuditRule, imagesAllowed, isFinal, refused, target } from '../audit-support.js';
import { volumeExposure } from '../host-path-exposure.js';

type MessageId = 'privileged' | 'hostNamespace' | 'sensitiveMount';

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/**
 * A pod created with a way onto its node. The same concerns as the manifest rules (pss-privileged,
 * pss-host-namespaces, pod-sensitive-host-path), seen when the API server accepted the pod: the
 * event says who created it, which a manifest cannot.
 */
export const auditPrivilegedPodCreated = defineAuditRule<MessageId>({
  meta: {
    id: 'audit-privileged-pod-created',
    title: 'No privileged, host-namespace or sensitive-mount pods created',
    description:
      'Reports Pods created (the request object of a `create` on `pods`, which needs the audit level Request or RequestResponse) with a privileged container, `hostNetwork`, `hostPID` or `hostIPC`, or a hostPath volume of a sensitive node path (the container runtime socket, /proc, /etc, /var/lib/kubelet, …), unless every image is on `allowImages`. Refused requests are not reported.',
    rationale:
      'Each of these gives a container a way out onto its node: a privileged container or the runtime socket is root on the node, host namespaces expose its processes and network, and kubelet and etc directories hold credentials. Creating such a pod is the usual first step of a container escape.',
    remediation:
      'Find who created the pod and why; delete it unless it is a known node agent, then allow-list that agent’s images (`allowImages`) and enforce Pod Security `baseline` or `restricted` on the namespace so the API server refuses the next one.',
    severity: 'high',
    owner: 'security',
    frameworks: { mitre: ['T1611', 'T1610'] },
    options: ALLOW_IMAGES,
    messages: {
      privileged: '{{user}} created {{target}} with privileged {{container}}',
      hostNamespace: '{{user}} created {{target}} with {{field}}',
      sensitiveMount: '{{user}} created {{target}} mounting {{path}} {{mode}}: {{what}}',
    },
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  detect(view, options) {
    if (view.resource !== 'pods' || view.subresource !== '' || view.verb !== 'create') return undefined;
    if (!isFinal(view) || refused(view) || !view.requestObject) return undefined;
    const object = view.requestObject;
    const pod = podTemplate({ apiVersion: 'v1', kind: 'Pod', ...object });
    if (!pod) return undefined;
    if (imagesAllowed(object, options)) return [];
    const base = { user: actor(view), target: target(view) };
    const reports: Report<MessageId>[] = [];
    for (const ref of containersOf(pod)) {
      const context = ref.container.securityContext;
      if (context && typeof context === 'object' && (context as { privileged?: unknown }).privileged === true)
        reports.push(
          at(['requestObject', ...ref.path, 'securityContext', 'privileged'], 'privileged', {
            ...base,
            container: `container "${ref.name}"`,
          }),
        );
    }
    for (const field of HOST_NAMESPACES)
      if (pod.spec[field] === true)
        reports.push(at(['requestObject', 'spec', field], 'hostNamespace', { ...base, field }));
    const volumes = pod.spec.volumes;
    if (Array.isArray(volumes))
      for (let i = 0; i < volumes.length; i++) {
        const exposure = volumeExposure(pod, i);
        if (!exposure) continue;
        reports.push(
          at(
            ['requestObject', 'spec', 'volumes', i, 'hostPath', 'path'],
            'sensitiveMount',
            { ...base, path: exposure.shown, mode: exposure.mode, what: exposure.what },
            { severity: exposure.severity },
          ),
        );
      }
    return reports;
  },
});
