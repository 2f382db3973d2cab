import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.15: The API server does not expose profiling. */
export const apiserverProfiling = settingRule(
  {
    id: 'apiserver-profiling',
    title: 'The API server does not expose profiling',
    description: 'Reports an API server whose `--profiling` is true, as it is by default.',
    rationale:
      'Profiling endpoints reveal internals and cost CPU; whoever reaches them learns about the system and can slow it.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--profiling=false`.",
    severity: 'low',
    frameworks: { cis: ['1.2.15'] },
  },
  'KubeAPIServer',
  [{ key: 'profiling', equals: 'false' }],
);
