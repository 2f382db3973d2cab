import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { containersPhrase, quote, quoteList, sortedList } from '../format.js';
import { arrayField, containerPath, type PodView, recordField } from '../pod-view.js';

/** The container runtime's default capability set: adding these grants nothing new. */
const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaselineV1Dot0(pod: PodView): CheckOutcome | undefined {
  const names: string[] = [];
  const added = new Set<string>();
  const findings: PssFinding[] = [];
  for (const container of pod.containers) {
    const add = arrayField(recordField(container.securityContext, 'capabilities'), 'add');
    if (!add) continue;
    const own = new Set<string>();
    for (const entry of add) {
      const capability = String(entry);
      if (DEFAULT_CAPABILITIES.has(capability)) continue;
      own.add(capability);
      added.add(capability);
    }
    if (own.size === 0) continue;
    names.push(container.name);
    findings.push({
      path: containerPath(pod, container, 'securityContext', 'capabilities', 'add'),
      message: `container ${quote(container.name)} must not include ${quoteList(sortedList(own))} in securityContext.capabilities.add`,
    });
  }
  if (names.length === 0) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${containersPhrase(names)} must not include ${quoteList(sortedList(added))} in securityContext.capabilities.add`,
    findings,
  };
}

export const capabilitiesBaseline: CheckDefinition = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [{ since: 0, run: capabilitiesBaselineV1Dot0 }],
};
