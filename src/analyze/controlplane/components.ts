/**
 * The components Rampart judges on a node, the kind their effective configuration takes in a scan,
 * and the defaults of the settings its rules read. Defaults are those of Kubernetes 1.37 (and etcd
 * 3.6/3.7); none of the judged defaults has changed since 1.25, so older nodes read the same.
 */

export const NODE_API_VERSION = 'node.rampart.dev/v1alpha1';

export const COMPONENTS = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'etcd',
  'kubelet',
  'kube-proxy',
] as const;
export type Component = (typeof COMPONENTS)[number];

export const KIND_OF: Record<Component, string> = {
  'kube-apiserver': 'KubeAPIServer',
  'kube-controller-manager': 'KubeControllerManager',
  'kube-scheduler': 'KubeScheduler',
  etcd: 'Etcd',
  kubelet: 'Kubelet',
  'kube-proxy': 'KubeProxy',
};

/** The component an executable is, from its base name (`/usr/local/bin/kube-apiserver`, `etcd`). */
export function componentOf(executable: string): Component | undefined {
  const base = executable.slice(executable.lastIndexOf('/') + 1);
  return (COMPONENTS as readonly string[]).includes(base) ? (base as Component) : undefined;
}

/** Flag defaults of the control-plane components, for the settings rules read. */
export const FLAG_DEFAULTS: Record<Exclude<Component, 'kubelet' | 'kube-proxy'>, Record<string, string>> = {
  'kube-apiserver': {
    'anonymous-auth': 'true',
    // Without --authorization-mode or --authorization-config the API server allows every request.
    'authorization-mode': 'AlwaysAllow',
    profiling: 'true',
    'service-account-lookup': 'true',
    'audit-log-maxage': '0',
    'audit-log-maxbackup': '0',
    'audit-log-maxsize': '0',
  },
  'kube-controller-manager': {
    profiling: 'true',
    'use-service-account-credentials': 'false',
    'bind-address': '0.0.0.0',
    'terminated-pod-gc-threshold': '12500',
  },
  'kube-scheduler': { profiling: 'true', 'bind-address': '0.0.0.0' },
  etcd: {
    'client-cert-auth': 'false',
    'auto-tls': 'false',
    'peer-client-cert-auth': 'false',
    'peer-auto-tls': 'false',
  },
};

/**
 * Kubelet defaults differ with and without a config file: the v1beta1 KubeletConfiguration defaults
 * are the secure ones (anonymous off, Webhook authorization, no read-only port), the flags' are not.
 */
export const KUBELET_DEFAULTS: Record<'config' | 'flags', Record<string, string>> = {
  config: {
    'authentication.anonymous.enabled': 'false',
    'authentication.webhook.enabled': 'true',
    'authorization.mode': 'Webhook',
    readOnlyPort: '0',
    streamingConnectionIdleTimeout: '4h0m0s',
    makeIPTablesUtilChains: 'true',
    eventRecordQPS: '50',
    rotateCertificates: 'false',
    podPidsLimit: '-1',
  },
  flags: {
    'authentication.anonymous.enabled': 'true',
    'authentication.webhook.enabled': 'false',
    'authorization.mode': 'AlwaysAllow',
    readOnlyPort: '10255',
    streamingConnectionIdleTimeout: '4h0m0s',
    makeIPTablesUtilChains: 'true',
    eventRecordQPS: '50',
    rotateCertificates: 'false',
    podPidsLimit: '-1',
  },
};

/** Kubelet flags and the KubeletConfiguration field each one sets (flags win over the file). */
export const KUBELET_FLAG_FIELDS: Record<string, string> = {
  'anonymous-auth': 'authentication.anonymous.enabled',
  'authentication-token-webhook': 'authentication.webhook.enabled',
  'authorization-mode': 'authorization.mode',
  'client-ca-file': 'authentication.x509.clientCAFile',
  'read-only-port': 'readOnlyPort',
  'streaming-connection-idle-timeout': 'streamingConnectionIdleTimeout',
  'make-iptables-util-chains': 'makeIPTablesUtilChains',
  'event-qps': 'eventRecordQPS',
  'tls-cert-file': 'tlsCertFile',
  'tls-private-key-file': 'tlsPrivateKeyFile',
  'tls-cipher-suites': 'tlsCipherSuites',
  'rotate-certificates': 'rotateCertificates',
  'rotate-server-certificates': 'serverTLSBootstrap',
  'pod-max-pids': 'podPidsLimit',
  'protect-kernel-defaults': 'protectKernelDefaults',
};

export const KUBE_PROXY_DEFAULTS: Record<string, string> = { metricsBindAddress: '127.0.0.1:10249' };
export const KUBE_PROXY_FLAG_FIELDS: Record<string, string> = {
  'metrics-bind-address': 'metricsBindAddress',
  kubeconfig: 'clientConnection.kubeconfig',
};

/** etcd reads every flag from an `ETCD_<NAME>` environment variable too; a flag wins over it. */
export function etcdEnvFlag(variable: string): string | undefined {
  if (!variable.startsWith('ETCD_')) return undefined;
  return variable.slice(5).toLowerCase().replaceAll('_', '-');
}
