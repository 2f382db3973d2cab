import { isRecord } from '../../core/pod-spec.js';
import { actor, at, defineAuditRule, isFinal, MODIFY, succeeded, target } from '../audit-support.js';

/** An ephemeral container runs any image, as any user, inside a running pod's namespaces. */
export const auditEphemeralContainer = defineAuditRule<'added'>({
  meta: {
    id: 'audit-ephemeral-container',
    title: 'No ephemeral containers added to running pods',
    description:
      'Reports successful changes to the `pods/ephemeralcontainers` subresource (what `kubectl debug` sends), naming the image when the event carries the request.',
    rationale:
      'An ephemeral container joins a running pod with an image and a security context of the requester’s choosing: a shell with the pod’s token, volumes and network, which admission rules written for Pods may not check.',
    remediation:
      'Confirm the debugging session with its owner; grant `pods/ephemeralcontainers` only for the time of an incident, and make admission policy judge the subresource as it judges pods.',
    severity: 'medium',
    owner: 'security',
    frameworks: { mitre: ['T1609', 'T1610'] },
    messages: { added: '{{user}} added an ephemeral container{{image}} to {{target}}' },
    references: ['https://kubernetes.io/docs/concepts/workloads/pods/ephemeral-containers/'],
  },
  detect(view) {
    if (view.resource !== 'pods' || view.subresource !== 'ephemeralcontainers') return undefined;
    if (!isFinal(view) || !MODIFY.has(view.verb) || !succeeded(view)) return undefined;
    const spec = view.requestObject && isRecord(view.requestObject.spec) ? view.requestObject.spec : undefined;
    const list = spec?.ephemeralContainers;
    const last = Array.isArray(list) ? list.at(-1) : undefined;
    const image = isRecord(last) && typeof last.image === 'string' ? ` (image ${last.image})` : '';
    return [at(['objectRef', 'subresource'], 'added', { user: actor(view), image, target: target(view) })];
  },
});
