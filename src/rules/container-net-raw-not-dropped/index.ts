import { formatPath } from '../../core/path.js';
import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { dropsNetRaw } from '../capability-risk.js';
import { CAPABILITY_CHECKS, pssReportedPaths } from '../pss-in-force.js';
import {
  containerField,
  containerLabel,
  containersIn,
  fieldsOf,
  isWindows,
  NO_FINDINGS,
  podOrSkip,
  WINDOWS_SKIP,
} from '../workload-support.js';

/**
 * Privileged containers are left out: the runtime grants them every capability whatever `drop`
 * says, and pss-privileged reports them. A NET_RAW added back after dropping it is for
 * container-dangerous-capabilities to report. Where pss-capabilities-restricted asks the same
 * container for `drop: ["ALL"]`, its finding says that NET_RAW stays, and this rule is silent.
 */
export const containerNetRawNotDropped = defineRule<'notDropped'>({
  meta: {
    id: 'container-net-raw-not-dropped',
    title: 'Containers drop the NET_RAW capability',
    description:
      'Flags containers (init, regular and ephemeral) whose `securityContext.capabilities.drop` contains neither NET_RAW nor ALL (compared as runtimes do: any case, with or without CAP_). Privileged containers and Windows pods are not judged; a NET_RAW added back after dropping it is reported by container-dangerous-capabilities. At the PSS restricted level (the default), pss-capabilities-restricted asks for `drop: ["ALL"]`, which satisfies this rule too, and its finding says that NET_RAW stays: this rule then reports nothing for that container (one concern, one finding). It reports at the baseline level, and in scans where that PSS rule does not run.',
    rationale:
      "containerd and Docker still grant NET_RAW to every container by default. Raw sockets let a compromised container forge packets on the pod network: spoof ARP and DNS answers to intercept its neighbours' traffic, or reach kernel code paths that have been exploited for privilege escalation (CVE-2020-14386). Almost no application needs them; ping, the usual reason, can use unprivileged ICMP sockets instead (the namespaced `net.ipv4.ping_group_range` sysctl).",
    remediation:
      'Drop it, or better every capability:\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: ["ALL"]   # or at least ["NET_RAW"]\n```\n\n`rampart fix` appends NET_RAW to the drop list, which changes nothing else the container can do.',
    stage: 'deploy',
    severity: 'medium',
    owner: 'developer',
    frameworks: { nsa: ['Pod security: privileged containers'], cis: ['5.2.8'], mitre: ['T1068'] },
    kinds: POD_SPEC_KINDS,
    messages: {
      notDropped: '{{container}} keeps NET_RAW: securityContext.capabilities.drop lists neither NET_RAW nor ALL',
    },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
      'https://man7.org/linux/man-pages/man7/capabilities.7.html',
    ],
    fixable: true,
  },
  check({ object, settings }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    if (isWindows(pod)) return WINDOWS_SKIP;
    let reports: Report<'notDropped'>[] | undefined;
    let reported: ReadonlySet<string> | undefined;
    for (const ref of containersIn(pod, 'all')) {
      if (fieldsOf(ref.container.securityContext)?.privileged === true || dropsNetRaw(ref)) continue;
      const path = containerField(ref, 'securityContext', 'capabilities', 'drop');
      reported ??= pssReportedPaths(CAPABILITY_CHECKS, pod, settings);
      if (reported.has(formatPath(path))) continue;
      reports ??= [];
      reports.push({
        path,
        messageId: 'notDropped',
        data: { container: containerLabel(ref) },
        fix: {
          description: 'add NET_RAW to securityContext.capabilities.drop',
          operations: [{ op: 'include', path, value: 'NET_RAW' }],
        },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
