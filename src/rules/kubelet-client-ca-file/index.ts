import { settingRule } from '../node-config-rule.js';

/** CIS 4.2.3: The kubelet verifies client certificates. */
export const kubeletClientCaFile = settingRule(
  {
    id: 'kubelet-client-ca-file',
    title: 'The kubelet verifies client certificates',
    description: 'Reports a kubelet without `authentication.x509.clientCAFile`.',
    rationale: "Without it the kubelet cannot authenticate the API server's client certificate.",
    remediation:
      "Set it in the kubelet's config file (kubeadm: /var/lib/kubelet/config.yaml) or a drop-in, remove any command-line flag that overrides it, then `systemctl restart kubelet`. `authentication: {x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}}`.",
    severity: 'high',
    frameworks: { cis: ['4.2.3'] },
  },
  'Kubelet',
  [{ key: 'authentication.x509.clientCAFile', required: true }],
);
