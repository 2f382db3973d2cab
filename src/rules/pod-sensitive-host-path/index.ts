import { posix } from 'node:path';
import { POD_SPEC_KINDS, type PodTemplate } from '../../core/pod-spec.js';
import { defineRule, type Report } from '../../core/rule.js';
import { type Severity, severityRank } from '../../core/severity.js';
import { containersIn, fieldsOf, NO_FINDINGS, podOrSkip } from '../workload-support.js';
import { HOST_PATHS, RUNTIME_PIPES, RUNTIME_SOCKET_NAMES, type SensitivePath, SOCKET } from './paths.js';

const TRAILING_SLASH = /\/+$/;

function trimSlash(path: string): string {
  return path.replace(TRAILING_SLASH, '') || '/';
}

interface Exposure {
  entry: SensitivePath;
  severity: Severity;
  /** Set when the mounted directory contains the sensitive path rather than being it or lying below it. */
  contains?: string;
}

/** Host paths as the kubelet resolves them: normalised, and /var/run read as its usual target /run. */
function normalise(path: string): string {
  let out = trimSlash(posix.normalize(path));
  if (out === '/var/run' || out.startsWith('/var/run/')) out = `/run${out.slice('/var/run'.length)}`;
  return out;
}

function exposureOf(raw: string, writable: boolean): Exposure | undefined {
  if (raw.startsWith('\\\\.\\pipe\\')) {
    const pipe = raw.slice('\\\\.\\pipe\\'.length).toLowerCase();
    return RUNTIME_PIPES.includes(pipe) ? { entry: SOCKET, severity: 'critical' } : undefined;
  }
  if (!raw.startsWith('/')) return undefined;
  const path = normalise(raw);
  if (RUNTIME_SOCKET_NAMES.includes(posix.basename(path))) return { entry: SOCKET, severity: 'critical' };
  let worst: Exposure | undefined;
  for (const entry of HOST_PATHS) {
    let contains: string | undefined;
    if (path === entry.path || (entry.below && path.startsWith(`${entry.path}/`))) contains = undefined;
    else if (path === '/' || entry.path.startsWith(`${path}/`)) contains = entry.path;
    else continue;
    const severity = writable ? entry.writable : entry.readOnly;
    if (!worst || severityRank(severity) > severityRank(worst.severity)) {
      worst = contains === undefined ? { entry, severity } : { entry, severity, contains };
    }
  }
  return worst;
}

/** Whether any container mounts the volume without readOnly; undefined when none mounts it. */
function mountMode(pod: PodTemplate, volume: string): boolean | undefined {
  let mounted: boolean | undefined;
  for (const ref of containersIn(pod, 'all')) {
    const mounts = ref.container.volumeMounts;
    if (!Array.isArray(mounts)) continue;
    for (const mount of mounts) {
      const fields = fieldsOf(mount);
      if (fields?.name !== volume) continue;
      if (fields.readOnly !== true) return true;
      mounted = false;
    }
  }
  return mounted;
}

/**
 * One finding per hostPath volume that a container mounts, rated by what the host path exposes
 * and whether any mount is writable; read-only does not protect a socket (connecting needs no
 * write to the filesystem). Volumes no container mounts expose nothing and are left to pss-host-path-volumes.
 */
export const podSensitiveHostPath = defineRule<'exposed'>({
  meta: {
    id: 'pod-sensitive-host-path',
    title: 'Pods do not mount container runtime sockets or sensitive host directories',
    description:
      'Flags hostPath volumes that expose a container runtime socket (Docker, containerd, CRI-O, cri-dockerd, Podman, also Windows named pipes) or a sensitive node directory — `/`, `/etc`, `/etc/kubernetes`, `/var/lib/kubelet`, `/var/lib/etcd`, container storage, `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/home`, `/var/log`, CNI and system binary directories — including any directory that contains one (mounting `/var` exposes `/var/lib/kubelet`). Severity depends on the path and on whether a container mounts it writable: runtime sockets and `/` are always critical. The PSS baseline rule reports every hostPath; this one says which are dangerous and why.',
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
  check({ object }) {
    const pod = podOrSkip(object);
    if ('skip' in pod) return pod;
    const volumes = pod.spec.volumes;
    if (!Array.isArray(volumes)) return NO_FINDINGS;
    let reports: Report<'exposed'>[] | undefined;
    for (let i = 0; i < volumes.length; i++) {
      const volume = fieldsOf(volumes[i]);
      const path = fieldsOf(volume?.hostPath)?.path;
      if (typeof path !== 'string' || typeof volume?.name !== 'string') continue;
      const writable = mountMode(pod, volume.name);
      if (writable === undefined) continue;
      const resolved = path.startsWith('/') ? trimSlash(posix.normalize(path)) : path;
      const exposure = exposureOf(path, writable);
      if (!exposure) continue;
      const socket = exposure.entry.socket === true;
      reports ??= [];
      reports.push({
        path: [...pod.specPath, 'volumes', i, 'hostPath', 'path'],
        messageId: 'exposed',
        severity: exposure.severity,
        data: {
          volume: `"${volume.name}"`,
          path: resolved === trimSlash(path) ? `"${path}"` : `"${path}" (${resolved})`,
          mode: writable ? 'writable' : socket ? 'read-only (which does not stop connecting to a socket)' : 'read-only',
          exposure: `${exposure.contains ? `it contains ${exposure.contains}, ` : ''}${exposure.entry.what}${writable ? (exposure.entry.whenWritable ?? '') : ''}`,
        },
      });
    }
    return reports ?? NO_FINDINGS;
  },
});
