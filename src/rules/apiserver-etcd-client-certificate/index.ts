import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.23: The API server authenticates to etcd with a client certificate. */
export const apiserverEtcdClientCertificate = settingRule(
  {
    id: 'apiserver-etcd-client-certificate',
    title: 'The API server authenticates to etcd with a client certificate',
    description: 'Reports an API server without `--etcd-certfile` and `--etcd-keyfile`.',
    rationale:
      'etcd holds every Secret; an API server that reaches it without a certificate means etcd accepts unauthenticated clients.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--etcd-certfile` and `--etcd-keyfile` to a client certificate etcd's `--trusted-ca-file` trusts.",
    severity: 'high',
    frameworks: { cis: ['1.2.23'] },
  },
  'KubeAPIServer',
  [
    { key: 'etcd-certfile', required: true },
    { key: 'etcd-keyfile', required: true },
  ],
);
