import { isRecord } from '../../core/pod-spec.js';
import { defineRule, NOT_APPLICABLE } from '../../core/rule.js';

type MessageId = 'belowCgroupV2';

/**
 * Kubernetes documents Linux 5.8 as the minimum for cgroup v2 (concepts/architecture/cgroups), and
 * cgroup v1 is unsupported: kubelets refuse to start on it by default since v1.35 (KEP-5573,
 * `failCgroupV1`). A kernel below it is below what every supported kubelet expects.
 */
const MINIMUM = { major: 5, minor: 8 } as const;

/** `5.15.0-140-generic`, `4.18.0-553.el8_10.x86_64`, `6.1.128-136.201.amzn2023.x86_64` → [major, minor]. */
function kernelOf(version: unknown): [number, number] | undefined {
  if (typeof version !== 'string' || version.length > 128) return undefined;
  const match = /^(\d{1,3})\.(\d{1,3})(?:[.+-]|$)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export const nodeKernelVersion = defineRule<MessageId>({
  meta: {
    id: 'node-kernel-version',
    title: 'Linux nodes run a kernel of at least 5.8, the minimum for cgroup v2',
    description: `Reads \`status.nodeInfo.kernelVersion\` of each Linux Node and reports a kernel older than ${MINIMUM.major}.${MINIMUM.minor}, the version Kubernetes documents as the minimum for cgroup v2. cgroup v1 is unsupported: kubelets refuse to start on it by default since v1.35. Features need newer kernels still (user namespaces for \`hostUsers: false\` 6.3, kube-proxy's nftables mode 5.13); those are not judged. Windows nodes are not judged.`,
    rationale:
      'A kernel too old for cgroup v2 keeps a node on cgroup v1, which Kubernetes no longer supports: the node cannot take a current kubelet without `failCgroupV1: false`, it misses the memory and I/O isolation cgroup v2 gives (MemoryQoS, pressure stall information, safer delegation), and old kernels carry container-escape vulnerabilities fixed only in newer ones.',
    remediation:
      "Move the node to an OS image with a 5.8 or newer kernel that boots with cgroup v2 (Ubuntu 22.04, Debian 11, RHEL 9, Amazon Linux 2023, Bottlerocket and their successors), draining the nodes one at a time. Distributions that backport cgroup v2 to an older kernel (RHEL 8's 4.18) can run it: boot with `systemd.unified_cgroup_hierarchy=1` and record an exception for the node pool.",
    stage: 'runtime',
    severity: 'medium',
    owner: 'platform',
    frameworks: { nsa: ['Upgrading and application security practices'], mitre: ['T1611'] },
    kinds: ['Node'],
    messages: {
      belowCgroupV2:
        'the node runs Linux {{kernel}}, older than 5.8, the minimum Kubernetes documents for cgroup v2 (kubelets refuse cgroup v1 by default since v1.35)',
    },
    references: [
      'https://kubernetes.io/docs/reference/node/kernel-version-requirements/',
      'https://kubernetes.io/docs/concepts/architecture/cgroups/',
      'https://github.com/kubernetes/enhancements/issues/5573',
    ],
  },
  check({ object }) {
    if (object.apiVersion !== 'v1') return [];
    const status = isRecord(object.status) ? object.status : {};
    const info = isRecord(status.nodeInfo) ? status.nodeInfo : {};
    // nodeInfo.operatingSystem is the kubelet's GOOS; Windows reports its build as the kernel
    if (typeof info.operatingSystem === 'string' && info.operatingSystem !== 'linux') return NOT_APPLICABLE;
    const kernel = kernelOf(info.kernelVersion);
    if (!kernel) return { skip: 'the node reports no Linux kernel version (status.nodeInfo.kernelVersion)' };
    const [major, minor] = kernel;
    if (major > MINIMUM.major || (major === MINIMUM.major && minor >= MINIMUM.minor)) return [];
    return [
      {
        path: ['status', 'nodeInfo', 'kernelVersion'],
        messageId: 'belowCgroupV2',
        data: { kernel: `${major}.${minor}` },
      },
    ];
  },
});
