import { settingRule } from '../node-config-rule.js';

/** CIS 2.2: etcd requires client certificates. */
export const etcdClientCertAuth = settingRule(
  {
    id: 'etcd-client-cert-auth',
    title: 'etcd requires client certificates',
    description: 'Reports an etcd whose `--client-cert-auth` is not true (false by default).',
    rationale:
      "Without it anyone who reaches etcd's client port reads and writes the whole cluster state, Secrets included.",
    remediation:
      "Edit etcd's static pod manifest (kubeadm: /etc/kubernetes/manifests/etcd.yaml) or its unit file. Set `--client-cert-auth=true` and `--trusted-ca-file`.",
    severity: 'critical',
    frameworks: { cis: ['2.2'] },
  },
  'Etcd',
  [{ key: 'client-cert-auth', equals: 'true' }],
);
