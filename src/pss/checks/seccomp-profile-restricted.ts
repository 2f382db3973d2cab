import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { containersPhrase, quote, quoteList, sortedList } from '../format.js';
import { type ContainerView, containerPath, isWindowsPod, type PodView, specPath } from '../pod-view.js';
import { allowedSeccompType, seccompType } from './seccomp-profile-baseline.js';

/** Restricted requires a profile, where baseline only forbids a bad one; a pod-level one covers every container. */
function seccompProfileRestrictedV1Dot19(pod: PodView): CheckOutcome | undefined {
  const values = new Set<string>();
  const podType = seccompType(pod.securityContext);
  const podBad = podType !== undefined && !allowedSeccompType(podType);
  if (podBad) values.add(podType);
  const podSet = podType !== undefined && !podBad;
  const explicit: ContainerView[] = [];
  const implicit: ContainerView[] = [];
  for (const container of pod.containers) {
    const type = seccompType(container.securityContext);
    if (type === undefined) {
      if (!podSet) implicit.push(container);
    } else if (!allowedSeccompType(type)) {
      explicit.push(container);
      values.add(type);
    }
  }

  if (podBad || explicit.length > 0) {
    const setters: string[] = [];
    const findings: PssFinding[] = [];
    if (podBad) {
      setters.push('pod');
      findings.push({
        path: specPath(pod, 'securityContext', 'seccompProfile', 'type'),
        message: `pod must not set securityContext.seccompProfile.type to ${quote(podType)}`,
      });
    }
    if (explicit.length > 0) setters.push(containersPhrase(explicit.map((c) => c.name)));
    for (const container of explicit) {
      const type = seccompType(container.securityContext) as string;
      findings.push({
        path: containerPath(pod, container, 'securityContext', 'seccompProfile', 'type'),
        message: `container ${quote(container.name)} must not set securityContext.seccompProfile.type to ${quote(type)}`,
      });
    }
    return {
      reason: 'seccompProfile',
      detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${quoteList(sortedList(values))}`,
      findings,
    };
  }
  if (implicit.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containersPhrase(implicit.map((c) => c.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    findings: implicit.map((container) => ({
      path: containerPath(pod, container, 'securityContext', 'seccompProfile', 'type'),
      message: `pod or container ${quote(container.name)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    })),
  };
}

/** Windows has no seccomp; its API validation forbids the field, so such pods are exempt. */
function seccompProfileRestrictedV1Dot25(pod: PodView): CheckOutcome | undefined {
  return isWindowsPod(pod) ? undefined : seccompProfileRestrictedV1Dot19(pod);
}

export const seccompProfileRestricted: CheckDefinition = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    { since: 19, run: seccompProfileRestrictedV1Dot19, overrides: ['seccompProfile_baseline'] },
    { since: 25, run: seccompProfileRestrictedV1Dot25, overrides: ['seccompProfile_baseline'] },
  ],
};
