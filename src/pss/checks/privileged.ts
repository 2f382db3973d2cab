import type { CheckDefinition, CheckOutcome } from '../check.js';
import { containersPhrase, quote } from '../format.js';
import { type ContainerView, containerPath, type PodView } from '../pod-view.js';

function privilegedV1Dot0(pod: PodView): CheckOutcome | undefined {
  const bad: ContainerView[] = [];
  for (const container of pod.containers) {
    if (container.securityContext?.privileged === true) bad.push(container);
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'privileged',
    detail: `${containersPhrase(bad.map((c) => c.name))} must not set securityContext.privileged=true`,
    findings: bad.map((container) => ({
      path: containerPath(pod, container, 'securityContext', 'privileged'),
      message: `container ${quote(container.name)} must not set securityContext.privileged=true`,
    })),
  };
}

export const privileged: CheckDefinition = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ since: 0, run: privilegedV1Dot0 }],
};
