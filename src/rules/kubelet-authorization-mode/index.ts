import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.2: The kubelet asks the API server who may call it. */
export const kubeletAuthorizationMode = settingRule(
  {
    id: 'kubelet-authorization-mode',
    title: 'The kubelet asks the API server who may call it',
    description: 'Reports a kubelet whose `authorization.mode` is AlwaysAllow (the default without a config file).',
    rationale: 'With AlwaysAllow anyone who authenticates to the kubelet can exec into its pods.',
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `authorization: {mode: Webhook}`.",
    severity: 'critical',
    frameworks: { cis: ['4.2.2'] },
  },
  'Kubelet',
  [{ key: 'authorization.mode', excludes: 'AlwaysAllow' }],
);
