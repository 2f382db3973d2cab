import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import type { Severity } from '../../core/severity.js';
import {
  capabilityName,
  containerField,
  containerLabel,
  containersIn,
  fieldsOf,
  NO_FINDINGS,
  podOrSkip,
} from '../workload-support.js';

interface Danger {
  severity: Severity;
  why: string;
}

/** What each capability hands an attacker in the container, and how bad that is. */
const DANGEROUS: ReadonlyMap<string, Danger> = new Map([
  ['ALL', { severity: 'critical', why: 'every capability at once, a privileged container in all but devices' }],
  [
    'SYS_ADMIN',
    { severity: 'critical', why: 'mounts, namespaces, cgroups and more: the classic way out of a container' },
  ],
  ['SYS_MODULE', { severity: 'critical', why: 'loads kernel modules, that is, runs code in the node kernel' }],
  ['SYS_RAWIO', { severity: 'high', why: 'raw access to I/O ports and device memory' }],
  [
    'SYS_PTRACE',
    {
      severity: 'high',
      why: 'reads and injects code into other processes, across containers that share a PID namespace',
    },
  ],
  [
    'DAC_READ_SEARCH',
    { severity: 'high', why: 'bypasses read permissions and opens files by handle, the basis of the "Shocker" escape' },
  ],
  ['BPF', { severity: 'high', why: 'loads BPF programs that observe and alter kernel behaviour' }],
  [
    'NET_ADMIN',
    {
      severity: 'high',
      why: 'rewrites interfaces, routes and firewall rules of the pod network (of the node, with hostNetwork)',
    },
  ],
  ['SYS_BOOT', { severity: 'high', why: 'reboots or loads a new kernel with kexec' }],
  ['MAC_ADMIN', { severity: 'high', why: 'changes the AppArmor or SELinux policy that confines the container' }],
  ['MAC_OVERRIDE', { severity: 'high', why: 'overrides the AppArmor or SELinux policy that confines the container' }],
  ['SYS_TIME', { severity: 'medium', why: "sets the node's clock, which no namespace isolates" }],
  [
    'PERFMON',
    { severity: 'medium', why: 'kernel performance monitoring, a source of address leaks and side channels' },
  ],
  ['SYSLOG', { severity: 'medium', why: 'reads the kernel log, which leaks kernel addresses' }],
  [
    'NET_RAW',
    {
      severity: 'medium',
      why: 'raw sockets for packet spoofing and ARP or DNS poisoning, and a past kernel-exploit vector',
    },
  ],
]);

/**
 * One finding per dangerous capability, at its entry in `add`, with that capability's severity.
 * Names are compared as runtimes read them: `sys_admin` and `CAP_SYS_ADMIN` are SYS_ADMIN.
 */
export const containerDangerousCapabilities = defineRule<'added'>({
  meta: {
    id: 'container-dangerous-capabilities',
    title: 'Containers do not add dangerous Linux capabilities',
    description:
      'Flags every dangerous capability in `securityContext.capabilities.add` of any container, rated one by one: ALL, SYS_ADMIN and SYS_MODULE are critical; SYS_RAWIO, SYS_PTRACE, DAC_READ_SEARCH, BPF, NET_ADMIN, SYS_BOOT, MAC_ADMIN and MAC_OVERRIDE high; SYS_TIME, PERFMON, SYSLOG and NET_RAW medium. Names are read case-insensitively, with or without the CAP_ prefix, as container runtimes do. The PSS baseline rule reports any non-default capability; this rule says which ones matter most and why.',
    rationale:
      "Capabilities split root's power into pieces, and some pieces are nearly all of it. SYS_ADMIN or SYS_MODULE in a container is one well-known step from the node: mount the host's disk, abuse cgroup release agents, load a kernel module. Others let a compromised container spy on or tamper with its neighbours (SYS_PTRACE, NET_ADMIN, NET_RAW) or weaken the kernel's defences (BPF, PERFMON, MAC_ADMIN). Each added capability widens what a single application bug can reach.",
    remediation:
      'Drop everything and add back only what the process needs — usually nothing, or NET_BIND_SERVICE to bind ports below 1024:\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: ["ALL"]\n    add: ["NET_BIND_SERVICE"]\n```\n\nTools that really need one of these (CNI plugins, node agents) belong in a dedicated namespace with an exception that names the reason and an owner.',
    stage: 'deploy',
    severity: 'high',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: privileged containers'], cis: ['5.2.8', '5.2.9'], mitre: ['T1611', 'T1068'] },
    kinds: POD_SPEC_KINDS,
    messages: { added: '{{container}} adds capability {{capability}}, which {{why}}' },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
      'https://man7.org/linux/man-pages/man7/capabilities.7.html',
    ],
  },
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    let reports: Report<'added'>[] | undefined;
    for (const ref of containersIn(pod, 'all')) {
      const add = fieldsOf(fieldsOf(ref.container.securityContext)?.capabilities)?.add;
      if (!Array.isArray(add)) continue;
      for (let i = 0; i < add.length; i++) {
        const capability = capabilityName(add[i]);
        const danger = DANGEROUS.get(capability);
        if (!danger) continue;
        reports ??= [];
        reports.push({
          path: containerField(ref, 'securityContext', 'capabilities', 'add', i),
          messageId: 'added',
          severity: danger.severity,
          data: { container: containerLabel(ref), capability, why: danger.why },
        });
      }
    }
    return reports ?? NO_FINDINGS;
  },
});
