/**
 * What a hostPath volume exposes of the node, rated for writable and read-only mounts. Shared by
 * pod-sensitive-host-path and the PSS volume rules, whose findings carry these words when they
 * report the same volume (one concern, one finding).
 */
import { posix } from 'node:path';
import type { PodTemplate } from '../core/pod-spec.js';
import { type Severity, severityRank } from '../core/severity.js';
import type { PssAnnotator } from '../pss/index.js';
import { containersIn, fieldsOf } from './workload-support.js';

/** A node path whose exposure to a pod matters, rated for writable and read-only mounts. */
export interface SensitivePath {
  path: string;
  writable: Severity;
  readOnly: Severity;
  /** Whether everything below the path is as sensitive as the path itself. */
  below: boolean;
  /**
   * For a path whose subdirectories matter less than the whole (a tool's own log directory under
   * /var/log is not every pod's logs): how a mount below it is described and rated. Without it,
   * and without `below`, a mount below the path exposes nothing this list knows of.
   */
  under?: { what: string; writable: Severity; readOnly?: Severity };
  /** What the path gives the pod, completing "…: <what>". */
  what: string;
  /** A runtime API socket: read-only mounts do not protect it, since connecting writes nothing. */
  socket?: boolean;
  /** Added to `what` when a container mounts the path writable. */
  whenWritable?: string;
}

export const SOCKET: SensitivePath = {
  path: '',
  writable: 'critical',
  readOnly: 'critical',
  below: false,
  socket: true,
  what: 'the container runtime socket, which can start privileged containers and so gives root on the node',
};

/** File names of container runtime API sockets, wherever they live (rootless Podman, k3s, custom paths). */
export const RUNTIME_SOCKET_NAMES: readonly string[] = [
  'docker.sock',
  'containerd.sock',
  'crio.sock',
  'cri-dockerd.sock',
  'podman.sock',
  'dockershim.sock',
];

/** Windows named pipes of the runtimes (`\\.\pipe\docker_engine`). */
export const RUNTIME_PIPES: readonly string[] = ['docker_engine', 'containerd-containerd'];

const KUBELET =
  "the kubelet's state: every pod's volumes with their Secrets and ServiceAccount tokens, and the kubelet's credentials";
const STORAGE = 'the images and writable layers of every container on the node';

/** Paths are normalised, with /var/run written as /run. Directories containing a socket inherit its severity. */
export const HOST_PATHS: readonly SensitivePath[] = [
  { path: '/', writable: 'critical', readOnly: 'critical', below: false, what: "the node's entire filesystem" },
  { ...SOCKET, path: '/run/docker.sock' },
  { ...SOCKET, path: '/run/containerd/containerd.sock' },
  { ...SOCKET, path: '/run/k3s/containerd/containerd.sock' },
  { ...SOCKET, path: '/run/crio/crio.sock' },
  { ...SOCKET, path: '/run/cri-dockerd.sock' },
  { ...SOCKET, path: '/run/podman/podman.sock' },
  {
    path: '/etc',
    writable: 'critical',
    readOnly: 'high',
    below: false,
    what: 'node configuration: accounts and password hashes, cron, systemd units, kubeconfigs',
  },
  {
    path: '/etc/kubernetes',
    writable: 'critical',
    readOnly: 'critical',
    below: true,
    what: 'kubeconfigs and, on control-plane nodes, the cluster CA keys and admin credentials',
  },
  {
    path: '/var/lib/kubelet',
    writable: 'critical',
    readOnly: 'high',
    below: false,
    what: KUBELET,
    under: { what: "part of the kubelet's state", writable: 'high', readOnly: 'medium' },
  },
  {
    path: '/var/lib/kubelet/pods',
    writable: 'critical',
    readOnly: 'high',
    below: true,
    what: "every pod's volumes, with their Secrets and ServiceAccount tokens",
  },
  {
    path: '/var/lib/kubelet/pki',
    writable: 'critical',
    readOnly: 'high',
    below: true,
    what: "the kubelet's client and serving credentials",
  },
  {
    path: '/var/lib/etcd',
    writable: 'critical',
    readOnly: 'critical',
    below: true,
    what: "etcd's data, every Secret of the cluster in it",
  },
  { path: '/var/lib/docker', writable: 'critical', readOnly: 'high', below: true, what: STORAGE },
  { path: '/var/lib/containerd', writable: 'critical', readOnly: 'high', below: true, what: STORAGE },
  { path: '/var/lib/containers', writable: 'critical', readOnly: 'high', below: true, what: STORAGE },
  {
    path: '/proc',
    writable: 'critical',
    readOnly: 'medium',
    below: true,
    what: "the node's processes and kernel settings (core_pattern, sysrq)",
  },
  {
    path: '/sys',
    writable: 'critical',
    readOnly: 'low',
    below: false,
    what: 'kernel and cgroup controls (cgroup release agents run as root on the node)',
    under: { what: 'a kernel interface of the node', writable: 'medium' },
  },
  {
    path: '/sys/fs/cgroup',
    writable: 'critical',
    readOnly: 'low',
    below: true,
    what: "the node's cgroup controls (release agents run as root on the node)",
  },
  {
    path: '/sys/kernel',
    writable: 'critical',
    readOnly: 'low',
    below: true,
    what: 'kernel settings and debugging interfaces of the node',
  },
  {
    path: '/dev',
    writable: 'critical',
    readOnly: 'high',
    below: false,
    what: "the node's devices, raw disks included",
    under: { what: 'a device of the node', writable: 'high', readOnly: 'medium' },
  },
  { path: '/dev/mem', writable: 'critical', readOnly: 'critical', below: true, what: "the node's physical memory" },
  { path: '/dev/kmem', writable: 'critical', readOnly: 'critical', below: true, what: "the node kernel's memory" },
  { path: '/dev/port', writable: 'critical', readOnly: 'high', below: true, what: "the node's I/O ports" },
  { path: '/boot', writable: 'critical', readOnly: 'low', below: true, what: "the node's kernel and boot loader" },
  {
    path: '/root',
    writable: 'critical',
    readOnly: 'high',
    below: true,
    what: "root's home: SSH keys, shell history, cloud and registry credentials",
  },
  { path: '/home', writable: 'high', readOnly: 'medium', below: true, what: "users' homes: SSH keys and credentials" },
  {
    path: '/var/log',
    writable: 'high',
    readOnly: 'medium',
    below: false,
    what: 'the logs of every pod and of the node',
    whenWritable: ', and a symlink planted there makes the kubelet serve any file of the node',
  },
  {
    path: '/var/log/pods',
    writable: 'high',
    readOnly: 'medium',
    below: true,
    what: 'the logs of every pod on the node',
    whenWritable: ', and a symlink planted there makes the kubelet serve any file of the node',
  },
  {
    path: '/var/log/containers',
    writable: 'high',
    readOnly: 'medium',
    below: true,
    what: 'links to the logs of every container on the node',
    whenWritable: ', and a symlink planted there makes the kubelet serve any file of the node',
  },
  {
    path: '/etc/cni',
    writable: 'high',
    readOnly: 'low',
    below: true,
    what: 'the CNI configuration the kubelet runs for every new pod',
  },
  {
    path: '/opt/cni',
    writable: 'high',
    readOnly: 'low',
    below: true,
    what: 'the CNI plugins the kubelet runs as root for every new pod',
  },
  { path: '/usr', writable: 'critical', readOnly: 'low', below: true, what: "the node's programs and libraries" },
  { path: '/lib', writable: 'critical', readOnly: 'low', below: true, what: "the node's libraries and kernel modules" },
  { path: '/bin', writable: 'critical', readOnly: 'low', below: true, what: "the node's programs" },
  { path: '/sbin', writable: 'critical', readOnly: 'low', below: true, what: "the node's system programs" },
];

/** Devices every container runtime already offers, or that expose nothing of the node's state. */
const HARMLESS_DEVICES: readonly string[] = ['/dev/fuse', '/dev/net/tun', '/dev/null', '/dev/zero', '/dev/urandom'];

const TRAILING_SLASH = /\/+$/;

export function trimSlash(path: string): string {
  return path.replace(TRAILING_SLASH, '') || '/';
}

export interface Exposure {
  entry: SensitivePath;
  severity: Severity;
  /** What the mount exposes, completing "…: <what>". */
  what: string;
}

/** Host paths as the kubelet resolves them: normalised, and /var/run read as its usual target /run. */
function normalise(path: string): string {
  let out = trimSlash(posix.normalize(path));
  if (out === '/var/run' || out.startsWith('/var/run/')) out = `/run${out.slice('/var/run'.length)}`;
  return out;
}

/**
 * What mounting `raw` exposes: the worst of the entries it is, lies below or contains. A path
 * below an entry is described as what it is (a tool's own directory under /var/log is not every
 * pod's logs); a directory containing an entry says so (mounting /var exposes /var/lib/kubelet).
 */
export function exposureOf(raw: string, writable: boolean): Exposure | undefined {
  if (raw.startsWith('\\\\.\\pipe\\')) {
    const pipe = raw.slice('\\\\.\\pipe\\'.length).toLowerCase();
    return RUNTIME_PIPES.includes(pipe) ? { entry: SOCKET, severity: 'critical', what: SOCKET.what } : undefined;
  }
  if (!raw.startsWith('/')) return undefined;
  const path = normalise(raw);
  if (RUNTIME_SOCKET_NAMES.includes(posix.basename(path)))
    return { entry: SOCKET, severity: 'critical', what: SOCKET.what };
  if (HARMLESS_DEVICES.includes(path)) return undefined;
  let worst: Exposure | undefined;
  for (const entry of HOST_PATHS) {
    const suffix = writable ? (entry.whenWritable ?? '') : '';
    let found: Exposure | undefined;
    if (path === entry.path) {
      found = { entry, severity: writable ? entry.writable : entry.readOnly, what: `${entry.what}${suffix}` };
    } else if (path.startsWith(entry.path === '/' ? '/' : `${entry.path}/`) && entry.path !== '/') {
      if (entry.below) {
        found = { entry, severity: writable ? entry.writable : entry.readOnly, what: `part of ${entry.what}${suffix}` };
      } else if (entry.under) {
        const severity = writable ? entry.under.writable : entry.under.readOnly;
        if (severity) found = { entry, severity, what: entry.under.what };
      }
    } else if (path === '/' || entry.path.startsWith(`${path}/`)) {
      found = {
        entry,
        severity: writable ? entry.writable : entry.readOnly,
        what: `it contains ${entry.path}, ${entry.what}${suffix}`,
      };
    }
    if (found && (!worst || severityRank(found.severity) > severityRank(worst.severity))) worst = found;
  }
  return worst;
}

/** Whether any container mounts the volume without readOnly; undefined when none mounts it. */
export function mountMode(pod: PodTemplate, volume: string): boolean | undefined {
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

export interface VolumeExposure extends Exposure {
  /** The host path as written, and resolved when that differs: `"/var/run/x/.." (/run)`. */
  shown: string;
  /** `writable`, `read-only`, or read-only with the socket caveat. */
  mode: string;
}

/** What the hostPath volume at `index` exposes through the containers that mount it; undefined when nothing. */
export function volumeExposure(pod: PodTemplate, index: number): VolumeExposure | undefined {
  const volumes = pod.spec.volumes;
  const volume = Array.isArray(volumes) ? fieldsOf(volumes[index]) : undefined;
  const path = fieldsOf(volume?.hostPath)?.path;
  if (typeof path !== 'string' || typeof volume?.name !== 'string') return undefined;
  const writable = mountMode(pod, volume.name);
  if (writable === undefined) return undefined;
  const exposure = exposureOf(path, writable);
  if (!exposure) return undefined;
  const resolved = path.startsWith('/') ? trimSlash(posix.normalize(path)) : path;
  return {
    ...exposure,
    shown: resolved === trimSlash(path) ? `"${path}"` : `"${path}" (${resolved})`,
    mode: writable
      ? 'writable'
      : exposure.entry.socket === true
        ? 'read-only (which does not stop connecting to a socket)'
        : 'read-only',
  };
}

/** The annotator of the PSS volume rules: a hostPath finding says what the path exposes, rated. */
export const annotateHostPath: PssAnnotator = (finding, pod) => {
  const at = pod.specPath.length;
  if (finding.path[at] !== 'volumes' || finding.path[at + 2] !== 'hostPath') return undefined;
  const exposure = volumeExposure(pod, finding.path[at + 1] as number);
  if (!exposure) return undefined;
  return { note: `host path ${exposure.shown} ${exposure.mode}, ${exposure.what}`, severity: exposure.severity };
};
