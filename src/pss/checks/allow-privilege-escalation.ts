import type { CheckDefinition, CheckOutcome } from '../check.js';
import { containersPhrase, quote } from '../format.js';
import { type ContainerView, containerPath, isWindowsPod, type PodView } from '../pod-view.js';

/** Unset means allowed: the kernel's no_new_privs flag is only set when the field says false. */
function allowPrivilegeEscalationV1Dot8(pod: PodView): CheckOutcome | undefined {
  const bad: ContainerView[] = [];
  for (const container of pod.containers) {
    if (container.securityContext?.allowPrivilegeEscalation !== false) bad.push(container);
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containersPhrase(bad.map((c) => c.name))} must set securityContext.allowPrivilegeEscalation=false`,
    findings: bad.map((container) => ({
      path: containerPath(pod, container, 'securityContext', 'allowPrivilegeEscalation'),
      message: `container ${quote(container.name)} must set securityContext.allowPrivilegeEscalation=false`,
    })),
  };
}

/** Windows has no setuid escalation and its API validation forbids the field, so such pods are exempt. */
function allowPrivilegeEscalationV1Dot25(pod: PodView): CheckOutcome | undefined {
  return isWindowsPod(pod) ? undefined : allowPrivilegeEscalationV1Dot8(pod);
}

export const allowPrivilegeEscalation: CheckDefinition = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  // The field itself arrived in Kubernetes 1.8.
  versions: [
    { since: 8, run: allowPrivilegeEscalationV1Dot8 },
    { since: 25, run: allowPrivilegeEscalationV1Dot25 },
  ],
};
