import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.5: The kubelet closes idle streaming connections. */
export const kubeletStreamingIdleTimeout = settingRule(
  {
    id: 'kubelet-streaming-idle-timeout',
    title: 'The kubelet closes idle streaming connections',
    description: 'Reports a kubelet whose `streamingConnectionIdleTimeout` is 0 (no timeout).',
    rationale: 'Idle exec and port-forward sessions that never close exhaust the node and keep access open.',
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `streamingConnectionIdleTimeout: 5m` (anything but 0).",
    severity: 'low',
    frameworks: { cis: ['4.2.5'] },
  },
  'Kubelet',
  [{ key: 'streamingConnectionIdleTimeout', notEquals: ['0', '0s', '0m', '0h'] }],
);
