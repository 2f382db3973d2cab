import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.6: The kubelet manages its iptables chains. */
export const kubeletIptablesUtilChains = settingRule(
  {
    id: 'kubelet-iptables-util-chains',
    title: 'The kubelet manages its iptables chains',
    description: 'Reports a kubelet whose `makeIPTablesUtilChains` is false.',
    rationale: "Without the kubelet's chains, rules that drop martian and invalid traffic are missing.",
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `makeIPTablesUtilChains: true`.",
    severity: 'low',
    frameworks: { cis: ['4.2.6'] },
  },
  'Kubelet',
  [{ key: 'makeIPTablesUtilChains', equals: 'true' }],
);
