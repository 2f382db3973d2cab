import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.8: The kubelet records events. */
export const kubeletEventQps = settingRule(
  {
    id: 'kubelet-event-qps',
    title: 'The kubelet records events',
    description: 'Reports a kubelet whose `eventRecordQPS` is negative.',
    rationale: 'Events are evidence; a kubelet that drops them hides what happened on the node.',
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `eventRecordQPS: 50` (0 means no limit).",
    severity: 'low',
    frameworks: { cis: ['4.2.8'] },
  },
  'Kubelet',
  [{ key: 'eventRecordQPS', atLeast: 0 }],
);
