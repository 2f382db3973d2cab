import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { containersPhrase, quote, quoteList, sortedList } from '../format.js';
import { arrayField, containerPath, isWindowsPod, type PodView, recordField } from '../pod-view.js';

/** Drop everything, add back at most the right to bind low ports. */
function capabilitiesRestrictedV1Dot22(pod: PodView): CheckOutcome | undefined {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const added = new Set<string>();
  const dropFindings: PssFinding[] = [];
  const addFindings: PssFinding[] = [];
  for (const container of pod.containers) {
    const capabilities = recordField(container.securityContext, 'capabilities');
    const quoted = quote(container.name);
    const dropAll = arrayField(capabilities, 'drop')?.includes('ALL') ?? false;
    if (!dropAll) {
      missingDrop.push(container.name);
      dropFindings.push({
        path: containerPath(pod, container, 'securityContext', 'capabilities', 'drop'),
        message: `container ${quoted} must set securityContext.capabilities.drop=["ALL"]`,
      });
    }
    const own = new Set<string>();
    for (const entry of arrayField(capabilities, 'add') ?? []) {
      const capability = String(entry);
      if (capability === 'NET_BIND_SERVICE') continue;
      own.add(capability);
      added.add(capability);
    }
    if (own.size === 0) continue;
    adding.push(container.name);
    addFindings.push({
      path: containerPath(pod, container, 'securityContext', 'capabilities', 'add'),
      message: `container ${quoted} must not include ${quoteList(sortedList(own))} in securityContext.capabilities.add`,
    });
  }
  const details: string[] = [];
  if (missingDrop.length > 0) {
    details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (adding.length > 0) {
    details.push(
      `${containersPhrase(adding)} must not include ${quoteList(sortedList(added))} in securityContext.capabilities.add`,
    );
  }
  if (details.length === 0) return undefined;
  return {
    reason: 'unrestricted capabilities',
    detail: details.join('; '),
    findings: [...dropFindings, ...addFindings],
  };
}

/** Windows has no Linux capabilities; its API validation forbids the field, so such pods are exempt. */
function capabilitiesRestrictedV1Dot25(pod: PodView): CheckOutcome | undefined {
  return isWindowsPod(pod) ? undefined : capabilitiesRestrictedV1Dot22(pod);
}

export const capabilitiesRestricted: CheckDefinition = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    { since: 22, run: capabilitiesRestrictedV1Dot22, overrides: ['capabilities_baseline'] },
    { since: 25, run: capabilitiesRestrictedV1Dot25, overrides: ['capabilities_baseline'] },
  ],
};
