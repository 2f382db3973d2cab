import type { Path } from '../../core/path.js';
import { isRecord } from '../../core/pod-spec.js';
import { ConnSet, MAX_PORT, MIN_PORT, PROTOCOLS, type Protocol } from './conn-set.js';
import type { PortSpec, Problem, Workload } from './model.js';

/**
 * Parses a rule's `ports`: protocol defaults to TCP; no `port` means every port of the
 * protocol; `endPort` widens a numeric port to a range; a string port names a container port.
 * Entries the API server would reject are reported and dropped.
 */
export function parsePorts(
  value: unknown,
  path: Path,
  report: (problem: Omit<Problem, 'resource'>) => void,
): PortSpec[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    report({ severity: 'error', message: 'ports must be a list', path });
    return [];
  }
  if (value.length === 0) return null; // an empty list, like an absent one, matches every port
  const out: PortSpec[] = [];
  value.forEach((entry, index) => {
    const at = [...path, index];
    if (!isRecord(entry)) {
      report({ severity: 'error', message: 'a ports entry must be an object', path: at });
      return;
    }
    const protocol = (
      entry.protocol === undefined || entry.protocol === null ? 'TCP' : String(entry.protocol)
    ) as Protocol;
    if (!PROTOCOLS.includes(protocol)) {
      report({
        severity: 'error',
        message: `protocol "${String(entry.protocol)}" is not TCP, UDP or SCTP`,
        path: [...at, 'protocol'],
      });
      return;
    }
    const port = entry.port;
    const endPort = entry.endPort;
    if (port === undefined || port === null) {
      if (endPort !== undefined && endPort !== null) {
        report({ severity: 'error', message: 'endPort needs a numeric port', path: [...at, 'endPort'] });
        return;
      }
      out.push({ protocol, kind: 'all' });
      return;
    }
    // A quoted number is no valid port name (names need a letter); read it as the number.
    const numeric = typeof port === 'number' ? port : /^\d+$/.test(String(port)) ? Number(port) : undefined;
    if (typeof port === 'string' && numeric === undefined) {
      if (endPort !== undefined && endPort !== null) {
        report({
          severity: 'error',
          message: `endPort cannot be used with the named port "${port}"`,
          path: [...at, 'endPort'],
        });
        return;
      }
      out.push({ protocol, kind: 'named', name: port });
      return;
    }
    if (numeric === undefined || !Number.isInteger(numeric) || numeric < MIN_PORT || numeric > MAX_PORT) {
      report({
        severity: 'error',
        message: `port ${String(port)} is not a port number 1-65535 or a port name`,
        path: [...at, 'port'],
      });
      return;
    }
    let end = numeric;
    if (endPort !== undefined && endPort !== null) {
      end = Number(endPort);
      if (!Number.isInteger(end) || end < numeric || end > MAX_PORT) {
        report({
          severity: 'error',
          message: `endPort ${String(endPort)} must be at least port ${numeric} and at most 65535`,
          path: [...at, 'endPort'],
        });
        return;
      }
    }
    out.push({ protocol, kind: 'range', start: numeric, end });
  });
  return out;
}

export function hasNamedPorts(ports: readonly PortSpec[] | null): boolean {
  return ports?.some((p) => p.kind === 'named') === true;
}

/**
 * The connections a rule's ports allow towards `destination`. Named ports resolve against the
 * destination pod's container ports of the same protocol; towards the outside (no destination)
 * a name resolves to nothing.
 */
export function resolvePorts(ports: readonly PortSpec[] | null, destination: Workload | undefined): ConnSet {
  if (ports === null) return ConnSet.ALL;
  let set = ConnSet.EMPTY;
  for (const spec of ports) {
    if (spec.kind === 'all') set = set.union(ConnSet.protocol(spec.protocol));
    else if (spec.kind === 'range') set = set.union(ConnSet.ports(spec.protocol, spec.start, spec.end));
    else {
      for (const port of destination?.namedPorts.get(spec.name) ?? []) {
        if (port.protocol === spec.protocol) set = set.union(ConnSet.ports(port.protocol, port.port));
      }
    }
  }
  return set;
}

/** A key equal for workloads whose named ports resolve identically. */
export function namedPortsKey(workload: Workload): string {
  if (workload.namedPorts.size === 0) return '';
  return [...workload.namedPorts.entries()]
    .map(([name, ports]) => `${name}=${ports.map((p) => `${p.protocol}/${p.port}`).join('+')}`)
    .sort()
    .join(';');
}

/** `TCP 80`, `UDP` (all ports), `TCP 8000-8080`, `TCP port "http"`, for explanations. */
export function describePorts(ports: readonly PortSpec[] | null): string {
  if (ports === null) return 'all ports';
  return ports
    .map((p) =>
      p.kind === 'all'
        ? `${p.protocol} (all ports)`
        : p.kind === 'range'
          ? `${p.protocol} ${p.start === p.end ? p.start : `${p.start}-${p.end}`}`
          : `${p.protocol} port "${p.name}"`,
    )
    .join(', ');
}
