import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.21: The API server checks that service account tokens still exist. */
export const apiserverServiceAccountLookup = settingRule(
  {
    id: 'apiserver-service-account-lookup',
    title: 'The API server checks that service account tokens still exist',
    description: 'Reports an API server whose `--service-account-lookup` is false (it is true by default).',
    rationale: 'Without the lookup a token of a deleted service account keeps working until it expires.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Remove `--service-account-lookup=false` (or set it to true).",
    severity: 'medium',
    frameworks: { cis: ['1.2.21'] },
  },
  'KubeAPIServer',
  [{ key: 'service-account-lookup', equals: 'true' }],
);
