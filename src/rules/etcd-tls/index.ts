import { settingRule } from '../node-config-rule.js';

/** CIS 2.1: etcd serves clients over TLS. */
export const etcdTls = settingRule(
  {
    id: 'etcd-tls',
    title: 'etcd serves clients over TLS',
    description: 'Reports an etcd without `--cert-file` and `--key-file` (flags or ETCD_* variables).',
    rationale: 'Without TLS every Secret travels between the API server and etcd in clear text.',
    remediation:
      "Edit etcd's static pod manifest (kubeadm: /etc/kubernetes/manifests/etcd.yaml) or its unit file. Set `--cert-file` and `--key-file`, and serve `--listen-client-urls` over https.",
    severity: 'critical',
    frameworks: { cis: ['2.1'] },
  },
  'Etcd',
  [
    { key: 'cert-file', required: true },
    { key: 'key-file', required: true },
  ],
);
