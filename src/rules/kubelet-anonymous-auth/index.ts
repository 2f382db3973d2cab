import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.1: The kubelet refuses anonymous requests. */
export const kubeletAnonymousAuth = settingRule(
  {
    id: 'kubelet-anonymous-auth',
    title: 'The kubelet refuses anonymous requests',
    description:
      "Reports a kubelet whose effective `authentication.anonymous.enabled` is true: set by `--anonymous-auth`, the config file, a drop-in, or the flags' default when no config file is used.",
    rationale:
      'Anonymous access to the kubelet API runs commands in every pod of the node when authorization also allows it.',
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `authentication: {anonymous: {enabled: false}}`.",
    severity: 'critical',
    frameworks: { cis: ['4.2.1'] },
  },
  'Kubelet',
  [{ key: 'authentication.anonymous.enabled', equals: 'false' }],
);
