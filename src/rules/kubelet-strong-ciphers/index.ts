import { KUBELET_STRONG_CIPHERS, settingRule } from '../node-config-rule.js';

/** CIS 4.2.12: The kubelet offers only strong TLS cipher suites. */
export const kubeletStrongCiphers = settingRule(
  {
    id: 'kubelet-strong-ciphers',
    title: 'The kubelet offers only strong TLS cipher suites',
    description:
      "Reports a kubelet whose `tlsCipherSuites` lists a suite outside the CIS strong set. Unset passes (Go's defaults are within it).",
    rationale: 'Weak suites allow downgrade and decryption of captured traffic.',
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `tlsCipherSuites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]` or a subset of the strong set.",
    severity: 'medium',
    frameworks: { cis: ['4.2.12'] },
  },
  'Kubelet',
  [{ key: 'tlsCipherSuites', within: KUBELET_STRONG_CIPHERS }],
);
