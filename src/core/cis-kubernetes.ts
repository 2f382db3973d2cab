/**
 * The controls of the CIS Kubernetes Benchmark v1.10.0, so that a CIS score can say what it
 * covers: every control is either scored (a rule of the scan maps to it) or listed as not
 * judged, with the reason. Titles are Rampart's own short summaries, not the benchmark's text.
 *
 * Sections 1–4 are the files, flags and certificates of control-plane and worker nodes: `rampart
 * node` judges them on a node's effective configuration (a manifest scan has nothing for them to
 * judge); only the benchmark's manual checks are out of reach. Section 5 is about API objects, and
 * most of its controls can be judged from manifests; the few that cannot say why.
 */

export interface BenchmarkControl {
  id: string;
  title: string;
  /** Why no rule judges this control (a manual check, or not in any input); absent when one does. */
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

export const CIS_KUBERNETES: Benchmark = {
  title: 'CIS Kubernetes Benchmark',
  version: 'v1.10.0',
  sections: [
    {
      id: '1',
      title: 'Control plane components',
      controls: [
        { id: '1.1.1', title: 'the API server static pod manifest is readable by root only' },
        { id: '1.1.2', title: 'the API server static pod manifest is owned by root' },
        { id: '1.1.3', title: 'the controller manager static pod manifest is readable by root only' },
        { id: '1.1.4', title: 'the controller manager static pod manifest is owned by root' },
        { id: '1.1.5', title: 'the scheduler static pod manifest is readable by root only' },
        { id: '1.1.6', title: 'the scheduler static pod manifest is owned by root' },
        { id: '1.1.7', title: 'the etcd static pod manifest is readable by root only' },
        { id: '1.1.8', title: 'the etcd static pod manifest is owned by root' },
        { id: '1.1.9', title: 'CNI configuration files are readable by root only' },
        { id: '1.1.10', title: 'CNI configuration files are owned by root' },
        { id: '1.1.11', title: 'the etcd data directory is accessible to its owner only' },
        { id: '1.1.12', title: 'the etcd data directory is owned by etcd' },
        { id: '1.1.13', title: 'administrator kubeconfigs are readable by root only' },
        { id: '1.1.14', title: 'administrator kubeconfigs are owned by root' },
        { id: '1.1.15', title: 'the scheduler kubeconfig is readable by root only' },
        { id: '1.1.16', title: 'the scheduler kubeconfig is owned by root' },
        { id: '1.1.17', title: 'the controller manager kubeconfig is readable by root only' },
        { id: '1.1.18', title: 'the controller manager kubeconfig is owned by root' },
        { id: '1.1.19', title: 'the Kubernetes PKI directory and files are owned by root' },
        { id: '1.1.20', title: 'pKI certificate files are readable by root only' },
        { id: '1.1.21', title: 'pKI private key files are readable by root only' },
        { id: '1.2.1', title: 'the API server refuses anonymous requests' },
        { id: '1.2.2', title: 'the API server reads no static token file' },
        { id: '1.2.3', title: 'the API server denies Service externalIPs' },
        { id: '1.2.4', title: 'the API server authenticates to kubelets with a client certificate' },
        { id: '1.2.5', title: "the API server verifies kubelets' serving certificates" },
        { id: '1.2.6', title: 'the API server does not authorize every request' },
        { id: '1.2.7', title: 'the API server authorizes kubelets with the Node authorizer' },
        { id: '1.2.8', title: 'the API server authorizes with RBAC' },
        { id: '1.2.9', title: 'the API server limits the rate of events' },
        { id: '1.2.10', title: 'the API server does not enable AlwaysAdmit' },
        { id: '1.2.11', title: 'the API server forces image pulls' },
        { id: '1.2.12', title: 'the API server keeps the ServiceAccount admission plugin' },
        { id: '1.2.13', title: 'the API server keeps the NamespaceLifecycle admission plugin' },
        { id: '1.2.14', title: 'the API server restricts what kubelets may change' },
        { id: '1.2.15', title: 'the API server does not expose profiling' },
        { id: '1.2.16', title: 'the API server writes an audit log' },
        { id: '1.2.17', title: 'the API server keeps audit logs for 30 days' },
        { id: '1.2.18', title: 'the API server keeps 10 rotated audit logs' },
        { id: '1.2.19', title: 'the API server rotates audit logs at 100 MB' },
        {
          id: '1.2.20',
          title: 'the request timeout suits the cluster',
          outOfReach: 'a manual check in the benchmark: the right timeout depends on the workloads',
        },
        { id: '1.2.21', title: 'the API server checks that service account tokens still exist' },
        { id: '1.2.22', title: 'the API server verifies service account tokens with a key file' },
        { id: '1.2.23', title: 'the API server authenticates to etcd with a client certificate' },
        { id: '1.2.24', title: 'the API server serves a configured TLS certificate' },
        { id: '1.2.25', title: 'the API server verifies client certificates' },
        { id: '1.2.26', title: "the API server verifies etcd's certificate" },
        { id: '1.2.27', title: 'the API server encrypts resources at rest' },
        { id: '1.2.28', title: 'encryption providers are appropriately configured' },
        { id: '1.2.29', title: 'the API server offers only strong TLS cipher suites' },
        { id: '1.3.1', title: 'the controller manager garbage-collects terminated pods early' },
        { id: '1.3.2', title: 'the controller manager does not expose profiling' },
        { id: '1.3.3', title: 'controllers run with their own service accounts' },
        { id: '1.3.4', title: 'the controller manager signs service account tokens with a key file' },
        { id: '1.3.5', title: 'pods receive the cluster CA to verify the API server' },
        { id: '1.3.6', title: 'the controller manager does not turn off kubelet serving certificate rotation' },
        { id: '1.3.7', title: 'the controller manager listens on loopback only' },
        { id: '1.4.1', title: 'the scheduler does not expose profiling' },
        { id: '1.4.2', title: 'the scheduler listens on loopback only' },
      ],
    },
    {
      id: '2',
      title: 'etcd',
      controls: [
        { id: '2.1', title: 'etcd serves clients over TLS' },
        { id: '2.2', title: 'etcd requires client certificates' },
        { id: '2.3', title: 'etcd does not use self-signed client certificates' },
        { id: '2.4', title: 'etcd members talk to each other over TLS' },
        { id: '2.5', title: 'etcd members authenticate each other' },
        { id: '2.6', title: 'etcd does not use self-signed peer certificates' },
        { id: '2.7', title: 'etcd trusts a CA of its own for clients' },
      ],
    },
    {
      id: '3',
      title: 'Control plane configuration',
      controls: [
        {
          id: '3.1.1',
          title: 'no client certificate authentication for users',
          outOfReach:
            'a manual check in the benchmark: which credentials people use is an organisational choice no file shows',
        },
        {
          id: '3.1.2',
          title: 'no service account token authentication for users',
          outOfReach:
            'a manual check in the benchmark: which credentials people use is an organisational choice no file shows',
        },
        {
          id: '3.1.3',
          title: 'no bootstrap token authentication for users',
          outOfReach:
            'a manual check in the benchmark: which credentials people use is an organisational choice no file shows',
        },
        { id: '3.2.1', title: 'the API server has an audit policy' },
        {
          id: '3.2.2',
          title: 'the audit policy covers key security concerns',
          outOfReach:
            "a manual check in the benchmark: judging an audit policy's coverage is a review (rampart audit reads the policy)",
        },
      ],
    },
    {
      id: '4',
      title: 'Worker nodes',
      controls: [
        { id: '4.1.1', title: 'the kubelet service file is writable by root only' },
        { id: '4.1.2', title: 'the kubelet service file is owned by root' },
        { id: '4.1.3', title: 'the kube-proxy kubeconfig is readable by root only' },
        { id: '4.1.4', title: 'the kube-proxy kubeconfig is owned by root' },
        { id: '4.1.5', title: 'the kubelet kubeconfig is readable by root only' },
        { id: '4.1.6', title: 'the kubelet kubeconfig is owned by root' },
        { id: '4.1.7', title: 'the kubelet client CA file is writable by root only' },
        { id: '4.1.8', title: 'the kubelet client CA file is owned by root' },
        { id: '4.1.9', title: 'the kubelet config file is writable by root only' },
        { id: '4.1.10', title: 'the kubelet config file is owned by root' },
        { id: '4.2.1', title: 'the kubelet refuses anonymous requests' },
        { id: '4.2.2', title: 'the kubelet asks the API server who may call it' },
        { id: '4.2.3', title: 'the kubelet verifies client certificates' },
        { id: '4.2.4', title: 'the kubelet does not serve its read-only port' },
        { id: '4.2.5', title: 'the kubelet closes idle streaming connections' },
        { id: '4.2.6', title: 'the kubelet manages its iptables chains' },
        { id: '4.2.7', title: 'the kubelet does not override its hostname' },
        { id: '4.2.8', title: 'the kubelet records events' },
        { id: '4.2.9', title: 'the kubelet serves a configured TLS certificate' },
        { id: '4.2.10', title: 'the kubelet rotates its client certificate' },
        { id: '4.2.11', title: 'the kubelet does not turn off serving certificate rotation' },
        { id: '4.2.12', title: 'the kubelet offers only strong TLS cipher suites' },
        { id: '4.2.13', title: 'the kubelet limits the processes of each pod' },
        { id: '4.3.1', title: 'kube-proxy serves metrics on loopback only' },
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
