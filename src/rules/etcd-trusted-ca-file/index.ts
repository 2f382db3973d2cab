import { settingRule } from '../node-config-rule.js';

/** CIS 2.7: etcd trusts a CA of its own for clients. */
export const etcdTrustedCaFile = settingRule(
  {
    id: 'etcd-trusted-ca-file',
    title: 'etcd trusts a CA of its own for clients',
    description:
      'Reports an etcd without `--trusted-ca-file`. `rampart certs` checks that the CA differs from the cluster CA.',
    rationale:
      'With the cluster CA, every client certificate of the cluster (kubelets, users) would be accepted by etcd.',
    remediation:
      "Edit etcd's static pod manifest (kubeadm: /etc/kubernetes/manifests/etcd.yaml) or its unit file. Create a CA dedicated to etcd and set `--trusted-ca-file` to it.",
    severity: 'medium',
    frameworks: { cis: ['2.7'] },
  },
  'Etcd',
  [{ key: 'trusted-ca-file', required: true }],
);
