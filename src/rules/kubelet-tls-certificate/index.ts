import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.9: The kubelet serves a configured TLS certificate. */
export const kubeletTlsCertificate = settingRule(
  {
    id: 'kubelet-tls-certificate',
    title: 'The kubelet serves a configured TLS certificate',
    description: 'Reports a kubelet with neither `tlsCertFile`/`tlsPrivateKeyFile` nor `serverTLSBootstrap: true`.',
    rationale: 'Without them the kubelet serves a self-signed certificate nobody can verify.',
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `serverTLSBootstrap: true` (certificates signed by the cluster), or `tlsCertFile` and `tlsPrivateKeyFile`.",
    severity: 'medium',
    frameworks: { cis: ['4.2.9'] },
  },
  'Kubelet',
  [
    { key: 'tlsCertFile', required: true, unless: 'serverTLSBootstrap' },
    { key: 'tlsPrivateKeyFile', required: true, unless: 'serverTLSBootstrap' },
  ],
);
