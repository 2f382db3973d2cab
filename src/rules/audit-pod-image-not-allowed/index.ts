import { isRecord } from '../../core/pod-spec.js';
import {
  ALLOW_IMAGES,
  actor,
  anyGlob,
  at,
  defineAuditRule,
  isFinal,
  optionList,
  refused,
  target,
} from '../audit-support.js';

/** Pods running images from outside the allow-list, as the API server accepted them. */
export const auditPodImageNotAllowed = defineAuditRule<'image'>({
  meta: {
    id: 'audit-pod-image-not-allowed',
    title: 'Pods run only allowed images',
    description:
      'Opt-in. Reports Pods created (from the request object) with a container image that matches none of `allowImages` (globs such as `registry.example.com/*`). The manifest rule image-allowed-registries judges the same in files.',
    rationale:
      'An image from an unknown registry is the usual payload of an attack on a cluster (a miner, a reverse shell); seeing it at creation, with the user that created it, catches what admission did not stop.',
    remediation:
      'Delete the pod if it is not expected; enforce the registry list at admission, and add new trusted registries to `allowImages`.',
    severity: 'medium',
    owner: 'security',
    frameworks: { mitre: ['T1610', 'T1204.003'] },
    optIn: true,
    options: ALLOW_IMAGES,
    messages: { image: '{{user}} created {{target}} running {{image}}, which is not an allowed image' },
    references: ['https://kubernetes.io/docs/concepts/containers/images/'],
  },
  detect(view, options) {
    if (view.resource !== 'pods' || view.subresource !== '' || view.verb !== 'create') return undefined;
    if (!isFinal(view) || refused(view) || !view.requestObject) return undefined;
    const allowedImages = optionList(options, 'allowImages');
    const spec = isRecord(view.requestObject.spec) ? view.requestObject.spec : {};
    const reports = [];
    for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
      const list = spec[field];
      if (!Array.isArray(list)) continue;
      for (let i = 0; i < list.length; i++) {
        const image = isRecord(list[i]) ? (list[i] as { image?: unknown }).image : undefined;
        if (typeof image !== 'string' || anyGlob(allowedImages, image)) continue;
        reports.push(
          at(['requestObject', 'spec', field, i, 'image'], 'image', { user: actor(view), target: target(view), image }),
        );
      }
    }
    return reports;
  },
});
