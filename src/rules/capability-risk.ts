/**
 * What each dangerous Linux capability hands an attacker in a container, rated. Shared by
 * container-dangerous-capabilities and the PSS capability rules, whose findings carry these words
 * when they report the same `add` list (one concern, one finding).
 */
import type { ContainerRef } from '../core/pod-spec.js';
import { type Severity, severityRank } from '../core/severity.js';
import type { PssAnnotator } from '../pss/index.js';
import { containerAt } from './pss-fix-support.js';
import { capabilityName, fieldsOf } from './workload-support.js';

export interface CapabilityRisk {
  severity: Severity;
  /** A verb phrase completing "NET_ADMIN …". */
  does: string;
}

export const DANGEROUS_CAPABILITIES: ReadonlyMap<string, CapabilityRisk> = new Map([
  ['ALL', { severity: 'critical', does: 'grants every capability at once, a privileged container in all but devices' }],
  [
    'SYS_ADMIN',
    { severity: 'critical', does: 'allows mounts, namespaces, cgroups and more: the classic way out of a container' },
  ],
  ['SYS_MODULE', { severity: 'critical', does: 'loads kernel modules, that is, runs code in the node kernel' }],
  ['SYS_RAWIO', { severity: 'high', does: 'gives raw access to I/O ports and device memory' }],
  [
    'SYS_PTRACE',
    {
      severity: 'high',
      does: 'reads and injects code into other processes, across containers that share a PID namespace',
    },
  ],
  [
    'DAC_READ_SEARCH',
    {
      severity: 'high',
      does: 'bypasses read permissions and opens files by handle, the basis of the "Shocker" escape',
    },
  ],
  ['BPF', { severity: 'high', does: 'loads BPF programs that observe and alter kernel behaviour' }],
  [
    'NET_ADMIN',
    {
      severity: 'high',
      does: 'rewrites interfaces, routes and firewall rules of the pod network (of the node, with hostNetwork)',
    },
  ],
  ['SYS_BOOT', { severity: 'high', does: 'reboots the node or loads a new kernel with kexec' }],
  ['MAC_ADMIN', { severity: 'high', does: 'changes the AppArmor or SELinux policy that confines the container' }],
  ['MAC_OVERRIDE', { severity: 'high', does: 'overrides the AppArmor or SELinux policy that confines the container' }],
  ['SYS_TIME', { severity: 'medium', does: "sets the node's clock, which no namespace isolates" }],
  [
    'PERFMON',
    { severity: 'medium', does: 'opens kernel performance monitoring, a source of address leaks and side channels' },
  ],
  ['SYSLOG', { severity: 'medium', does: 'reads the kernel log, which leaks kernel addresses' }],
  [
    'NET_RAW',
    {
      severity: 'medium',
      does: 'opens raw sockets: packet spoofing, ARP or DNS poisoning, and a past kernel-exploit vector',
    },
  ],
]);

export interface AddedRisks {
  /** `NET_ADMIN rewrites …; NET_RAW opens …`, in the order the list names them. */
  words: string;
  /** The worst rating among them. */
  severity: Severity;
  /** Indices in `add` of the dangerous entries. */
  indices: number[];
}

/** The dangerous capabilities a container adds, or undefined when it adds none. */
export function addedRisks(ref: ContainerRef): AddedRisks | undefined {
  const add = fieldsOf(fieldsOf(ref.container.securityContext)?.capabilities)?.add;
  if (!Array.isArray(add)) return undefined;
  const parts: string[] = [];
  const indices: number[] = [];
  const seen = new Set<string>();
  let severity: Severity = 'info';
  for (let i = 0; i < add.length; i++) {
    const name = capabilityName(add[i]);
    const risk = DANGEROUS_CAPABILITIES.get(name);
    if (!risk || seen.has(name)) continue;
    seen.add(name);
    indices.push(i);
    parts.push(`${name} ${risk.does}`);
    if (severityRank(risk.severity) > severityRank(severity)) severity = risk.severity;
  }
  return parts.length === 0 ? undefined : { words: parts.join('; '), severity, indices };
}

/** Whether a container's drop list covers NET_RAW, as runtimes read it (NET_RAW or ALL, any case, CAP_ or not). */
export function dropsNetRaw(ref: ContainerRef): boolean {
  const drop = fieldsOf(fieldsOf(ref.container.securityContext)?.capabilities)?.drop;
  return (
    Array.isArray(drop) &&
    drop.some((entry) => {
      const name = capabilityName(entry);
      return name === 'NET_RAW' || name === 'ALL';
    })
  );
}

/**
 * The words the PSS capability rules add to their findings, so that container-dangerous-capabilities
 * and container-net-raw-not-dropped need no finding of their own: the dangerous capabilities of an
 * `add` list, or, for a missing `drop: [ALL]`, that NET_RAW stays.
 */
function capabilityNote(ref: ContainerRef, field: unknown): { note: string; severity?: Severity } | undefined {
  if (field === 'add') {
    const risks = addedRisks(ref);
    return risks && { note: risks.words, severity: risks.severity };
  }
  if (field !== 'drop' || dropsNetRaw(ref)) return undefined;
  const context = fieldsOf(ref.container.securityContext);
  const add = fieldsOf(context?.capabilities)?.add;
  if (context?.privileged === true || (Array.isArray(add) && add.some((e) => capabilityName(e) === 'NET_RAW')))
    return undefined;
  return {
    note: 'until then it keeps NET_RAW, which container runtimes grant by default (raw sockets: packet spoofing, ARP or DNS poisoning)',
  };
}

/** The annotator of the PSS capability rules (see `capabilityNote`). */
export const annotateCapabilities: PssAnnotator = (finding, pod) => {
  const ref = containerAt(pod, finding.path);
  return ref && capabilityNote(ref, finding.path[finding.path.length - 1]);
};
