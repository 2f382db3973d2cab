import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.22: The API server verifies service account tokens with a key file. */
export const apiserverServiceAccountKeyFile = settingRule(
  {
    id: 'apiserver-service-account-key-file',
    title: 'The API server verifies service account tokens with a key file',
    description: 'Reports an API server without `--service-account-key-file`.',
    rationale: 'The key file lets tokens be verified with a key that can be rotated separately from the serving key.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--service-account-key-file` to the public key(s) matching the controller manager's `--service-account-private-key-file`.",
    severity: 'medium',
    frameworks: { cis: ['1.2.22'] },
  },
  'KubeAPIServer',
  [{ key: 'service-account-key-file', required: true }],
);
