import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.26: The API server verifies etcd's certificate. */
export const apiserverEtcdCaFile = settingRule(
  {
    id: 'apiserver-etcd-ca-file',
    title: "The API server verifies etcd's certificate",
    description: 'Reports an API server without `--etcd-cafile`.',
    rationale: "Without it the API server would send every Secret to whatever answers at etcd's address.",
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--etcd-cafile` to the CA that signs etcd's serving certificate.",
    severity: 'high',
    frameworks: { cis: ['1.2.26'] },
  },
  'KubeAPIServer',
  [{ key: 'etcd-cafile', required: true }],
);
