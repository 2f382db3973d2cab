import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { containersPhrase, quote } from '../format.js';
import { containerPath, isUserNamespacePod, type PodView, specPath } from '../pod-view.js';

/** Only an explicit 0 is forbidden: an unset user is covered by runAsNonRoot. */
function runAsUserV1Dot23(pod: PodView): CheckOutcome | undefined {
  const setters: string[] = [];
  const findings: PssFinding[] = [];
  if (pod.securityContext?.runAsUser === 0) {
    setters.push('pod');
    findings.push({ path: specPath(pod, 'securityContext', 'runAsUser'), message: 'pod must not set runAsUser=0' });
  }
  const containers: string[] = [];
  for (const container of pod.containers) {
    if (container.securityContext?.runAsUser !== 0) continue;
    containers.push(container.name);
    findings.push({
      path: containerPath(pod, container, 'securityContext', 'runAsUser'),
      message: `container ${quote(container.name)} must not set runAsUser=0`,
    });
  }
  if (containers.length > 0) setters.push(containersPhrase(containers));
  if (setters.length === 0) return undefined;
  return { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0`, findings };
}

/** Root in a user namespace maps to an unprivileged user on the node (KEP-127). */
function runAsUserV1Dot35(pod: PodView): CheckOutcome | undefined {
  return isUserNamespacePod(pod) ? undefined : runAsUserV1Dot23(pod);
}

export const runAsUser: CheckDefinition = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { since: 23, run: runAsUserV1Dot23 },
    { since: 35, run: runAsUserV1Dot35 },
  ],
};
