import type { CheckDefinition, CheckOutcome, PssFinding } from '../check.js';
import { plural, quote, quoteList, sortedList } from '../format.js';
import { type ContainerView, containerPath, type Fields, type PodView, recordField, stringField } from '../pod-view.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;
/** tcpSocket is not a valid lifecycle handler any more, but old objects carry it and the kubelet would dial it. */
const HANDLERS = ['httpGet', 'tcpSocket'] as const;

/*
 * A probe or hook with a host makes the kubelet connect wherever the pod says, from the node's
 * network: a server-side request forgery. Without a host it connects to the pod's own IP.
 */
function hostProbesAndHostLifecycleV1Dot34(pod: PodView): CheckOutcome | undefined {
  const containers = new Set<string>();
  const hosts = new Set<string>();
  const findings: PssFinding[] = [];
  const judge = (container: ContainerView, handler: Fields | undefined, ...at: string[]) => {
    if (!handler) return;
    for (const kind of HANDLERS) {
      const host = stringField(recordField(handler, kind), 'host');
      if (host === '') continue;
      containers.add(container.name);
      hosts.add(host);
      findings.push({
        path: containerPath(pod, container, ...at, kind, 'host'),
        message: `container ${quote(container.name)} uses probe or lifecycle host ${quote(host)}`,
      });
    }
  };
  for (const container of pod.containers) {
    for (const probe of PROBES) judge(container, recordField(container.fields, probe), probe);
    const lifecycle = recordField(container.fields, 'lifecycle');
    if (lifecycle) for (const hook of HOOKS) judge(container, recordField(lifecycle, hook), 'lifecycle', hook);
  }
  if (containers.size === 0) return undefined;
  // Unlike most checks, this one names containers sorted and once each.
  const names = sortedList(containers);
  const hostList = sortedList(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${plural('container', 'containers', names.length)} ${quoteList(names)} ${plural('uses', 'use', names.length)} ${plural('probe or lifecycle host', 'probe or lifecycle hosts', hostList.length)} ${quoteList(hostList)}`,
    findings,
  };
}

export const hostProbesAndHostLifecycle: CheckDefinition = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ since: 34, run: hostProbesAndHostLifecycleV1Dot34 }],
};
