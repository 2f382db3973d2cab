import { settingRule } from '../node-config-rule.js';

/** CIS 2.5: etcd members authenticate each other. */
export const etcdPeerClientCertAuth = settingRule(
  {
    id: 'etcd-peer-client-cert-auth',
    title: 'etcd members authenticate each other',
    description: 'Reports an etcd whose `--peer-client-cert-auth` is not true.',
    rationale: 'Without it any host that reaches the peer port can join or talk to the cluster as a member.',
    remediation:
      "Edit etcd's static pod manifest (kubeadm: /etc/kubernetes/manifests/etcd.yaml) or its unit file. Set `--peer-client-cert-auth=true` and `--peer-trusted-ca-file`.",
    severity: 'high',
    frameworks: { cis: ['2.5'] },
  },
  'Etcd',
  [{ key: 'peer-client-cert-auth', equals: 'true' }],
);
