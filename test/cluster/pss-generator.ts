/*
 * Seeded pods that vary every field the 19 Pod Security checks read: host namespaces and ports,
 * privileged, capabilities, volumes, AppArmor (fields and annotations), SELinux, /proc mount,
 * seccomp (fields and the old annotations), sysctls, Windows options, probes and lifecycle hooks,
 * runAsNonRoot / runAsUser at pod and container level, and hostUsers. Most pods are valid for the
 * API server; the few that are not are reported as not judged, never as agreement.
 */
import type { Random } from './oracle.js';

type Obj = Record<string, unknown>;

const CAPS = [
  'NET_BIND_SERVICE',
  'CHOWN',
  'KILL',
  'SETUID',
  'SETGID',
  'AUDIT_WRITE',
  'MKNOD',
  'SYS_CHROOT',
  'NET_ADMIN',
  'SYS_ADMIN',
  'NET_RAW',
  'SYS_TIME',
  'ALL',
  'all',
  'CAP_SYS_ADMIN',
  'net_bind_service',
  'BPF',
];
const DROPS = ['ALL', 'all', 'NET_RAW', 'CAP_ALL', 'SYS_ADMIN'];
const SELINUX_TYPES = [
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
  'spc_t',
  'unconfined_t',
  'foo_t',
];
const SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'kernel.msgmax',
  'net.core.somaxconn',
  'vm.swappiness',
  'kernel.sem',
];
const HOSTS = ['127.0.0.1', 'localhost', 'example.com', '10.0.0.1', '::1', ''];
const RESTRICTED_VOLUMES: [string, () => Obj][] = [
  ['configMap', () => ({ configMap: { name: 'cm' } })],
  ['secret', () => ({ secret: { secretName: 's' } })],
  ['emptyDir', () => ({ emptyDir: {} })],
  ['downwardAPI', () => ({ downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } })],
  ['projected', () => ({ projected: { sources: [{ configMap: { name: 'cm' } }] } })],
  ['persistentVolumeClaim', () => ({ persistentVolumeClaim: { claimName: 'pvc' } })],
  ['csi', () => ({ csi: { driver: 'inline.example.com' } })],
  [
    'ephemeral',
    () => ({
      ephemeral: {
        volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      },
    }),
  ],
];
const OTHER_VOLUMES: [string, () => Obj][] = [
  ['hostPath', () => ({ hostPath: { path: '/var/run' } })],
  ['nfs', () => ({ nfs: { server: 'nfs.example.com', path: '/export' } })],
  ['iscsi', () => ({ iscsi: { targetPortal: '10.0.0.2:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 } })],
  ['gitRepo', () => ({ gitRepo: { repository: 'https://example.com/repo.git' } })],
  ['awsElasticBlockStore', () => ({ awsElasticBlockStore: { volumeID: 'vol-1' } })],
  ['rbd', () => ({ rbd: { monitors: ['10.0.0.3:6789'], image: 'img' } })],
  ['fc', () => ({ fc: { wwids: ['0123456789abcdef'] } })],
  ['flexVolume', () => ({ flexVolume: { driver: 'example/flex' } })],
  ['cephfs', () => ({ cephfs: { monitors: ['10.0.0.3:6789'] } })],
];

export interface GeneratedPod {
  pod: Obj;
  level: 'baseline' | 'restricted';
  /** `latest` or `v1.N` */
  version: string;
}

export function generatePods(random: Random, count: number): GeneratedPod[] {
  const pods: GeneratedPod[] = [];
  for (let i = 0; i < count; i++) {
    const level = random.chance(0.5) ? 'baseline' : 'restricted';
    // Newer versions are where the checks changed most, so they get most of the cases.
    const version = random.chance(0.3) ? 'latest' : `v1.${random.chance(0.6) ? 22 + random.int(16) : random.int(38)}`;
    pods.push({ pod: generatePod(random, `gen-${i}`), level, version });
  }
  return pods;
}

function generatePod(r: Random, name: string): Obj {
  const os = r.chance(0.08) ? 'windows' : r.chance(0.15) ? 'linux' : undefined;
  const windows = os === 'windows';
  // A pod that is mostly restricted-compliant, so that single deviations are what decides.
  const hardened = r.chance(0.5);
  const annotations: Record<string, string> = {};
  const spec: Obj = {};
  if (os) spec.os = { name: os };
  const hostProcess = !os || windows ? r.chance(0.04) : false;
  if (hostProcess || (!windows && r.chance(0.1))) spec.hostNetwork = true;
  if (!windows && r.chance(0.06)) spec.hostPID = true;
  if (!windows && r.chance(0.06)) spec.hostIPC = true;
  if (!windows && !spec.hostNetwork && !spec.hostPID && !spec.hostIPC && r.chance(0.15))
    spec.hostUsers = !r.chance(0.8);

  const podSc: Obj = {};
  if (hardened || r.chance(0.3)) podSc.runAsNonRoot = hardened ? !r.chance(0.1) : r.chance(0.5);
  if (!windows) {
    if (r.chance(0.25)) podSc.runAsUser = r.pick([0, 1000, 65534]);
    if (hardened ? !r.chance(0.1) : r.chance(0.25)) podSc.seccompProfile = seccomp(r, hardened);
    if (r.chance(0.1)) podSc.seLinuxOptions = seLinux(r);
    if (r.chance(0.08)) podSc.appArmorProfile = appArmor(r);
    if (r.chance(0.12)) {
      // The API refuses net.* sysctls beside hostNetwork and IPC ones beside hostIPC.
      const allowed = SYSCTLS.filter(
        (name) =>
          !(spec.hostNetwork && name.startsWith('net.')) && !(spec.hostIPC && /^kernel\.(shm|msg|sem)/.test(name)),
      );
      podSc.sysctls = r
        .some(allowed, 0.15)
        .slice(0, 3)
        .map((sysctl) => ({ name: sysctl, value: '1' }));
    }
  }
  if (hostProcess || (r.chance(0.08) && (!os || windows))) podSc.windowsOptions = windowsOptions(r, hostProcess);
  if (Object.keys(podSc).length > 0) spec.securityContext = podSc;

  const volumes: Obj[] = [];
  const volumeCount = r.chance(0.5) ? r.int(3) + 1 : 0;
  for (let v = 0; v < volumeCount; v++) {
    const [, make] = r.chance(hardened ? 0.85 : 0.6) ? r.pick(RESTRICTED_VOLUMES) : r.pick(OTHER_VOLUMES);
    volumes.push({ name: `v${v}`, ...make() });
  }
  if (volumes.length > 0) spec.volumes = volumes;

  const containers: Obj[] = [];
  const initContainers: Obj[] = [];
  const count = 1 + r.int(2);
  for (let c = 0; c < count; c++) {
    containers.push(container(r, `c${c}`, c, { windows, hardened, hostProcess, spec, annotations }));
  }
  const inits = r.chance(0.3) ? 1 + r.int(2) : 0;
  for (let c = 0; c < inits; c++) {
    const init = container(r, `i${c}`, 10 + c, { windows, hardened, hostProcess, spec, annotations });
    delete init.readinessProbe;
    delete init.livenessProbe;
    delete init.startupProbe;
    delete init.lifecycle;
    if (r.chance(0.3)) init.restartPolicy = 'Always';
    initContainers.push(init);
  }
  spec.containers = containers;
  if (initContainers.length > 0) spec.initContainers = initContainers;

  if (!windows && !podSc.seccompProfile && r.chance(0.06)) {
    annotations['seccomp.security.alpha.kubernetes.io/pod'] = r.pick([
      'runtime/default',
      'unconfined',
      'localhost/profile.json',
    ]);
  }
  const metadata: Obj = { name };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

interface PodContext {
  windows: boolean;
  hardened: boolean;
  hostProcess: boolean;
  spec: Obj;
  annotations: Record<string, string>;
}

function container(r: Random, name: string, index: number, ctx: PodContext): Obj {
  const { windows, hardened } = ctx;
  const out: Obj = { name, image: 'registry.k8s.io/pause' };
  const sc: Obj = {};
  if (!windows) {
    if (hardened ? !r.chance(0.08) : r.chance(0.3)) sc.allowPrivilegeEscalation = hardened ? false : r.chance(0.5);
    if (r.chance(hardened ? 0.02 : 0.08)) sc.privileged = true;
    if (hardened || r.chance(0.35)) {
      const capabilities: Obj = {};
      const drop = hardened && !r.chance(0.1) ? ['ALL'] : r.some(DROPS, 0.3);
      if (drop.length > 0) capabilities.drop = drop;
      const add = r.chance(hardened ? 0.15 : 0.35) ? r.some(CAPS, 0.12).slice(0, 3) : [];
      if (add.length > 0) capabilities.add = add;
      if (Object.keys(capabilities).length > 0) sc.capabilities = capabilities;
    }
    if (r.chance(0.12)) sc.runAsUser = r.pick([0, 1000, 65534]);
    if (r.chance(0.2)) sc.runAsNonRoot = r.chance(0.6);
    if (r.chance(0.15)) sc.seccompProfile = seccomp(r, hardened);
    if (r.chance(0.08)) sc.seLinuxOptions = seLinux(r);
    if (r.chance(0.06)) {
      const hostNamespaces = ctx.spec.hostNetwork || ctx.spec.hostPID || ctx.spec.hostIPC;
      sc.procMount = hostNamespaces ? 'Default' : r.pick(['Default', 'Unmasked']);
      // The API allows an unmasked /proc only in a user namespace.
      if (sc.procMount === 'Unmasked') ctx.spec.hostUsers = false;
    }
    const appArmorRoll = r.next();
    if (appArmorRoll < 0.06) sc.appArmorProfile = appArmor(r);
    else if (appArmorRoll < 0.12) {
      ctx.annotations[`container.apparmor.security.beta.kubernetes.io/${name}`] = r.pick([
        'runtime/default',
        'localhost/profile',
        'unconfined',
      ]);
    }
  } else if (r.chance(0.3)) {
    sc.runAsNonRoot = r.chance(0.6);
  }
  if (ctx.hostProcess) sc.windowsOptions = { hostProcess: true };
  else if ((windows || !ctx.spec.os) && r.chance(0.05)) sc.windowsOptions = windowsOptions(r, false);
  // The API refuses allowPrivilegeEscalation=false beside privileged or an added CAP_SYS_ADMIN.
  const added = ((sc.capabilities as Obj | undefined)?.add as string[] | undefined) ?? [];
  if (
    sc.allowPrivilegeEscalation === false &&
    (sc.privileged || added.some((c) => c.toUpperCase() === 'CAP_SYS_ADMIN'))
  ) {
    delete sc.allowPrivilegeEscalation;
  }
  if (Object.keys(sc).length > 0) out.securityContext = sc;

  if (r.chance(0.3)) {
    // Distinct per container: the API refuses two containers on one host port.
    const port: Obj = { containerPort: 8000 + index * 10 + r.int(10) };
    if (ctx.spec.hostNetwork) port.hostPort = port.containerPort;
    else if (r.chance(0.4)) port.hostPort = r.chance(0.2) ? 0 : r.pick([80, 8080, 30000]) + index;
    out.ports = [port];
  }
  if (r.chance(0.25)) out.readinessProbe = probe(r);
  if (r.chance(0.15)) out.livenessProbe = probe(r);
  if (r.chance(0.1)) out.startupProbe = probe(r);
  if (r.chance(0.15)) {
    const lifecycle: Obj = {};
    if (r.chance(0.6)) lifecycle.postStart = handler(r, false);
    if (r.chance(0.6)) lifecycle.preStop = handler(r, false);
    if (Object.keys(lifecycle).length > 0) out.lifecycle = lifecycle;
  }
  const volumes = (ctx.spec.volumes as Obj[] | undefined) ?? [];
  if (volumes.length > 0 && r.chance(0.5)) out.volumeMounts = [{ name: (volumes[0] as Obj).name, mountPath: '/data' }];
  return out;
}

function seccomp(r: Random, hardened: boolean): Obj {
  const type = hardened && r.chance(0.7) ? 'RuntimeDefault' : r.pick(['RuntimeDefault', 'Localhost', 'Unconfined']);
  return type === 'Localhost' ? { type, localhostProfile: 'profile.json' } : { type };
}

function appArmor(r: Random): Obj {
  const type = r.pick(['RuntimeDefault', 'Localhost', 'Unconfined']);
  return type === 'Localhost' ? { type, localhostProfile: 'profile' } : { type };
}

function seLinux(r: Random): Obj {
  const out: Obj = {};
  const type = r.pick(SELINUX_TYPES);
  if (type) out.type = type;
  if (r.chance(0.2)) out.user = r.pick(['system_u', 'unconfined_u']);
  if (r.chance(0.2)) out.role = r.pick(['system_r', 'object_r']);
  if (r.chance(0.3)) out.level = r.pick(['s0', 's0:c123,c456']);
  return out;
}

function windowsOptions(r: Random, hostProcess: boolean): Obj {
  const out: Obj = {};
  if (hostProcess) out.hostProcess = true;
  if (r.chance(0.4)) out.runAsUserName = r.pick(['ContainerUser', 'NT AUTHORITY\\SYSTEM']);
  if (r.chance(0.2)) out.gmsaCredentialSpecName = 'gmsa';
  return out;
}

function probe(r: Random): Obj {
  return { ...handler(r, true), periodSeconds: 10 };
}

/** An exec, HTTP or TCP handler (sleep too, for lifecycle hooks), with or without a host. */
function handler(r: Random, isProbe: boolean): Obj {
  const kind = r.pick(isProbe ? ['exec', 'httpGet', 'tcpSocket'] : ['exec', 'httpGet', 'tcpSocket', 'sleep']);
  if (kind === 'exec') return { exec: { command: ['true'] } };
  if (kind === 'sleep') return { sleep: { seconds: 1 } };
  const target: Obj = { port: 8080 };
  if (r.chance(0.5)) target.host = r.pick(HOSTS);
  if (kind === 'httpGet') target.path = '/healthz';
  return { [kind]: target };
}
