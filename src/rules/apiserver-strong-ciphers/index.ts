import { STRONG_CIPHERS, settingRule } from '../node-config-rule.js';

/** CIS 1.2.29: The API server offers only strong TLS cipher suites. */
export const apiserverStrongCiphers = settingRule(
  {
    id: 'apiserver-strong-ciphers',
    title: 'The API server offers only strong TLS cipher suites',
    description:
      "Reports an API server whose `--tls-cipher-suites` lists a suite outside the CIS strong set. Unset passes: Go's default suites (1.22 and later) are within the set.",
    rationale: 'Weak suites (RSA key exchange, 3DES, RC4) allow downgrade and decryption of captured traffic.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--tls-cipher-suites` to strong suites only, for example TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384.",
    severity: 'medium',
    frameworks: { cis: ['1.2.29'] },
  },
  'KubeAPIServer',
  [{ key: 'tls-cipher-suites', within: STRONG_CIPHERS }],
);
