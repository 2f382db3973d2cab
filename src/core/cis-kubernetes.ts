/**
 * The controls of the CIS Kubernetes Benchmark v1.10.0, so that a CIS score can say what it
 * covers: every control is either scored (a rule of the scan maps to it) or listed as not
 * judged, with the reason. Titles are Rampart's own short summaries, not the benchmark's text.
 *
 * Sections 1–4 are the files, flags and certificates of control-plane and worker nodes: no
 * manifest and no API object holds them. Section 5 is about API objects, and most of its
 * controls can be judged from manifests; the few that cannot say why.
 */

export interface BenchmarkControl {
  id: string;
  title: string;
  /** Why no manifest can judge this control; absent when one can. */
  outOfReach?: string;
}

export interface BenchmarkSection {
  id: string;
  title: string;
  controls: readonly BenchmarkControl[];
}

export interface Benchmark {
  title: string;
  version: string;
  sections: readonly BenchmarkSection[];
}

/** `count` controls numbered `<prefix>.1` … `<prefix>.<count>`, all out of reach for the same reason. */
function numbered(prefix: string, title: string, count: number, outOfReach: string): BenchmarkControl[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}.${i + 1}`, title, outOfReach }));
}

const CONTROL_PLANE_NODES =
  'set by files and command-line flags on the control-plane nodes, which no manifest or API object holds';
const ETCD_NODES = "set by etcd's flags and certificates on its nodes, which no manifest or API object holds";
const API_SERVER_CONFIG = "set in the API server's authentication and audit configuration, not in API objects";
const WORKER_NODES =
  'set by kubelet and kube-proxy files and flags on each node, which no manifest or API object holds';

export const CIS_KUBERNETES: Benchmark = {
  title: 'CIS Kubernetes Benchmark',
  version: 'v1.10.0',
  sections: [
    {
      id: '1',
      title: 'Control plane components',
      controls: [
        ...numbered('1.1', 'control-plane node configuration files', 21, CONTROL_PLANE_NODES),
        ...numbered('1.2', 'API server flags', 29, CONTROL_PLANE_NODES),
        ...numbered('1.3', 'controller manager flags', 7, CONTROL_PLANE_NODES),
        ...numbered('1.4', 'scheduler flags', 2, CONTROL_PLANE_NODES),
      ],
    },
    { id: '2', title: 'etcd', controls: numbered('2', 'etcd configuration', 7, ETCD_NODES) },
    {
      id: '3',
      title: 'Control plane configuration',
      controls: [
        ...numbered('3.1', 'authentication of users', 3, API_SERVER_CONFIG),
        ...numbered('3.2', 'audit logging', 2, API_SERVER_CONFIG),
      ],
    },
    {
      id: '4',
      title: 'Worker nodes',
      controls: [
        ...numbered('4.1', 'worker node configuration files', 10, WORKER_NODES),
        ...numbered('4.2', 'kubelet configuration', 13, WORKER_NODES),
        ...numbered('4.3', 'kube-proxy configuration', 1, WORKER_NODES),
      ],
    },
    {
      id: '5',
      title: 'Policies',
      controls: [
        { id: '5.1.1', title: 'cluster-admin only where required' },
        { id: '5.1.2', title: 'minimal access to Secrets' },
        { id: '5.1.3', title: 'no wildcards in Roles and ClusterRoles' },
        { id: '5.1.4', title: 'minimal access to create pods' },
        { id: '5.1.5', title: 'default service accounts not used' },
        { id: '5.1.6', title: 'service account tokens mounted only where needed' },
        {
          id: '5.1.7',
          title: 'no use of the system:masters group',
          outOfReach: 'membership comes from client certificates, which are not API objects',
        },
        { id: '5.1.8', title: 'limited bind, impersonate and escalate' },
        { id: '5.1.9', title: 'minimal access to create PersistentVolumes' },
        { id: '5.1.10', title: 'minimal access to the nodes/proxy subresource' },
        { id: '5.1.11', title: 'minimal access to approve CertificateSigningRequests' },
        { id: '5.1.12', title: 'minimal access to webhook configurations' },
        { id: '5.1.13', title: 'minimal access to create service account tokens' },
        { id: '5.2.1', title: 'a policy control mechanism for every namespace with workloads' },
        { id: '5.2.2', title: 'no privileged containers' },
        { id: '5.2.3', title: 'no containers sharing the host PID namespace' },
        { id: '5.2.4', title: 'no containers sharing the host IPC namespace' },
        { id: '5.2.5', title: 'no containers sharing the host network' },
        { id: '5.2.6', title: 'no containers allowing privilege escalation' },
        { id: '5.2.7', title: 'no root containers' },
        { id: '5.2.8', title: 'no containers with NET_RAW' },
        { id: '5.2.9', title: 'no containers adding capabilities' },
        { id: '5.2.10', title: 'no capabilities beyond what containers need' },
        { id: '5.2.11', title: 'no Windows HostProcess containers' },
        { id: '5.2.12', title: 'no hostPath volumes' },
        { id: '5.2.13', title: 'no containers using hostPorts' },
        {
          id: '5.3.1',
          title: 'a CNI plugin that enforces NetworkPolicies',
          outOfReach: "depends on the cluster's CNI plugin, which manifests do not show",
        },
        { id: '5.3.2', title: 'NetworkPolicies in every namespace' },
        { id: '5.4.1', title: 'Secrets as files, not environment variables' },
        {
          id: '5.4.2',
          title: 'external secret storage',
          outOfReach: 'a choice of secret store made outside Kubernetes objects',
        },
        { id: '5.5.1', title: 'image provenance' },
        {
          id: '5.7.1',
          title: 'namespaces as administrative boundaries',
          outOfReach: 'a judgement about how teams and applications are split, which no object records',
        },
        { id: '5.7.2', title: 'a seccomp profile in pod definitions' },
        { id: '5.7.3', title: 'a security context on pods and containers' },
        { id: '5.7.4', title: 'no use of the default namespace' },
      ],
    },
  ],
};
