import { settingRule } from '../node-config-rule.js';

/** CIS 4.3.1: kube-proxy serves metrics on loopback only. */
export const kubeProxyMetricsBindAddress = settingRule(
  {
    id: 'kube-proxy-metrics-bind-address',
    title: 'kube-proxy serves metrics on loopback only',
    description: 'Reports a kube-proxy whose `metricsBindAddress` is not a loopback address.',
    rationale: 'The metrics endpoint is unauthenticated and reveals the services and endpoints of the cluster.',
    remediation:
      'Set `metricsBindAddress: 127.0.0.1:10249` in the kube-proxy configuration (kubeadm: the kube-proxy ConfigMap), or remove `--metrics-bind-address`.',
    severity: 'low',
    frameworks: { cis: ['4.3.1'] },
  },
  'KubeProxy',
  [{ key: 'metricsBindAddress', loopback: true }],
);
