import { isRecord } from '../../core/pod-spec.js';
import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { plural, quote, quoteList, sortedList } from '../format.js';
import { arrayField, containerPath, type PodView } from '../pod-view.js';

function hostPortsV1Dot0(pod: PodView): CheckOutcome | undefined {
  const names: string[] = [];
  const ports = new Set<string>();
  const findings: PssFinding[] = [];
  for (const container of pod.containers) {
    const list = arrayField(container.fields, 'ports');
    if (!list) continue;
    let uses = false;
    list.forEach((port, index) => {
      const hostPort = isRecord(port) ? port.hostPort : undefined;
      if (typeof hostPort !== 'number' || hostPort === 0) return;
      uses = true;
      ports.add(String(hostPort));
      findings.push({
        path: containerPath(pod, container, 'ports', index, 'hostPort'),
        message: `container ${quote(container.name)} uses hostPort ${hostPort}`,
      });
    });
    if (uses) names.push(container.name);
  }
  if (names.length === 0) return undefined;
  // Upstream sorts the ports as strings: 10000 comes before 80.
  const sorted = sortedList(ports);
  return {
    reason: 'hostPort',
    detail: `${plural('container', 'containers', names.length)} ${quoteList(names)} ${plural('uses', 'use', names.length)} ${plural('hostPort', 'hostPorts', sorted.length)} ${sorted.join(', ')}`,
    findings,
  };
}

export const hostPorts: CheckDefinition = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ since: 0, run: hostPortsV1Dot0 }],
};
