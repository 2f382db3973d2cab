import { settingRule } from '../node-config-rule.js';

/** CIS 2.4: etcd members talk to each other over TLS. */
export const etcdPeerTls = settingRule(
  {
    id: 'etcd-peer-tls',
    title: 'etcd members talk to each other over TLS',
    description: 'Reports an etcd without `--peer-cert-file` and `--peer-key-file`.',
    rationale: 'Replication traffic carries every write, Secrets included.',
    remediation:
      "Edit etcd's static pod manifest (kubeadm: /etc/kubernetes/manifests/etcd.yaml) or its unit file. Set `--peer-cert-file` and `--peer-key-file`.",
    severity: 'high',
    frameworks: { cis: ['2.4'] },
  },
  'Etcd',
  [
    { key: 'peer-cert-file', required: true },
    { key: 'peer-key-file', required: true },
  ],
);
