import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { containersPhrase, quote, quoteList, sortedList } from '../format.js';
import { containerPath, isSet, isUserNamespacePod, type PodView } from '../pod-view.js';

/** Any procMount but `Default` unmasks /proc paths the runtime hides from containers. */
export function procMountV1Dot0(pod: PodView): CheckOutcome | undefined {
  const names: string[] = [];
  const types = new Set<string>();
  const findings: PssFinding[] = [];
  for (const container of pod.containers) {
    const { securityContext } = container;
    if (!isSet(securityContext, 'procMount')) continue;
    const type = String(securityContext?.procMount);
    if (type === 'Default') continue;
    names.push(container.name);
    types.add(type);
    findings.push({
      path: containerPath(pod, container, 'securityContext', 'procMount'),
      message: `container ${quote(container.name)} must not set securityContext.procMount to ${quote(type)}`,
    });
  }
  if (names.length === 0) return undefined;
  return {
    reason: 'procMount',
    detail: `${containersPhrase(names)} must not set securityContext.procMount to ${quoteList(sortedList(types))}`,
    findings,
  };
}

/** In a user namespace the unmasked /proc belongs to that namespace, so baseline lets it through. */
function procMountV1Dot35(pod: PodView): CheckOutcome | undefined {
  return isUserNamespacePod(pod) ? undefined : procMountV1Dot0(pod);
}

export const procMount: CheckDefinition = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { since: 0, run: procMountV1Dot0 },
    { since: 35, run: procMountV1Dot35 },
  ],
};
