import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.11: The kubelet does not turn off serving certificate rotation. */
export const kubeletRotateServerCertificate = settingRule(
  {
    id: 'kubelet-rotate-server-certificate',
    title: 'The kubelet does not turn off serving certificate rotation',
    description: 'Reports a kubelet whose feature gate RotateKubeletServerCertificate is false.',
    rationale: 'Serving certificates that are not rotated expire or outlive a compromise.',
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. Remove `RotateKubeletServerCertificate: false` from `featureGates`.",
    severity: 'medium',
    frameworks: { cis: ['4.2.11'] },
  },
  'Kubelet',
  [{ key: 'featureGates.RotateKubeletServerCertificate', notEquals: ['false'] }],
);
