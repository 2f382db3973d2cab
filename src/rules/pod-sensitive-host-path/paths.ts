import type { Severity } from '../../core/severity.js';

/** A node path whose exposure to a pod matters, rated for writable and read-only mounts. */
export interface SensitivePath {
  path: string;
  writable: Severity;
  readOnly: Severity;
  /** Whether everything below the path is as sensitive as the path itself. */
  below: boolean;
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
  { path: '/var/lib/kubelet', writable: 'critical', readOnly: 'high', below: true, what: KUBELET },
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
    below: true,
    what: 'kernel and cgroup controls (cgroup release agents run as root on the node)',
  },
  { path: '/dev', writable: 'critical', readOnly: 'high', below: true, what: "the node's devices, raw disks included" },
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
    below: true,
    what: 'the logs of every pod and of the node',
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
