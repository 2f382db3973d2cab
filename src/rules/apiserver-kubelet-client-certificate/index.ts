import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.4: The API server authenticates to kubelets with a client certificate. */
export const apiserverKubeletClientCertificate = settingRule(
  {
    id: 'apiserver-kubelet-client-certificate',
    title: 'The API server authenticates to kubelets with a client certificate',
    description: 'Reports an API server without `--kubelet-client-certificate` and `--kubelet-client-key`.',
    rationale:
      'Without a client certificate the API server calls kubelets anonymously, so kubelets must accept anonymous requests for exec, logs and port-forward to work.',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Set `--kubelet-client-certificate` and `--kubelet-client-key` to a certificate the kubelets' client CA trusts.",
    severity: 'high',
    frameworks: { cis: ['1.2.4'] },
  },
  'KubeAPIServer',
  [
    { key: 'kubelet-client-certificate', required: true },
    { key: 'kubelet-client-key', required: true },
  ],
);
