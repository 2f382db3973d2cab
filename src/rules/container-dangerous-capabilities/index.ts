import { formatPath } from '../../core/path.js';
import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { addedRisks } from '../capability-risk.js';
import { CAPABILITY_CHECKS, pssReportedPaths } from '../pss-in-force.js';
import { containerField, containerLabel, containersIn, NO_FINDINGS, podOrSkip } from '../workload-support.js';

/**
 * One finding per container, at its `add` list, naming every dangerous capability in it and rated
 * by the worst. Names are compared as runtimes read them: `sys_admin` and `CAP_SYS_ADMIN` are
 * SYS_ADMIN. Where the PSS capabilities check in force reports the same list, its finding carries
 * these words and this rule says nothing (one concern, one finding).
 */
export const containerDangerousCapabilities = defineRule<'added'>({
  meta: {
    id: 'container-dangerous-capabilities',
    title: 'Containers do not add dangerous Linux capabilities',
    description:
      'Flags every dangerous capability in `securityContext.capabilities.add` of any container, rated one by one: ALL, SYS_ADMIN and SYS_MODULE are critical; SYS_RAWIO, SYS_PTRACE, DAC_READ_SEARCH, BPF, NET_ADMIN, SYS_BOOT, MAC_ADMIN and MAC_OVERRIDE high; SYS_TIME, PERFMON, SYSLOG and NET_RAW medium. Names are read case-insensitively, with or without the CAP_ prefix, as container runtimes do. One finding per container names them all, rated by the worst. Where the Pod Security Standards capabilities check in force (pss-capabilities-restricted at the restricted level, pss-capabilities-baseline at baseline) reports the same `add` list, that finding carries these ratings and words instead, and this rule reports nothing for the container; it reports them itself in scans where that PSS rule does not run (turned off in rampart.yaml, or left out by `--framework`).',
    rationale:
      "Capabilities split root's power into pieces, and some pieces are nearly all of it. SYS_ADMIN or SYS_MODULE in a container is one well-known step from the node: mount the host's disk, abuse cgroup release agents, load a kernel module. Others let a compromised container spy on or tamper with its neighbours (SYS_PTRACE, NET_ADMIN, NET_RAW) or weaken the kernel's defences (BPF, PERFMON, MAC_ADMIN). Each added capability widens what a single application bug can reach.",
    remediation:
      'Drop everything and add back only what the process needs — usually nothing, or NET_BIND_SERVICE to bind ports below 1024:\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: ["ALL"]\n    add: ["NET_BIND_SERVICE"]\n```\n\nTools that really need one of these (CNI plugins, node agents) belong in a dedicated namespace with an exception that names the reason and an owner.',
    stage: 'deploy',
    severity: 'high',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: privileged containers'], cis: ['5.2.8', '5.2.9'], mitre: ['T1611', 'T1068'] },
    kinds: POD_SPEC_KINDS,
    messages: { added: '{{container}} adds {{capabilities}}' },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
      'https://man7.org/linux/man-pages/man7/capabilities.7.html',
    ],
  },
  check({ object, settings }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    let reports: Report<'added'>[] | undefined;
    let reported: ReadonlySet<string> | undefined;
    for (const ref of containersIn(pod, 'all')) {
      const risks = addedRisks(ref);
      if (!risks) continue;
      const path = containerField(ref, 'securityContext', 'capabilities', 'add');
      reported ??= pssReportedPaths(CAPABILITY_CHECKS, pod, settings);
      if (reported.has(formatPath(path))) continue;
      reports ??= [];
      reports.push({
        path,
        messageId: 'added',
        severity: risks.severity,
        data: { container: containerLabel(ref), capabilities: risks.words },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
