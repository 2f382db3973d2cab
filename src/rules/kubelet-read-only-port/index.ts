import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.4: The kubelet does not serve its read-only port. */
export const kubeletReadOnlyPort = settingRule(
  {
    id: 'kubelet-read-only-port',
    title: 'The kubelet does not serve its read-only port',
    description: 'Reports a kubelet whose `readOnlyPort` is not 0 (10255 without a config file).',
    rationale: 'The read-only port serves pod specs and metrics without any authentication.',
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `readOnlyPort: 0`.",
    severity: 'high',
    frameworks: { cis: ['4.2.4'] },
  },
  'Kubelet',
  [{ key: 'readOnlyPort', equals: '0' }],
);
