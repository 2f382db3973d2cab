import { formatPath } from '../../core/path.js';
import { POD_SPEC_KINDS } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { volumeExposure } from '../host-path-exposure.js';
import { HOST_PATH_CHECKS, pssReportedPaths } from '../pss-in-force.js';
import { fieldsOf, NO_FINDINGS, podOrSkip } from '../workload-support.js';

/**
 * One finding per hostPath volume that a container mounts, rated by what the host path exposes
 * and whether any mount is writable; read-only does not protect a socket (connecting needs no
 * write to the filesystem). Volumes no container mounts expose nothing and are left to pss-host-path-volumes.
 * Where the PSS volume check in force reports the volume, its finding carries this rating and
 * these words, and this rule is silent (one concern, one finding).
 */
export const podSensitiveHostPath = defineRule<'exposed'>({
  meta: {
    id: 'pod-sensitive-host-path',
    title: 'Pods do not mount container runtime sockets or sensitive host directories',
    description:
      'Flags hostPath volumes that expose a container runtime socket (Docker, containerd, CRI-O, cri-dockerd, Podman, also Windows named pipes) or a sensitive node directory — `/`, `/etc`, `/etc/kubernetes`, `/var/lib/kubelet`, `/var/lib/etcd`, container storage, `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/home`, `/var/log`, CNI and system binary directories — including any directory that contains one (mounting `/var` exposes `/var/lib/kubelet`). A path below one of them is described as what it is: the log directory of one tool under `/var/log` is not the logs of every pod, and devices such as `/dev/fuse` expose nothing of the node. Severity depends on the path and on whether a container mounts it writable: runtime sockets and `/` are always critical. The Pod Security Standards volume check in force (pss-restricted-volumes at the restricted level, pss-host-path-volumes at baseline) reports every hostPath volume; its finding carries this rating and these words, and this rule then reports nothing for the volume (one concern, one finding). This rule reports the volumes itself in scans where that PSS rule does not run (turned off in rampart.yaml, or left out by `--framework`).',
    rationale:
      'A hostPath volume punches through the container boundary to the node. Some holes are fatal: the runtime socket lets the pod start a privileged container on the node; the kubelet directory holds the Secrets and tokens of every pod on the node; a writable /etc, /proc or /sys gives root on the node through cron, core_pattern or cgroup release agents. Read-only mounts still leak credentials (kubeconfigs, pod logs, process environments). One compromised pod with such a mount is a compromised node, and often a compromised cluster.',
    remediation:
      'Remove the mount, or narrow it to the one file or directory the workload needs and mount it read-only:\n\n```yaml\nvolumes:\n- name: pod-logs\n  hostPath:\n    path: /var/log/pods\n    type: Directory\ncontainers:\n- name: shipper\n  volumeMounts:\n  - name: pod-logs\n    mountPath: /var/log/pods\n    readOnly: true\n```\n\nBuild images without a Docker socket (BuildKit rootless, kaniko); use the Kubernetes API or a CSI driver instead of node directories. Node agents that truly need such access belong in a dedicated namespace, with an exception that names the reason and an owner.',
    stage: 'deploy',
    severity: 'high',
    owner: 'platform',
    frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.12'], mitre: ['T1611', 'T1609'] },
    kinds: POD_SPEC_KINDS,
    messages: { exposed: 'volume {{volume}} mounts host path {{path}} {{mode}}: {{exposure}}' },
    references: [
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    ],
  },
  check({ object, settings }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const volumes = pod.spec.volumes;
    if (!Array.isArray(volumes)) return NO_FINDINGS;
    let reports: Report<'exposed'>[] | undefined;
    let reported: ReadonlySet<string> | undefined;
    for (let i = 0; i < volumes.length; i++) {
      const exposure = volumeExposure(pod, i);
      if (!exposure) continue;
      reported ??= pssReportedPaths(HOST_PATH_CHECKS, pod, settings);
      if (reported.has(formatPath([...pod.specPath, 'volumes', i, 'hostPath']))) continue;
      reports ??= [];
      reports.push({
        path: [...pod.specPath, 'volumes', i, 'hostPath', 'path'],
        messageId: 'exposed',
        severity: exposure.severity,
        data: {
          volume: `"${String(fieldsOf(volumes[i])?.name)}"`,
          path: exposure.shown,
          mode: exposure.mode,
          exposure: exposure.what,
        },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
