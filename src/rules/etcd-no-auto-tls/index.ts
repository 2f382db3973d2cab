import { settingRule } from '../node-config-rule.js';

/** CIS 2.3: etcd does not use self-signed client certificates. */
export const etcdNoAutoTls = settingRule(
  {
    id: 'etcd-no-auto-tls',
    title: 'etcd does not use self-signed client certificates',
    description: 'Reports an etcd whose `--auto-tls` is true.',
    rationale: 'Auto-generated certificates cannot be verified by clients, so TLS no longer proves whom they talk to.',
    remediation:
      "Edit etcd's static pod manifest (kubeadm: /etc/kubernetes/manifests/etcd.yaml) or its unit file. Remove `--auto-tls` or set it to false.",
    severity: 'high',
    frameworks: { cis: ['2.3'] },
  },
  'Etcd',
  [{ key: 'auto-tls', notEquals: ['true'] }],
);
