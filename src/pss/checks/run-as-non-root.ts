import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { containersPhrase, quote } from '../format.js';
import { type ContainerView, containerPath, isUserNamespacePod, type PodView, specPath } from '../pod-view.js';

function runAsNonRootV1Dot0(pod: PodView): CheckOutcome | undefined {
  const podValue = pod.securityContext?.runAsNonRoot;
  const podRequires = podValue === true;
  const explicit: ContainerView[] = [];
  const implicit: ContainerView[] = [];
  for (const container of pod.containers) {
    const value = container.securityContext?.runAsNonRoot;
    if (typeof value === 'boolean') {
      if (!value) explicit.push(container);
    } else if (!podRequires) {
      implicit.push(container);
    }
  }

  // An explicit false is the problem to fix first: setting the pod-level field would not override it.
  if (podValue === false || explicit.length > 0) {
    const setters: string[] = [];
    const findings: PssFinding[] = [];
    if (podValue === false) {
      setters.push('pod');
      findings.push({
        path: specPath(pod, 'securityContext', 'runAsNonRoot'),
        message: 'pod must not set securityContext.runAsNonRoot=false',
      });
    }
    if (explicit.length > 0) setters.push(containersPhrase(explicit.map((c) => c.name)));
    for (const container of explicit) {
      findings.push({
        path: containerPath(pod, container, 'securityContext', 'runAsNonRoot'),
        message: `container ${quote(container.name)} must not set securityContext.runAsNonRoot=false`,
      });
    }
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      findings,
    };
  }
  if (implicit.length === 0) return undefined;
  return {
    reason: 'runAsNonRoot != true',
    detail: `pod or ${containersPhrase(implicit.map((c) => c.name))} must set securityContext.runAsNonRoot=true`,
    findings: implicit.map((container) => ({
      path: containerPath(pod, container, 'securityContext', 'runAsNonRoot'),
      message: `pod or container ${quote(container.name)} must set securityContext.runAsNonRoot=true`,
    })),
  };
}

/** Root in a user namespace maps to an unprivileged user on the node (KEP-127). */
function runAsNonRootV1Dot35(pod: PodView): CheckOutcome | undefined {
  return isUserNamespacePod(pod) ? undefined : runAsNonRootV1Dot0(pod);
}

export const runAsNonRoot: CheckDefinition = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { since: 0, run: runAsNonRootV1Dot0 },
    { since: 35, run: runAsNonRootV1Dot35 },
  ],
};
