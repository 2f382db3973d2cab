import { settingRule } from '../node-config-rule.js';

/** CIS 1.2.3: The API server denies Service externalIPs. */
export const apiserverDenyServiceExternalIps = settingRule(
  {
    id: 'apiserver-deny-service-external-ips',
    title: 'The API server denies Service externalIPs',
    description: 'Reports an API server whose enabled admission plugins lack DenyServiceExternalIPs.',
    rationale: 'Whoever can create a Service can set externalIPs and intercept traffic to any address (CVE-2020-8554).',
    remediation:
      "Edit the API server's static pod manifest (kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml); the kubelet restarts the API server when the file changes. Add DenyServiceExternalIPs to `--enable-admission-plugins`.",
    severity: 'medium',
    frameworks: { cis: ['1.2.3'] },
  },
  'KubeAPIServer',
  [{ key: 'enable-admission-plugins', includes: 'DenyServiceExternalIPs' }],
);
