import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.27: The API server encrypts resources at rest. */
export const apiserverEncryptionProviderConfig = settingRule(
  {
    id: 'apiserver-encryption-provider-config',
    title: 'The API server encrypts resources at rest',
    description:
      'Reports an API server without `--encryption-provider-config`: Secrets are then stored in etcd in plaintext.',
    rationale: "Anyone who reads etcd's data directory, a snapshot or a backup reads every Secret of the cluster.",
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Write an EncryptionConfiguration (KMS v2 or aescbc/secretbox for secrets), set `--encryption-provider-config` to it, then rewrite existing Secrets: `kubectl get secrets -A -o json | kubectl replace -f -`.",
    severity: 'high',
    frameworks: { cis: ['1.2.27'] },
  },
  'KubeAPIServer',
  [{ key: 'encryption-provider-config', required: true }],
);
