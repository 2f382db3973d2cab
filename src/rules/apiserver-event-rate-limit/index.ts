import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.9: The API server limits the rate of events. */
export const apiserverEventRateLimit = settingRule(
  {
    id: 'apiserver-event-rate-limit',
    title: 'The API server limits the rate of events',
    description: 'Reports an API server whose enabled admission plugins lack EventRateLimit.',
    rationale:
      'A compromised or broken client can flood the API server and etcd with events and starve everything else.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Add EventRateLimit to `--enable-admission-plugins` and give its limits in `--admission-control-config-file`.",
    severity: 'low',
    frameworks: { cis: ['1.2.9'] },
  },
  'KubeAPIServer',
  [{ key: 'enable-admission-plugins', includes: 'EventRateLimit' }],
);
