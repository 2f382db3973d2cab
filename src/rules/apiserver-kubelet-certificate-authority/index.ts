import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.5: The API server verifies kubelets' serving certificates. */
export const apiserverKubeletCertificateAuthority = settingRule(
  {
    id: 'apiserver-kubelet-certificate-authority',
    title: "The API server verifies kubelets' serving certificates",
    description: 'Reports an API server without `--kubelet-certificate-authority`.',
    rationale:
      "Without it the API server does not verify the kubelet it connects to, so a machine that takes over a node's address receives exec sessions and logs.",
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--kubelet-certificate-authority` to the CA that signs kubelet serving certificates (with serverTLSBootstrap, the cluster CA).",
    severity: 'medium',
    frameworks: { cis: ['1.2.5'] },
  },
  'KubeAPIServer',
  [{ key: 'kubelet-certificate-authority', required: true }],
);
