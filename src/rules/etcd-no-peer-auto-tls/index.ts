import { settingRule } from '../node-config-rule.js';

/** CIS 2.6: etcd does not use self-signed peer certificates. */
export const etcdNoPeerAutoTls = settingRule(
  {
    id: 'etcd-no-peer-auto-tls',
    title: 'etcd does not use self-signed peer certificates',
    description: 'Reports an etcd whose `--peer-auto-tls` is true.',
    rationale: 'Self-signed peer certificates cannot be verified.',
    remediation:
      "Edit etcd's static pod manifest (kubeadm: /etc/kubernetes/manifests/etcd.yaml) or its unit file. Remove `--peer-auto-tls` or set it to false.",
    severity: 'high',
    frameworks: { cis: ['2.6'] },
  },
  'Etcd',
  [{ key: 'peer-auto-tls', notEquals: ['true'] }],
);
