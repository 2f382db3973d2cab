import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.10: The kubelet rotates its client certificate. */
export const kubeletRotateCertificates = settingRule(
  {
    id: 'kubelet-rotate-certificates',
    title: 'The kubelet rotates its client certificate',
    description: 'Reports a kubelet whose `rotateCertificates` is false (the default).',
    rationale:
      'A client certificate that is not rotated expires and takes the node out of the cluster, or stays valid long after it should not.',
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `rotateCertificates: true`.",
    severity: 'medium',
    frameworks: { cis: ['4.2.10'] },
  },
  'Kubelet',
  [{ key: 'rotateCertificates', equals: 'true' }],
);
